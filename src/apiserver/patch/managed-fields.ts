/**
 * Field ownership for writes that are not server-side apply (create, update, and JSON, merge
 * and strategic merge patches), as upstream's FieldManager.UpdateNoErrors records it:
 * - on create every field the object sets belongs to the creator;
 * - on update the fields that changed move to the updater, from whoever owned them;
 * - managedFields sent by the client replace the stored ones (`[]` or `[{}]` clears them);
 *   when the client sends none, or unreadable ones, the stored ones are kept;
 * - an existing object whose managedFields were cleared stays untracked until the next apply;
 * - a subresource write (status, scale) never takes managedFields from the request.
 */
import type { KubeObject, ObjectMeta } from "../../api/types.js";
import { copyWith } from "../../util/objects.js";
import { rfc3339 } from "../../util/time.js";
import { changedFieldsV1 } from "./changed.js";
import { FieldSet, fieldPE, shareFieldsV1 } from "./fieldpath.js";
import { checkTree, isObject, type JsonObject, MAX_RESULT_DEPTH } from "./json.js";
import {
  capManagers,
  decodeManagers,
  encodeManagers,
  isReset,
  type Managers,
  managedFieldsEntry,
  type OwnershipContext,
  recordUpdate,
  STRIPPED_META_FIELDS,
} from "./managers.js";
import { DEDUCED, type SchemaNode } from "./schema.js";

export interface ManagedFieldsOptions {
  /** The fieldManager of the request; empty or absent: "unknown" (callers pass the user agent's). */
  readonly manager?: string;
  /** The apiVersion the request was made in, e.g. "apps/v1". */
  readonly apiVersion: string;
  readonly now: Date;
  /** Set for writes through a subresource ("status", "scale"). */
  readonly subresource?: string;
  /** The kind's schema (lists are matched by key); absent: every list is atomic. */
  readonly schema?: SchemaNode;
  /**
   * Fields no manager owns through this endpoint, as field name paths (upstream's reset fields):
   * e.g. `[["status"]]` on the main resource of a kind with a status subresource.
   */
  readonly resetFields?: readonly (readonly string[])[];
}

/** The reset fields as a field set. */
export function resetSet(paths: readonly (readonly string[])[] | undefined): FieldSet {
  return FieldSet.of(...(paths ?? []).map((p) => p.map(fieldPE)));
}

/** `obj` without metadata.managedFields (a shallow copy; nested values are shared). */
export function withoutManagedFields<T extends KubeObject>(obj: Readonly<T>): T {
  return withManagedFields(obj, undefined);
}

/** `obj` with `entries` as its managedFields, last in metadata as in Go's ObjectMeta (none: the key is left out). */
export function withManagedFields<T extends KubeObject>(obj: Readonly<T>, entries: unknown[] | undefined): T {
  const metadata = copyWith<ObjectMeta>(
    obj.metadata ?? {},
    "managedFields",
    entries?.length ? entries : undefined,
    true,
  );
  return { ...obj, metadata } as T;
}

/**
 * What an object looked like before its creation, for ownership: upstream compares against the
 * JSON of a new, empty Go struct of the kind. There the structs metadata, spec and status exist
 * (at any depth: a Deployment's spec.template.spec too), and so do the required fields (Go
 * fields without omitempty): required structs as empty structs, required lists, maps and
 * pointers as null. So a Pod's spec.containers was "changed", not "added", and its field set
 * has no "." entry, while a ConfigMap's data (omitempty) was added and has one, as upstream's.
 * Without a schema: every top-level object.
 */
export function emptyLike(obj: Readonly<JsonObject>, schema?: SchemaNode): JsonObject {
  if (schema?.type === "struct") return zeroOf(schema, 0);
  const out: JsonObject = {};
  for (const k of Object.keys(obj)) if (isObject(obj[k])) out[k] = {};
  return out;
}

const ALWAYS_PRESENT = ["metadata", "spec", "status"];
/** Bounds the walk through required structs (schemas can be recursive). */
const MAX_ZERO_DEPTH = 8;
const zeros = new WeakMap<SchemaNode, JsonObject>();

/** The empty Go struct of `node` as JSON (shared and frozen: compare only reads it). */
function zeroOf(node: SchemaNode, depth: number): JsonObject {
  const cached = zeros.get(node);
  if (cached) return cached;
  const out: JsonObject = {};
  for (const name of [...(node.required ?? []), ...ALWAYS_PRESENT]) {
    if (Object.hasOwn(out, name) || !node.declares(name)) continue;
    const child = node.field(name)!;
    if (child.type === "struct") {
      if (depth < MAX_ZERO_DEPTH) out[name] = zeroOf(child, depth + 1);
    } else if (child.type !== "scalar" && node.required?.includes(name)) {
      out[name] = null;
    }
  }
  Object.freeze(out);
  zeros.set(node, out);
  return out;
}

/**
 * Returns `newObj` with metadata.managedFields updated for a write by `opts.manager` that
 * turns `oldObj` (undefined for a create) into `newObj`. Pure: neither argument is modified;
 * the result is a shallow copy of `newObj`. Never throws for any input: when ownership cannot
 * be computed the stored managedFields are kept, as upstream does.
 */
export function updateManagedFields(
  oldObj: Readonly<KubeObject> | undefined,
  newObj: Readonly<KubeObject>,
  opts: ManagedFieldsOptions,
): KubeObject {
  const next = withoutManagedFields(newObj);
  const keepStored = () => withManagedFields(next, storedEntries(oldObj));
  if (checkTree(newObj, MAX_RESULT_DEPTH) === "depth") return keepStored();
  if (oldObj && checkTree(oldObj, MAX_RESULT_DEPTH) === "depth") return keepStored();
  try {
    const managers = managersFor(oldObj, newObj, opts.subresource !== undefined && opts.subresource !== "");
    if (!oldObj && managers.size === 0) {
      const created = createdEntry(next, opts);
      if (created !== null) return withManagedFields(next, created ? [created] : undefined);
    }
    // Upstream's skipNonApplied: an existing object nobody manages stays untracked.
    if (managers.size === 0 && oldObj) return withManagedFields(next, undefined);
    const ctx: OwnershipContext = { schema: opts.schema ?? DEDUCED, reset: resetSet(opts.resetFields) };
    const live = oldObj ? withoutManagedFields(oldObj) : emptyLike(next, opts.schema);
    recordUpdate(managers, live, next, { ...opts, manager: opts.manager ?? "" }, ctx);
    capManagers(managers);
    return withManagedFields(next, encodeManagers(managers));
  } catch (e) {
    if (e instanceof RangeError) return keepStored();
    throw e;
  }
}

/** STRIPPED_META_FIELDS as FieldsV1 keys. */
const STRIPPED_META: ReadonlySet<string> = new Set(STRIPPED_META_FIELDS.map(fieldPE));

/**
 * The managedFields entry of a create by a client that sent none (the common case), computed
 * straight into FieldsV1: the same result as recordUpdate's general path (see the test), at a
 * fraction of its cost. Undefined when the creator owns nothing; null when this fast path does
 * not apply (reset fields deeper than one level).
 */
export function createdEntry(
  next: Readonly<JsonObject>,
  opts: ManagedFieldsOptions,
): JsonObject | undefined | null {
  const reset = opts.resetFields ?? [];
  if (reset.some((p) => p.length !== 1)) return null;
  const schema = opts.schema ?? DEDUCED;
  const all = changedFieldsV1(emptyLike(next, schema), next, schema) ?? {};
  // Copied without the fields nobody owns (rather than deleted: objects stay fast).
  const fields: JsonObject = {};
  for (const k in all) {
    if (k === "f:apiVersion" || k === "f:kind" || reset.some(([f]) => k === `f:${f}`)) continue;
    const v = all[k];
    if (k !== "f:metadata") fields[k] = v;
    else if (isObject(v)) {
      const meta: JsonObject = {};
      let any = false;
      for (const f in v) {
        if (f === "." || STRIPPED_META.has(f)) continue;
        meta[f] = v[f];
        any = true;
      }
      if (any) fields[k] = shareFieldsV1(meta);
    }
  }
  if (Object.keys(fields).length === 0) return undefined;
  return managedFieldsEntry(
    {
      manager: opts.manager || "unknown",
      operation: "Update",
      apiVersion: opts.apiVersion,
      ...(opts.subresource ? { subresource: opts.subresource } : {}),
      time: rfc3339(opts.now),
    },
    shareFieldsV1(fields),
  );
}

function storedEntries(obj: Readonly<KubeObject> | undefined): unknown[] | undefined {
  const mf = obj?.metadata?.managedFields;
  return Array.isArray(mf) ? mf : undefined;
}

/** Upstream's decodeLiveOrNew: the request's managedFields if usable, else the stored ones. */
function managersFor(
  oldObj: Readonly<KubeObject> | undefined,
  newObj: Readonly<KubeObject>,
  subresource: boolean,
): Managers {
  const stored = () => decodeManagers(oldObj?.metadata?.managedFields) ?? new Map();
  if (subresource) return stored();
  const sent = newObj.metadata?.managedFields;
  if (isReset(sent)) return new Map();
  const decoded = decodeManagers(sent);
  return decoded?.size ? decoded : stored();
}
