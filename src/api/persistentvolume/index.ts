/**
 * core/v1 PersistentVolume: reclaim policy Retain and volume mode Filesystem by default, a new
 * volume is Pending, capacity/access modes/one volume source required (local volumes need node
 * affinity), the source immutable; status through persistentvolumes/status.
 */
import type { PersistentVolume, PersistentVolumeSpec } from "kubernetes-types/core/v1.js";
import { rfc3339 } from "../../util/time.js";
import { nameIsPathSegment } from "../common/meta.js";
import { isDNS1123Subdomain } from "../common/names.js";
import { canonicalizeResourceList, Quantity } from "../common/quantity.js";
import { validatePositiveQuantityValue } from "../common/resources.js";
import { keepStatus, statusStrategyOf } from "../common/status.js";
import { AGE_COLUMN, ageOf, column, NAME_COLUMN, nameOf } from "../common/table.js";
import {
  deepEqual,
  entries,
  isObject,
  type JsonObject,
  list,
  notSupportedRendered,
  str,
} from "../common/values.js";
import { type FieldError, forbidden, invalid, notSupported, type Path, path, required } from "../field.js";
import { validateNodeSelector, validateVolumeSource } from "../pod/index.js";
import type { KubeObject, ResourceDef, Strategy, TableDef } from "../types.js";
import { pvWarnings } from "./warnings.js";

/** PersistentVolume names need only be one URL path segment. */
export const persistentVolumeNameValidator = nameIsPathSegment;

export const ACCESS_MODES = ["ReadOnlyMany", "ReadWriteMany", "ReadWriteOnce", "ReadWriteOncePod"];
export const VOLUME_MODES = ["Block", "Filesystem"];
const reclaimPolicies = ["Delete", "Recycle", "Retain"];
const BETA_STORAGE_CLASS = "volume.beta.kubernetes.io/storage-class";

/** Sources a PV may use, in upstream's order (the Volume sources that make sense for a PV, plus local). */
const pvSources = [
  "hostPath",
  "gcePersistentDisk",
  "awsElasticBlockStore",
  "glusterfs",
  "nfs",
  "rbd",
  "quobyte",
  "cinder",
  "cephfs",
  "iscsi",
  "fc",
  "flexVolume",
  "azureFile",
  "vsphereVolume",
  "photonPersistentDisk",
  "portworxVolume",
  "azureDisk",
  "scaleIO",
  "local",
  "storageos",
  "csi",
];

/** upstream's GetAccessModesAsString: "RWO,ROX,RWX,RWOP" in that order, without duplicates. */
export function accessModesString(modes: unknown): string {
  const set = new Set(list(modes).map(str));
  const out: string[] = [];
  if (set.has("ReadWriteOnce")) out.push("RWO");
  if (set.has("ReadOnlyMany")) out.push("ROX");
  if (set.has("ReadWriteMany")) out.push("RWX");
  if (set.has("ReadWriteOncePod")) out.push("RWOP");
  return out.join(",");
}

/** The storage class of a PV or PVC: the beta annotation wins over spec.storageClassName. */
export function storageClassOf(obj: Readonly<KubeObject>): string {
  const ann = obj.metadata?.annotations?.[BETA_STORAGE_CLASS];
  if (ann !== undefined) return ann;
  return str(isObject(obj.spec) ? obj.spec.storageClassName : "");
}

/** The storage entry of a capacity list as upstream's printers show it: canonical, "0" when absent. */
export function storageCapacityString(capacity: unknown): string {
  const storage = entries(capacity).find(([k]) => k === "storage")?.[1];
  return Quantity.parse(storage)?.toString() ?? "0";
}

/** A cell of an optional string field: its value, "<unset>" when empty or missing. */
export function orUnset(value: unknown): string {
  return value ? str(value) : "<unset>";
}

/** Access modes must be given, known, and ReadWriteOncePod alone. */
export function validateAccessModes(modes: unknown, p: Path, requiredDetail = ""): FieldError[] {
  const ms = list(modes).map(str);
  const errs: FieldError[] = [];
  if (ms.length === 0) errs.push(required(p, requiredDetail));
  for (const m of ms) if (!ACCESS_MODES.includes(m)) errs.push(notSupported(p, m, ACCESS_MODES));
  if (ms.includes("ReadWriteOncePod") && ms.some((m) => m !== "ReadWriteOncePod")) {
    errs.push(forbidden(p, "may not use ReadWriteOncePod with other access modes"));
  }
  return errs;
}

const specOf = (obj: Readonly<KubeObject>): JsonObject => (isObject(obj.spec) ? obj.spec : {});

export function defaultPersistentVolume(obj: KubeObject): void {
  if (!isObject(obj.spec)) obj.spec = {};
  const spec = obj.spec as JsonObject;
  if (!spec.persistentVolumeReclaimPolicy) spec.persistentVolumeReclaimPolicy = "Retain";
  if (!spec.volumeMode) spec.volumeMode = "Filesystem";
  canonicalizeResourceList(spec.capacity);
  if (!isObject(obj.status)) obj.status = {};
  const status = obj.status as JsonObject;
  if (!status.phase) status.phase = "Pending";
}

function sourceErrors(spec: JsonObject, p: Path): FieldError[] {
  const set = pvSources.filter((s) => spec[s] !== undefined && spec[s] !== null);
  if (set.length === 0) return [required(p, "must specify a volume type")];
  const errs: FieldError[] = [];
  for (const s of set.slice(1)) errs.push(forbidden(p.child(s), "may not specify more than 1 volume type"));
  const first = set[0]!;
  if (first === "local") {
    const local = isObject(spec.local) ? spec.local : {};
    if (str(local.path) === "") errs.push(required(p.child("local").child("path")));
    else if (str(local.path).split("/").includes(".."))
      errs.push(invalid(p.child("local").child("path"), str(local.path), "must not contain '..'"));
    if (!isObject(spec.nodeAffinity))
      errs.push(required(p.child("nodeAffinity"), "Local volume requires node affinity"));
  } else {
    // The shared volume source checks (hostPath path and type, nfs server and path, ...).
    errs.push(...validateVolumeSource({ [first]: spec[first] }, p));
  }
  return errs;
}

/** Field errors of a PersistentVolume. */
export function validatePersistentVolume(pv: Readonly<PersistentVolume>): FieldError[] {
  const spec = (isObject(pv.spec) ? pv.spec : {}) as JsonObject;
  const p = path("spec");
  const errs = validateAccessModes(spec.accessModes, p.child("accessModes"));
  const cap = entries(spec.capacity);
  if (cap.length === 0) errs.push(required(p.child("capacity")));
  if (!cap.some(([k]) => k === "storage") || cap.length > 1) {
    const rendered =
      cap.length === 0
        ? "map[core.ResourceName]resource.Quantity(nil)"
        : `map[core.ResourceName]resource.Quantity{${cap.map(([k, v]) => `${JSON.stringify(k)}:${Quantity.parse(v)?.toString() ?? str(v)}`).join(", ")}}`;
    errs.push(notSupportedRendered(p.child("capacity"), rendered, ["storage"]));
  }
  for (const [k, v] of cap) errs.push(...validatePositiveQuantityValue(v, p.child("capacity").key(k)));
  const sc = str(spec.storageClassName);
  if (sc !== "")
    for (const m of isDNS1123Subdomain(sc)) errs.push(invalid(p.child("storageClassName"), sc, m));
  if (spec.volumeMode !== undefined && !VOLUME_MODES.includes(str(spec.volumeMode))) {
    errs.push(notSupported(p.child("volumeMode"), spec.volumeMode, VOLUME_MODES));
  }
  const reclaim = str(spec.persistentVolumeReclaimPolicy);
  if (reclaim !== "" && !reclaimPolicies.includes(reclaim))
    errs.push(notSupported(p.child("persistentVolumeReclaimPolicy"), reclaim, reclaimPolicies));
  if (isObject(spec.nodeAffinity) && spec.nodeAffinity.required !== undefined) {
    errs.push(...validateNodeSelector(spec.nodeAffinity.required, p.child("nodeAffinity").child("required")));
  }
  errs.push(...sourceErrors(spec, p));
  return errs;
}

/**
 * Field errors of a PersistentVolume update beyond those of the new volume alone (which
 * `validatePersistentVolume` reports; the API server runs both): the source, volume mode and
 * node affinity are fixed.
 */
export function validatePersistentVolumeUpdate(
  pv: Readonly<PersistentVolume>,
  old: Readonly<PersistentVolume>,
): FieldError[] {
  const spec = (pv.spec ?? {}) as PersistentVolumeSpec & JsonObject;
  const o = (old.spec ?? {}) as PersistentVolumeSpec & JsonObject;
  const errs: FieldError[] = [];
  const source = (s: JsonObject) =>
    Object.fromEntries(pvSources.filter((k) => s[k] !== undefined).map((k) => [k, s[k]]));
  if (!deepEqual(source(spec), source(o))) {
    errs.push(
      forbidden(
        path("spec").child("persistentvolumesource"),
        `spec.persistentvolumesource is immutable after creation\n${JSON.stringify(source(o))} -> ${JSON.stringify(source(spec))}`,
      ),
    );
  }
  if (str(spec.volumeMode) !== str(o.volumeMode))
    errs.push(invalid(path("volumeMode"), str(spec.volumeMode), "field is immutable"));
  if (o.nodeAffinity !== undefined && !deepEqual(spec.nodeAffinity, o.nodeAffinity)) {
    errs.push(invalid(path("nodeAffinity"), spec.nodeAffinity ?? null, "field is immutable"));
  }
  return errs;
}

const asPV = (obj: Readonly<KubeObject>) => obj as unknown as PersistentVolume;

export const persistentVolumeStrategy: Strategy = {
  defaults: defaultPersistentVolume,
  prepareForCreate(obj, ctx) {
    obj.status = { phase: "Pending", lastPhaseTransitionTime: rfc3339(ctx.now) };
  },
  prepareForUpdate: keepStatus,
  validate: (obj) => validatePersistentVolume(asPV(obj)),
  validateUpdate: (obj, old) => validatePersistentVolumeUpdate(asPV(obj), asPV(old)),
  warnings: (obj) => pvWarnings(asPV(obj)),
  warningsOnUpdate: (obj) => pvWarnings(asPV(obj)),
};

/** persistentvolumes/status: only status changes; a phase change stamps lastPhaseTransitionTime. */
export const persistentVolumeStatusStrategy: Strategy = statusStrategyOf(persistentVolumeStrategy, {
  prepareForUpdate(obj, old, ctx) {
    const st = isObject(obj.status) ? obj.status : {};
    const os = isObject(old.status) ? old.status : {};
    if (
      st.phase !== os.phase &&
      (st.lastPhaseTransitionTime === undefined || st.lastPhaseTransitionTime === os.lastPhaseTransitionTime)
    ) {
      st.lastPhaseTransitionTime = rfc3339(ctx.now);
    }
  },
  validateUpdate: () => [],
});

export const persistentVolumeTable: TableDef = {
  columns: [
    NAME_COLUMN,
    column("Capacity", "capacity is the description of the persistent volume's resources and capacity."),
    column("Access Modes", "accessModes contains all ways the volume can be mounted."),
    column(
      "Reclaim Policy",
      "persistentVolumeReclaimPolicy defines what happens to a persistent volume when released from its claim.",
    ),
    column("Status", "phase indicates if a volume is available, bound to a claim, or released by a claim."),
    column(
      "Claim",
      "claimRef is part of a bi-directional binding between PersistentVolume and PersistentVolumeClaim.",
    ),
    column("StorageClass", "StorageClass of the pv"),
    column("VolumeAttributesClass", "VolumeAttributesClass of the pv"),
    column(
      "Reason",
      "reason is a brief CamelCase string that describes any failure and is meant for machine parsing and tidy display in the CLI.",
    ),
    AGE_COLUMN,
    column(
      "VolumeMode",
      "volumeMode defines if a volume is intended to be used with a formatted filesystem or to remain in raw block state.",
      1,
    ),
  ],
  cells(obj, now) {
    const spec = specOf(obj);
    const status = isObject(obj.status) ? obj.status : {};
    const claim = isObject(spec.claimRef) ? `${str(spec.claimRef.namespace)}/${str(spec.claimRef.name)}` : "";
    return [
      nameOf(obj),
      storageCapacityString(spec.capacity),
      accessModesString(spec.accessModes),
      str(spec.persistentVolumeReclaimPolicy),
      obj.metadata?.deletionTimestamp ? "Terminating" : str(status.phase),
      claim,
      storageClassOf(obj),
      orUnset(spec.volumeAttributesClassName),
      str(status.reason),
      ageOf(obj, now),
      orUnset(spec.volumeMode),
    ];
  },
};

export const persistentVolumeResource: ResourceDef = {
  group: "",
  version: "v1",
  kind: "PersistentVolume",
  resource: "persistentvolumes",
  singular: "persistentvolume",
  namespaced: false,
  shortNames: ["pv"],
  definition: "io.k8s.api.core.v1.PersistentVolume",
  subresources: { status: true, statusStrategy: persistentVolumeStatusStrategy },
  nameValidator: persistentVolumeNameValidator,
  strategy: persistentVolumeStrategy,
  table: persistentVolumeTable,
};
