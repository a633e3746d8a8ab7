/** core/v1 ConfigMap: keys as upstream's IsConfigMapKey, 1 MiB in total, frozen once `immutable`. */
import type { ConfigMap } from "kubernetes-types/core/v1.js";
import { base64DecodedLength, base64Error } from "../common/base64.js";
import { isConfigMapKey } from "../common/names.js";
import { AGE_COLUMN, ageOf, column, NAME_COLUMN, nameOf } from "../common/table.js";
import { deepEqual, entries, str } from "../common/values.js";
import { type FieldError, forbidden, invalid, path, tooLong } from "../field.js";
import type { KubeObject, ResourceDef, Strategy, TableDef } from "../types.js";

/** The most data a ConfigMap or Secret may hold (upstream's MaxSecretSize). */
export const MAX_DATA_SIZE = 1024 * 1024;

const IMMUTABLE = "field is immutable when `immutable` is set";

/** Field errors of a ConfigMap. */
export function validateConfigMap(cm: Readonly<ConfigMap>): FieldError[] {
  const errs: FieldError[] = [];
  let size = 0;
  const binaryKeys = new Set(entries(cm.binaryData).map(([k]) => k));
  const dataKeys = new Set(entries(cm.data).map(([k]) => k));
  for (const [k, v] of entries(cm.data)) {
    const p = path("data").key(k);
    for (const m of isConfigMapKey(k)) errs.push(invalid(p, k, m));
    if (binaryKeys.has(k)) errs.push(invalid(p, k, "duplicate of key present in binaryData"));
    size += Buffer.byteLength(str(v));
  }
  for (const [k, v] of entries(cm.binaryData)) {
    const p = path("binaryData").key(k);
    for (const m of isConfigMapKey(k)) errs.push(invalid(p, k, m));
    if (dataKeys.has(k)) errs.push(invalid(p, k, "duplicate of key present in data"));
    const bad = base64Error(str(v));
    if (bad) errs.push(invalid(p, "<binary data>", bad));
    else size += base64DecodedLength(str(v));
  }
  if (size > MAX_DATA_SIZE) errs.push(tooLong(path(""), MAX_DATA_SIZE));
  return errs;
}

/**
 * Field errors of a ConfigMap update beyond those of the new object alone (which
 * `validateConfigMap` reports; the API server runs both): nothing changes once `immutable`.
 */
export function validateConfigMapUpdate(cm: Readonly<ConfigMap>, old: Readonly<ConfigMap>): FieldError[] {
  const errs: FieldError[] = [];
  if (old.immutable === true) {
    if (cm.immutable !== true) errs.push(forbidden(path("immutable"), IMMUTABLE));
    if (!deepEqual(cm.data ?? {}, old.data ?? {})) errs.push(forbidden(path("data"), IMMUTABLE));
    if (!deepEqual(cm.binaryData ?? {}, old.binaryData ?? {}))
      errs.push(forbidden(path("binaryData"), IMMUTABLE));
  }
  return errs;
}

const asConfigMap = (obj: Readonly<KubeObject>) => obj as unknown as ConfigMap;

export const configMapStrategy: Strategy = {
  validate: (obj) => validateConfigMap(asConfigMap(obj)),
  validateUpdate: (obj, old) => validateConfigMapUpdate(asConfigMap(obj), asConfigMap(old)),
};

export const configMapTable: TableDef = {
  columns: [NAME_COLUMN, column("Data", "Data contains the configuration data."), AGE_COLUMN],
  cells(obj, now) {
    const cm = asConfigMap(obj);
    return [nameOf(obj), entries(cm.data).length + entries(cm.binaryData).length, ageOf(obj, now)];
  },
};

export const configMapResource: ResourceDef = {
  group: "",
  version: "v1",
  kind: "ConfigMap",
  resource: "configmaps",
  singular: "configmap",
  namespaced: true,
  shortNames: ["cm"],
  definition: "io.k8s.api.core.v1.ConfigMap",
  strategy: configMapStrategy,
  table: configMapTable,
};
