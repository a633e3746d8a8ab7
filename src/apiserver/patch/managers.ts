/**
 * Field managers: `metadata.managedFields` decoded into one field set per manager, the
 * ownership changes every write makes, and the encoding back, following k8s.io/apimachinery's
 * managedfields (decode/encode, buildManagerInfo, stripMeta, managedFieldsUpdater, capManagers)
 * and structured-merge-diff's Updater.update.
 */
import { rfc3339 } from "../../util/time.js";
import { type FieldPath, FieldSet, fieldPE, goJson } from "./fieldpath.js";
import { isObject, type JsonObject } from "./json.js";
import type { SchemaNode } from "./schema.js";
import { type Comparison, compare } from "./typed.js";

/** One manager's fields, keyed in {@link Managers} by its identifier. */
export interface Manager {
  readonly manager: string;
  readonly operation: "Apply" | "Update";
  readonly apiVersion: string;
  readonly subresource?: string;
  set: FieldSet;
  /** RFC 3339 time of the manager's last change, as stored. */
  time?: string;
}

/** Manager identifier -> fields. */
export type Managers = Map<string, Manager>;

/**
 * Upstream's manager identifier: the JSON of the entry without fields and time, and without
 * apiVersion for appliers (an applier keeps its identity across versions).
 */
export function managerId(m: Pick<Manager, "manager" | "operation" | "apiVersion" | "subresource">): string {
  const parts: string[] = [];
  if (m.manager) parts.push(`"manager":${goJson(m.manager)}`);
  parts.push(`"operation":${goJson(m.operation)}`);
  if (m.operation === "Update" && m.apiVersion) parts.push(`"apiVersion":${goJson(m.apiVersion)}`);
  if (m.subresource) parts.push(`"subresource":${goJson(m.subresource)}`);
  return `{${parts.join(",")}}`;
}

/** How upstream names a manager in conflict messages: `"kubectl" using apps/v1`. */
export function printManager(m: Manager): string {
  let s = JSON.stringify(m.manager);
  if (m.subresource) s += ` with subresource ${JSON.stringify(m.subresource)}`;
  if (m.operation === "Update") s += ` using ${m.apiVersion}`;
  return s;
}

/** Whether a request's managedFields asks to clear them: `[]` or `[{}]`. */
export function isReset(entries: unknown): boolean {
  if (!Array.isArray(entries)) return false;
  if (entries.length === 0) return true;
  const e = entries[0];
  return (
    entries.length === 1 &&
    isObject(e) &&
    Object.values(e).every((v) => v === "" || v === null || v === undefined)
  );
}

/** Decodes stored managedFields; undefined when any entry is malformed. Absent: no managers. */
export function decodeManagers(entries: unknown): Managers | undefined {
  const out: Managers = new Map();
  if (entries === undefined || entries === null) return out;
  if (!Array.isArray(entries)) return undefined;
  for (const e of entries) {
    if (!isObject(e)) return undefined;
    const { operation, apiVersion, fieldsType } = e;
    if (operation !== "Apply" && operation !== "Update") return undefined;
    if (typeof apiVersion !== "string" || apiVersion === "") return undefined;
    if (fieldsType !== "FieldsV1") return undefined;
    let set: FieldSet;
    try {
      set = FieldSet.fromFieldsV1(e.fieldsV1 ?? {});
    } catch {
      return undefined;
    }
    const m: Manager = {
      manager: typeof e.manager === "string" ? e.manager : "",
      operation,
      apiVersion,
      ...(typeof e.subresource === "string" && e.subresource ? { subresource: e.subresource } : {}),
      set,
      ...(typeof e.time === "string" ? { time: e.time } : {}),
    };
    out.set(managerId(m), m);
  }
  return out;
}

const seconds = (t: string | undefined) => (t ? Math.floor(Date.parse(t) / 1000) || 0 : 0);
const cmpStr = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** managedFields entries, in upstream's order (Apply first, then by time, manager, version). */
export function encodeManagers(managers: Managers): JsonObject[] | undefined {
  if (managers.size === 0) return undefined;
  const list = [...managers.values()].sort(
    (p, q) =>
      cmpStr(p.operation, q.operation) ||
      seconds(p.time) - seconds(q.time) ||
      cmpStr(p.manager, q.manager) ||
      cmpStr(p.apiVersion, q.apiVersion) ||
      cmpStr(p.subresource ?? "", q.subresource ?? ""),
  );
  return list.map((m) => managedFieldsEntry(m, m.set.toFieldsV1()));
}

/** One managedFields entry, in upstream's key order. */
export function managedFieldsEntry(m: Omit<Manager, "set">, fieldsV1: JsonObject): JsonObject {
  // Built key by key (not by spreading): this runs on every write.
  const e: JsonObject = {};
  if (m.manager) e.manager = m.manager;
  e.operation = m.operation;
  e.apiVersion = m.apiVersion;
  if (m.time) e.time = m.time;
  e.fieldsType = "FieldsV1";
  e.fieldsV1 = fieldsV1;
  if (m.subresource) e.subresource = m.subresource;
  return e;
}

/** Fields of metadata no manager ever owns (upstream's stripMeta; metadata itself neither). */
export const STRIPPED_META_FIELDS: readonly string[] = [
  "name",
  "namespace",
  "creationTimestamp",
  "selfLink",
  "uid",
  "clusterName",
  "generation",
  "managedFields",
  "resourceVersion",
];

/** Fields no manager ever owns (upstream's stripMeta). */
const STRIPPED = FieldSet.of(
  [fieldPE("apiVersion")],
  [fieldPE("kind")],
  [fieldPE("metadata")],
  ...STRIPPED_META_FIELDS.map((f): FieldPath => [fieldPE("metadata"), fieldPE(f)]),
);

export function stripMeta(set: FieldSet): FieldSet {
  return set.difference(STRIPPED);
}

/** What every ownership computation needs about the object's kind. */
export interface OwnershipContext {
  readonly schema: SchemaNode;
  /** Fields managers never own here (upstream's reset fields), removed with their subtrees. */
  readonly reset: FieldSet;
}

/**
 * Upstream's Updater.update: compares `live` with `next`; every manager but `self` loses the
 * fields that changed (modified or added: a conflict) or were removed. With `force` false and
 * conflicts, nothing changes and the conflicts are returned.
 */
export function takeChanges(
  managers: Managers,
  live: unknown,
  next: unknown,
  self: string,
  force: boolean,
  ctx: OwnershipContext,
): { readonly changes: Comparison; readonly conflicts: Map<string, FieldSet> } {
  const raw = compare(live, next, ctx.schema);
  const changes: Comparison = {
    added: raw.added.recursiveDifference(ctx.reset),
    modified: raw.modified.recursiveDifference(ctx.reset),
    removed: raw.removed.recursiveDifference(ctx.reset),
  };
  const changed = changes.modified.union(changes.added);
  const conflicts = new Map<string, FieldSet>();
  for (const [id, m] of managers) {
    if (id === self) continue;
    const c = m.set.intersection(changed);
    if (!c.empty) conflicts.set(id, c);
  }
  if (!force && conflicts.size) return { changes, conflicts };
  for (const [id, m] of managers) {
    if (id === self) continue;
    m.set = m.set.difference(conflicts.get(id) ?? new FieldSet()).difference(changes.removed);
    if (m.set.empty) managers.delete(id);
  }
  return { changes, conflicts };
}

/**
 * Records a non-apply write from `live` to `next` by `who` (upstream's managedFieldsUpdater
 * over Updater.Update): the fields it changed become its own, taken from everyone else; its
 * time is updated when it took any field.
 */
export function recordUpdate(
  managers: Managers,
  live: unknown,
  next: unknown,
  who: {
    readonly manager: string;
    readonly apiVersion: string;
    readonly subresource?: string;
    readonly now: Date;
  },
  ctx: OwnershipContext,
): void {
  const self = "\u0000current-operation";
  const { changes } = takeChanges(managers, live, next, self, true, ctx);
  const taken = stripMeta(changes.modified.union(changes.added).recursiveDifference(ctx.reset));
  if (taken.empty) return;
  const m: Manager = {
    manager: who.manager || "unknown",
    operation: "Update",
    apiVersion: who.apiVersion,
    ...(who.subresource ? { subresource: who.subresource } : {}),
    set: taken,
    time: rfc3339(who.now),
  };
  const id = managerId(m);
  const previous = managers.get(id);
  if (previous) m.set = taken.union(previous.set);
  managers.set(id, m);
}

/** Upstream keeps at most this many Update managers; older ones merge into "ancient-changes". */
export const MAX_UPDATE_MANAGERS = 10;

/** Upstream's capManagers: merges the oldest Update managers into per-version buckets. */
export function capManagers(managers: Managers): void {
  const updaters = [...managers].filter(([, m]) => m.operation === "Update");
  if (updaters.length <= MAX_UPDATE_MANAGERS) return;
  updaters.sort(([ia, a], [ib, b]) => seconds(a.time) - seconds(b.time) || cmpStr(ia, ib));
  const firstOfVersion = new Map<string, string>();
  let length = updaters.length;
  for (const [id, m] of updaters) {
    if (length <= MAX_UPDATE_MANAGERS) break;
    const bucket: Manager = {
      manager: "ancient-changes",
      operation: "Update",
      apiVersion: m.apiVersion,
      set: m.set,
    };
    const bucketId = managerId(bucket);
    const first = firstOfVersion.get(m.apiVersion);
    if (first === undefined) {
      firstOfVersion.set(m.apiVersion, id);
      continue;
    }
    let current = managers.get(bucketId);
    if (!current) {
      const f = managers.get(first)!;
      managers.delete(first);
      current = { ...bucket, set: f.set };
      managers.set(bucketId, current);
    }
    current.set = m.set.union(current.set);
    current.time = m.time;
    managers.delete(id);
    length--;
  }
}
