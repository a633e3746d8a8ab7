/**
 * core/v1 Secret: type Opaque by default, stringData folded into data (as upstream's v1
 * conversion does), data base64 and 1 MiB at most, the required keys of each well-known type,
 * type and `immutable` data frozen on update.
 */
import type { Secret } from "kubernetes-types/core/v1.js";
import { base64DecodedLength, base64Error } from "../common/base64.js";
import { isConfigMapKey } from "../common/names.js";
import { AGE_COLUMN, ageOf, column, NAME_COLUMN, nameOf } from "../common/table.js";
import { deepEqual, entries, isObject, str } from "../common/values.js";
import { MAX_DATA_SIZE } from "../configmap/index.js";
import { type FieldError, forbidden, invalid, path, required, tooLong } from "../field.js";
import type { KubeObject, ResourceDef, Strategy, TableDef } from "../types.js";

const IMMUTABLE = "field is immutable when `immutable` is set";
const REDACTED = "<secret contents redacted>";

/** Type Opaque by default; stringData entries become base64 data entries. */
export function defaultSecret(obj: KubeObject): void {
  if (!obj.type) obj.type = "Opaque";
  if (isObject(obj.stringData)) {
    const data = isObject(obj.data) ? obj.data : {};
    for (const [k, v] of entries(obj.stringData)) data[k] = Buffer.from(str(v), "utf8").toString("base64");
    obj.data = data;
  }
  delete obj.stringData;
}

function decoded(data: Readonly<Record<string, string>> | undefined, key: string): string | undefined {
  if (!data || !Object.hasOwn(data, key)) return undefined;
  return Buffer.from(str(data[key]), "base64").toString("utf8");
}

function requiredKeys(secret: Readonly<Secret>): FieldError[] {
  const dp = path("data");
  const has = (k: string) => isObject(secret.data) && Object.hasOwn(secret.data, k);
  const json = (k: string): FieldError[] => {
    const text = decoded(secret.data, k);
    if (text === undefined) return [required(dp.key(k))];
    try {
      const v: unknown = JSON.parse(text);
      if (!isObject(v))
        throw new Error("json: cannot unmarshal into Go value of type map[string]interface {}");
      return [];
    } catch (e) {
      return [invalid(dp.key(k), REDACTED, (e as Error).message)];
    }
  };
  switch (secret.type) {
    case "kubernetes.io/service-account-token":
      return str(secret.metadata?.annotations?.["kubernetes.io/service-account.name"]) === ""
        ? [required(path("metadata").child("annotations").key("kubernetes.io/service-account.name"))]
        : [];
    case "kubernetes.io/dockercfg":
      return json(".dockercfg");
    case "kubernetes.io/dockerconfigjson":
      return json(".dockerconfigjson");
    case "kubernetes.io/basic-auth":
      return has("username") || has("password")
        ? []
        : [required(dp.key("username")), required(dp.key("password"))];
    case "kubernetes.io/ssh-auth":
      return (decoded(secret.data, "ssh-privatekey") ?? "") === ""
        ? [required(dp.key("ssh-privatekey"))]
        : [];
    case "kubernetes.io/tls":
      return [
        ...(has("tls.crt") ? [] : [required(dp.key("tls.crt"))]),
        ...(has("tls.key") ? [] : [required(dp.key("tls.key"))]),
      ];
    default:
      return [];
  }
}

/** Field errors of a Secret. */
export function validateSecret(secret: Readonly<Secret>): FieldError[] {
  const errs: FieldError[] = [];
  let size = 0;
  let malformed = false;
  for (const [k, v] of entries(secret.data)) {
    const p = path("data").key(k);
    for (const m of isConfigMapKey(k)) errs.push(invalid(p, k, m));
    const bad = base64Error(str(v));
    if (bad) {
      malformed = true;
      errs.push(invalid(p, REDACTED, bad));
    } else size += base64DecodedLength(str(v));
  }
  if (size > MAX_DATA_SIZE) errs.push(tooLong(path("data"), MAX_DATA_SIZE));
  if (!malformed) errs.push(...requiredKeys(secret));
  return errs;
}

/**
 * Field errors of a Secret update beyond those of the new object alone (which `validateSecret`
 * reports; the API server runs both): the type never changes, data not once `immutable`.
 */
export function validateSecretUpdate(secret: Readonly<Secret>, old: Readonly<Secret>): FieldError[] {
  const errs: FieldError[] = [];
  if (str(secret.type) !== str(old.type))
    errs.push(invalid(path("type"), str(secret.type), "field is immutable"));
  if (old.immutable === true) {
    if (secret.immutable !== true) errs.push(forbidden(path("immutable"), IMMUTABLE));
    if (!deepEqual(secret.data ?? {}, old.data ?? {})) errs.push(forbidden(path("data"), IMMUTABLE));
  }
  return errs;
}

const asSecret = (obj: Readonly<KubeObject>) => obj as unknown as Secret;

export const secretStrategy: Strategy = {
  defaults: defaultSecret,
  validate: (obj) => validateSecret(asSecret(obj)),
  validateUpdate: (obj, old) => validateSecretUpdate(asSecret(obj), asSecret(old)),
};

export const secretTable: TableDef = {
  columns: [
    NAME_COLUMN,
    column("Type", "Used to facilitate programmatic handling of secret data."),
    column("Data", "Data contains the secret data."),
    AGE_COLUMN,
  ],
  cells: (obj, now) => [nameOf(obj), str(obj.type), entries(obj.data).length, ageOf(obj, now)],
};

export const secretResource: ResourceDef = {
  group: "",
  version: "v1",
  kind: "Secret",
  resource: "secrets",
  singular: "secret",
  namespaced: true,
  definition: "io.k8s.api.core.v1.Secret",
  strategy: secretStrategy,
  table: secretTable,
  fieldSelectors: { type: (o) => str(o.type) },
};
