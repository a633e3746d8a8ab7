/**
 * storage.k8s.io/v1 StorageClass: defaults (pkg/apis/storage/v1/defaults.go), validation
 * (pkg/apis/storage/validation), `kubectl get storageclass` (printStorageClass).
 */
import type { StorageClass } from "kubernetes-types/storage/v1.js";
import { immutable } from "../common/checks.js";
import { isQualifiedName } from "../common/names.js";
import { AGE_COLUMN, ageOf, NAME_COLUMN } from "../common/table.js";
import { deepEqual, view } from "../common/values.js";
import {
  duplicate,
  type FieldError,
  forbidden,
  invalid,
  notSupported,
  path,
  required,
  tooLong,
} from "../field.js";
import type { KubeObject, ResourceDef, Strategy } from "../types.js";

const MAX_PARAMETERS = 512;
const MAX_PARAMETERS_SIZE = 256 * 1024;
export const DEFAULT_CLASS_ANNOTATION = "storageclass.kubernetes.io/is-default-class";
const BETA_DEFAULT_CLASS_ANNOTATION = "storageclass.beta.kubernetes.io/is-default-class";

export function defaultStorageClass(obj: KubeObject): void {
  const sc = view<StorageClass>(obj);
  sc.reclaimPolicy ??= "Delete";
  sc.volumeBindingMode ??= "Immediate";
}

function validateAllowedTopologies(sc: StorageClass): FieldError[] {
  const errs: FieldError[] = [];
  const seenTerms: string[] = [];
  (sc.allowedTopologies ?? []).forEach((term, i) => {
    const tp = path("allowedTopologies").index(i).child("matchLabelExpressions");
    const terms: Record<string, string[]> = {};
    (term.matchLabelExpressions ?? []).forEach((req, j) => {
      const rp = tp.index(j);
      const values = req.values ?? [];
      if (values.length === 0) errs.push(required(rp.child("values")));
      const seen = new Set<string>();
      values.forEach((v, k) => {
        if (seen.has(v)) errs.push(duplicate(rp.child("values").index(k), v));
        seen.add(v);
      });
      for (const msg of isQualifiedName(req.key)) errs.push(invalid(rp.child("key"), req.key, msg));
      if (req.key in terms) errs.push(duplicate(rp.child("key"), req.key));
      terms[req.key] = [...seen].sort();
    });
    const key = JSON.stringify(Object.entries(terms).sort());
    if (seenTerms.includes(key)) errs.push(duplicate(tp, ""));
    seenTerms.push(key);
  });
  return errs;
}

export function validateStorageClass(obj: KubeObject): FieldError[] {
  const sc = view<StorageClass>(obj);
  const errs: FieldError[] = [];
  const prov = sc.provisioner ?? "";
  if (prov === "") errs.push(required(path("provisioner")));
  else
    for (const msg of isQualifiedName(prov.toLowerCase())) errs.push(invalid(path("provisioner"), prov, msg));
  const params = Object.entries(sc.parameters ?? {});
  if (params.length > MAX_PARAMETERS) {
    errs.push(tooLong(path("parameters"), MAX_PARAMETERS));
  } else {
    let size = 0;
    for (const [k, v] of params) {
      if (k.length < 1) errs.push(invalid(path("parameters"), k, "field can not be empty."));
      size += k.length + String(v).length;
    }
    if (size > MAX_PARAMETERS_SIZE) errs.push(tooLong(path("parameters"), MAX_PARAMETERS_SIZE));
  }
  const rp = sc.reclaimPolicy ?? "";
  if (rp !== "" && rp !== "Delete" && rp !== "Retain")
    errs.push(notSupported(path("reclaimPolicy"), rp, ["Delete", "Retain"]));
  const mode = sc.volumeBindingMode;
  if (mode === undefined || mode === null) errs.push(required(path("volumeBindingMode")));
  else if (mode !== "Immediate" && mode !== "WaitForFirstConsumer") {
    errs.push(notSupported(path("volumeBindingMode"), mode, ["Immediate", "WaitForFirstConsumer"]));
  }
  errs.push(...validateAllowedTopologies(sc));
  return errs;
}

export function validateStorageClassUpdate(obj: KubeObject, old: Readonly<KubeObject>): FieldError[] {
  const sc = view<StorageClass>(obj);
  const prev = view<StorageClass>(old);
  const errs: FieldError[] = [];
  if (!deepEqual(sc.parameters ?? {}, prev.parameters ?? {})) {
    errs.push(forbidden(path("parameters"), "updates to parameters are forbidden."));
  }
  if (sc.provisioner !== prev.provisioner)
    errs.push(forbidden(path("provisioner"), "updates to provisioner are forbidden."));
  if (sc.reclaimPolicy !== prev.reclaimPolicy) {
    errs.push(forbidden(path("reclaimPolicy"), "updates to reclaimPolicy are forbidden."));
  }
  errs.push(...immutable(sc.volumeBindingMode, prev.volumeBindingMode, path("volumeBindingMode")));
  return errs;
}

export const storageClassStrategy: Strategy = {
  defaults: defaultStorageClass,
  validate: validateStorageClass,
  validateUpdate: validateStorageClassUpdate,
};

/** Whether a class is the cluster default (either annotation, as upstream's IsDefaultAnnotation). */
export function isDefaultClass(obj: Readonly<KubeObject>): boolean {
  const a = obj.metadata.annotations ?? {};
  return a[DEFAULT_CLASS_ANNOTATION] === "true" || a[BETA_DEFAULT_CLASS_ANNOTATION] === "true";
}

export const storageClassResource: ResourceDef = {
  group: "storage.k8s.io",
  version: "v1",
  kind: "StorageClass",
  listKind: "StorageClassList",
  resource: "storageclasses",
  singular: "storageclass",
  namespaced: false,
  shortNames: ["sc"],
  definition: "io.k8s.api.storage.v1.StorageClass",
  strategy: storageClassStrategy,
  table: {
    columns: [
      NAME_COLUMN,
      {
        name: "Provisioner",
        type: "string",
        description: "provisioner indicates the type of the provisioner.",
      },
      {
        name: "ReclaimPolicy",
        type: "string",
        description:
          "reclaimPolicy controls the reclaimPolicy for dynamically provisioned PersistentVolumes of this storage class. Defaults to Delete.",
      },
      {
        name: "VolumeBindingMode",
        type: "string",
        description:
          "volumeBindingMode indicates how PersistentVolumeClaims should be provisioned and bound.  When unset, VolumeBindingImmediate is used. This field is only honored by servers that enable the VolumeScheduling feature.",
      },
      {
        name: "AllowVolumeExpansion",
        type: "string",
        description: "allowVolumeExpansion shows whether the storage class allow volume expand.",
      },
      AGE_COLUMN,
    ],
    cells(obj, now) {
      const sc = view<StorageClass>(obj);
      return [
        `${obj.metadata.name ?? ""}${isDefaultClass(obj) ? " (default)" : ""}`,
        sc.provisioner ?? "",
        sc.reclaimPolicy ?? "Delete",
        sc.volumeBindingMode ?? "Immediate",
        sc.allowVolumeExpansion ?? false,
        ageOf(obj, now),
      ];
    },
  },
};
