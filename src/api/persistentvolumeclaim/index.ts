/**
 * core/v1 PersistentVolumeClaim: volume mode Filesystem by default, a new claim is Pending,
 * access modes and a storage request required, the spec immutable except the volume name
 * (set once by the binder) and, for bound claims, the storage request (expansion).
 */
import type { PersistentVolumeClaim } from "kubernetes-types/core/v1.js";
import { isDNS1123Subdomain } from "../common/names.js";
import { canonicalizeResourceList, Quantity } from "../common/quantity.js";
import { validatePositiveQuantityValue, validateResourceQuantityValue } from "../common/resources.js";
import { validateLabelSelector } from "../common/selector.js";
import { keepStatus, statusStrategyOf } from "../common/status.js";
import { AGE_COLUMN, ageOf, column, NAME_COLUMN, nameOf } from "../common/table.js";
import { clone, deepEqual, entries, isObject, type JsonObject, str } from "../common/values.js";
import { type FieldError, forbidden, invalid, notSupported, path, required } from "../field.js";
import {
  accessModesString,
  orUnset,
  storageCapacityString,
  storageClassOf,
  VOLUME_MODES,
  validateAccessModes,
} from "../persistentvolume/index.js";
import type { KubeObject, ResourceDef, Strategy, TableDef } from "../types.js";
import { pvcWarnings } from "./warnings.js";

const specOf = (obj: Readonly<KubeObject>): JsonObject => (isObject(obj.spec) ? obj.spec : {});
const statusOf = (obj: Readonly<KubeObject>): JsonObject => (isObject(obj.status) ? obj.status : {});
const storageRequest = (spec: JsonObject) =>
  isObject(spec.resources) ? entries(spec.resources.requests).find(([k]) => k === "storage") : undefined;

export function defaultPersistentVolumeClaim(obj: KubeObject): void {
  if (!isObject(obj.spec)) obj.spec = {};
  const spec = obj.spec as JsonObject;
  if (!spec.volumeMode) spec.volumeMode = "Filesystem";
  if (isObject(spec.resources)) {
    canonicalizeResourceList(spec.resources.requests);
    canonicalizeResourceList(spec.resources.limits);
  }
  if (!isObject(obj.status)) obj.status = {};
  const status = obj.status as JsonObject;
  if (!status.phase) status.phase = "Pending";
}

/** Field errors of a PersistentVolumeClaim. */
export function validatePersistentVolumeClaim(pvc: Readonly<PersistentVolumeClaim>): FieldError[] {
  const spec = (isObject(pvc.spec) ? pvc.spec : {}) as JsonObject;
  const p = path("spec");
  const errs = validateAccessModes(
    spec.accessModes,
    p.child("accessModes"),
    "at least 1 access mode is required",
  );
  if (spec.selector !== undefined && spec.selector !== null)
    errs.push(...validateLabelSelector(spec.selector, p.child("selector")));
  const storage = storageRequest(spec);
  const sp = p.child("resources").key("storage");
  if (!storage) errs.push(required(sp));
  else {
    const positive = validatePositiveQuantityValue(storage[1], sp);
    errs.push(...(positive.length > 0 ? positive : validateResourceQuantityValue("storage", storage[1], sp)));
  }
  const sc = str(spec.storageClassName);
  if (sc !== "")
    for (const m of isDNS1123Subdomain(sc)) errs.push(invalid(p.child("storageClassName"), sc, m));
  if (spec.volumeMode !== undefined && !VOLUME_MODES.includes(str(spec.volumeMode))) {
    errs.push(notSupported(p.child("volumeMode"), spec.volumeMode, VOLUME_MODES));
  }
  return errs;
}

/** The message of upstream's forbidden claim spec change (without the trailing diff). */
export const PVC_SPEC_IMMUTABLE =
  "spec is immutable after creation except resources.requests for bound claims";

/**
 * Field errors of a PersistentVolumeClaim update beyond those of the new claim alone (which
 * `validatePersistentVolumeClaim` reports; the API server runs both).
 */
export function validatePersistentVolumeClaimUpdate(
  pvc: Readonly<PersistentVolumeClaim>,
  old: Readonly<PersistentVolumeClaim>,
): FieldError[] {
  const spec = clone((isObject(pvc.spec) ? pvc.spec : {}) as JsonObject);
  const oldSpec = clone((isObject(old.spec) ? old.spec : {}) as JsonObject);
  const errs: FieldError[] = [];
  if (str(oldSpec.volumeName) === "") {
    if (spec.volumeName === undefined) delete oldSpec.volumeName;
    else oldSpec.volumeName = spec.volumeName;
  }
  const newSize = Quantity.parse(storageRequest(spec)?.[1]);
  const oldSize = Quantity.parse(storageRequest(oldSpec)?.[1]);
  if (pvc.status?.phase === "Bound" && isObject(spec.resources) && isObject(spec.resources.requests)) {
    const oldStorage = storageRequest(oldSpec)?.[1];
    if (oldStorage === undefined) delete spec.resources.requests.storage;
    else spec.resources.requests.storage = oldStorage;
  }
  if (!deepEqual(spec, oldSpec)) {
    errs.push(
      forbidden(path("spec"), `${PVC_SPEC_IMMUTABLE}\n${JSON.stringify(oldSpec)} -> ${JSON.stringify(spec)}`),
    );
  }
  if (newSize && oldSize && newSize.cmp(oldSize) < 0) {
    errs.push(
      forbidden(
        path("spec").child("resources").child("requests").child("storage"),
        "field can not be less than previous value",
      ),
    );
  }
  return errs;
}

const asPVC = (obj: Readonly<KubeObject>) => obj as unknown as PersistentVolumeClaim;

export const persistentVolumeClaimStrategy: Strategy = {
  defaults: defaultPersistentVolumeClaim,
  prepareForCreate(obj) {
    obj.status = { phase: "Pending" };
  },
  prepareForUpdate: keepStatus,
  validate: (obj) => validatePersistentVolumeClaim(asPVC(obj)),
  validateUpdate: (obj, old) => validatePersistentVolumeClaimUpdate(asPVC(obj), asPVC(old)),
  warnings: (obj) => pvcWarnings(asPVC(obj)),
  warningsOnUpdate: (obj) => pvcWarnings(asPVC(obj)),
};

/** persistentvolumeclaims/status: only status changes. */
export const persistentVolumeClaimStatusStrategy: Strategy = statusStrategyOf(persistentVolumeClaimStrategy, {
  validateUpdate: () => [],
});

export const persistentVolumeClaimTable: TableDef = {
  columns: [
    NAME_COLUMN,
    column("Status", "phase represents the current phase of PersistentVolumeClaim."),
    column("Volume", "volumeName is the binding reference to the PersistentVolume backing this claim."),
    column("Capacity", "capacity represents the actual resources of the underlying volume."),
    column("Access Modes", "accessModes contains the actual access modes the volume backing the PVC has."),
    column("StorageClass", "StorageClass of the pvc"),
    column("VolumeAttributesClass", "VolumeAttributesClass of the pvc"),
    AGE_COLUMN,
    column("VolumeMode", "volumeMode defines what type of volume is required by the claim.", 1),
  ],
  cells(obj, now) {
    const spec = specOf(obj);
    const status = statusOf(obj);
    const bound = str(spec.volumeName) !== "";
    return [
      nameOf(obj),
      obj.metadata?.deletionTimestamp ? "Terminating" : str(status.phase),
      str(spec.volumeName),
      bound ? storageCapacityString(status.capacity) : "",
      bound ? accessModesString(status.accessModes) : "",
      storageClassOf(obj),
      orUnset(spec.volumeAttributesClassName),
      ageOf(obj, now),
      orUnset(spec.volumeMode),
    ];
  },
};

export const persistentVolumeClaimResource: ResourceDef = {
  group: "",
  version: "v1",
  kind: "PersistentVolumeClaim",
  resource: "persistentvolumeclaims",
  singular: "persistentvolumeclaim",
  namespaced: true,
  shortNames: ["pvc"],
  definition: "io.k8s.api.core.v1.PersistentVolumeClaim",
  subresources: { status: true, statusStrategy: persistentVolumeClaimStatusStrategy },
  strategy: persistentVolumeClaimStrategy,
  table: persistentVolumeClaimTable,
};
