/**
 * The upstream-named OpenAPI definitions of every kind k8ts knows, as generated at build time
 * by `scripts/gen-openapi.mjs` from the `kubernetes-types` package (dist/openapi/definitions.json)
 * and completed with the fact tables in this folder (patch metadata, int64/double formats).
 */
import { readFileSync } from "node:fs";
import { ENUMS } from "./enums.js";
import { NUMBER_FORMATS } from "./formats.js";
import { type FieldPatchMeta, PATCH_META } from "./patchmeta.js";

/** A group/version/kind, as in `x-kubernetes-group-version-kind`. */
export interface GroupVersionKind {
  readonly group: string;
  readonly version: string;
  readonly kind: string;
}

/**
 * An OpenAPI schema object (the subset Kubernetes uses). Definitions use OpenAPI v2 form:
 * references are `{"$ref": "#/definitions/<name>"}`, possibly with a sibling description.
 */
export interface Schema {
  readonly $ref?: string;
  readonly description?: string;
  readonly type?: "object" | "array" | "string" | "integer" | "number" | "boolean";
  readonly format?: string;
  readonly required?: readonly string[];
  readonly properties?: Readonly<Record<string, Schema>>;
  readonly items?: Schema;
  readonly additionalProperties?: Schema | boolean;
  readonly allOf?: readonly Schema[];
  readonly oneOf?: readonly Schema[];
  readonly enum?: readonly unknown[];
  readonly default?: unknown;
  readonly "x-kubernetes-group-version-kind"?: readonly GroupVersionKind[];
  readonly "x-kubernetes-patch-strategy"?: string;
  readonly "x-kubernetes-patch-merge-key"?: string;
  readonly "x-kubernetes-list-type"?: string;
  readonly "x-kubernetes-list-map-keys"?: readonly string[];
  readonly "x-kubernetes-map-type"?: string;
  readonly "x-kubernetes-preserve-unknown-fields"?: boolean;
  readonly "x-kubernetes-int-or-string"?: boolean;
}

/** Definition name -> schema, e.g. "io.k8s.api.core.v1.PodSpec". */
export type Definitions = Readonly<Record<string, Schema>>;

/** Where the build writes the generated definitions (dist/openapi/, next to dist/src/). */
const DEFINITIONS_FILE = new URL("../../../openapi/definitions.json", import.meta.url);

let loaded: Definitions | undefined;

/**
 * All definitions, keyed by upstream name, with patch metadata and numeric formats merged in.
 * Read from dist/openapi/definitions.json on first call and shared (deeply frozen) afterwards.
 * Throws if the file is missing, i.e. the build did not run `scripts/gen-openapi.mjs`.
 */
export function loadDefinitions(): Definitions {
  if (loaded) return loaded;
  let text: string;
  try {
    text = readFileSync(DEFINITIONS_FILE, "utf8");
  } catch (err) {
    throw new Error(
      `OpenAPI definitions not found at ${DEFINITIONS_FILE.pathname} (${(err as Error).message}); ` +
        "run `npm run build`, which generates them with scripts/gen-openapi.mjs",
    );
  }
  const defs = JSON.parse(text) as Record<string, MutableSchema>;
  for (const [name, fields] of Object.entries(PATCH_META)) {
    for (const [field, meta] of Object.entries(fields)) {
      const prop = defs[name]?.properties?.[field];
      if (prop) Object.assign(prop, patchExtensions(meta));
    }
  }
  for (const [name, fields] of Object.entries(NUMBER_FORMATS)) {
    for (const [field, format] of Object.entries(fields)) {
      const prop = defs[name]?.properties?.[field];
      const target = prop?.type === "array" ? prop.items : prop;
      if (target && (target.type === "integer" || target.type === "number")) {
        target.type = format === "double" ? "number" : "integer";
        target.format = format;
      }
    }
  }
  for (const [name, fields] of Object.entries(ENUMS)) {
    for (const [field, values] of Object.entries(fields)) {
      const prop = defs[name]?.properties?.[field];
      const target = prop?.type === "array" ? prop.items : prop;
      if (target?.type === "string") target.enum = [...values];
    }
  }
  loaded = deepFreeze(defs as Record<string, Schema>);
  return loaded;
}

/** The extensions for one field's patch metadata, in upstream's key order. */
function patchExtensions(meta: FieldPatchMeta): Record<string, unknown> {
  const ext: Record<string, unknown> = {};
  if (meta.mapKeys) ext["x-kubernetes-list-map-keys"] = [...meta.mapKeys];
  if (meta.listType) ext["x-kubernetes-list-type"] = meta.listType;
  if (meta.mapType) ext["x-kubernetes-map-type"] = meta.mapType;
  if (meta.mergeKey) ext["x-kubernetes-patch-merge-key"] = meta.mergeKey;
  if (meta.strategy) ext["x-kubernetes-patch-strategy"] = meta.strategy;
  return ext;
}

/**
 * The definition name a reference points at: "#/definitions/X" (v2) or
 * "#/components/schemas/X" (v3) -> "X". Undefined for other references.
 */
export function refName(ref: string): string | undefined {
  for (const prefix of ["#/definitions/", "#/components/schemas/"]) {
    if (ref.startsWith(prefix)) return ref.slice(prefix.length);
  }
  return undefined;
}

/** A schema with its references followed: the schema named last and its definition name. */
export interface Resolved {
  readonly schema: Schema;
  /** The definition `schema` is; undefined when the schema followed had no reference. */
  readonly name?: string;
}

/**
 * Follows `$ref` (and a v3 `allOf` wrapping a single reference) to the schema it names, in
 * `definitions` (default: `loadDefinitions()`). A schema without a reference is returned as is.
 * Throws on a reference to an unknown definition or a reference cycle.
 */
export function resolveRef(schema: Schema, definitions: Definitions = loadDefinitions()): Resolved {
  let current = schema;
  let name: string | undefined;
  for (let hops = 0; hops < 32; hops++) {
    const ref =
      current.$ref ??
      (current.allOf?.length === 1 && !current.properties ? current.allOf[0].$ref : undefined);
    if (ref === undefined) return { schema: current, name };
    name = refName(ref);
    const target = name !== undefined && Object.hasOwn(definitions, name) ? definitions[name] : undefined;
    if (!target) throw new Error(`unknown OpenAPI reference ${ref}`);
    current = target;
  }
  throw new Error(`OpenAPI reference cycle at ${schema.$ref}`);
}

/** Followed references by definitions, then by the referring schema (schemas are not changed once loaded). */
const derefs = new WeakMap<Definitions, WeakMap<Schema, Schema>>();

/** The schema `schema` refers to (see `resolveRef`); lookups after the first are cached. */
export function deref(schema: Schema, definitions: Definitions = loadDefinitions()): Schema {
  if (schema.$ref === undefined && schema.allOf === undefined) return schema;
  let seen = derefs.get(definitions);
  if (seen === undefined) {
    seen = new WeakMap();
    derefs.set(definitions, seen);
  }
  let target = seen.get(schema);
  if (target === undefined) {
    target = resolveRef(schema, definitions).schema;
    seen.set(schema, target);
  }
  return target;
}

/** The parts of a freshly parsed schema that loading fills in. */
interface MutableSchema {
  type?: string;
  format?: string;
  enum?: string[];
  items?: MutableSchema;
  properties?: Record<string, MutableSchema>;
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === "object" && !Object.isFrozen(value)) {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}
