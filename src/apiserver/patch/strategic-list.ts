/**
 * List merging for strategic merge patch: lists of maps merged by their merge key (with
 * `$patch: delete|replace` items), lists of scalars merged as sets, `$deleteFromPrimitiveList`,
 * and upstream's ordering rule (patch order first, then live order, interleaved).
 * Lookups are by hash, so hostile lists cost O(n log n), not O(n²).
 */
import { hasOwn, isObject, type JsonObject } from "./json.js";
import type { SchemaNode } from "./schema.js";
import {
  DIRECTIVE,
  errBadArgType,
  errBadPatchType,
  errNoMergeKey,
  mergeMap,
  SmpError,
  stripDirectiveKeys,
} from "./strategic.js";

/** Element kind of a list: "map", a scalar kind, or "none" when all lists are empty. */
export type ElementKind = "map" | "string" | "number" | "boolean" | "null" | "none";

export interface SliceOptions {
  /** Schema of the list's items. */
  readonly items: SchemaNode | undefined;
  /** The field's patch strategy without retainKeys ("merge", "replace" or ""). */
  readonly strategy: string;
  readonly mergeKey: string;
  /** Whether `patch` is a `$deleteFromPrimitiveList` list. */
  readonly isDeleteList?: boolean;
}

/** Merges `patch` into `original` if the field merges (or it is a delete list), else replaces. */
export function mergeSliceHandler(original: unknown[], patch: unknown[], opts: SliceOptions): unknown[] {
  if (opts.strategy === "merge" || opts.isDeleteList) return mergeSlice(original, patch, opts);
  return stripDirectiveKeys(patch) as unknown[];
}

function mergeSlice(original: unknown[], patch: unknown[], opts: SliceOptions): unknown[] {
  if (original.length === 0 && patch.length === 0) return original;
  const kind = sliceElementKind([original, patch]);
  const { mergeKey } = opts;
  let merged: unknown[];
  let serverOrder = original;
  let patchOrder = patch;
  if (kind !== "map") {
    if (opts.isDeleteList) {
      const drop = new Set(patch);
      return original.filter((v) => !drop.has(v));
    }
    merged = [...new Set([...original, ...patch])];
  } else {
    if (!mergeKey) {
      throw new SmpError("invalid", `cannot merge lists without merge key for ${opts.items?.name ?? ""}`);
    }
    const plain = (patch as JsonObject[]).filter((p) => !hasOwn(p, DIRECTIVE));
    ({ merged, serverOrder } = mergeMaps(original, patch as JsonObject[], mergeKey, opts.items));
    patchOrder = merged === serverOrder ? [] : plain;
  }
  const [inPatch, serverOnly] = partitionByPresence(merged, patchOrder, kind === "map" ? mergeKey : "");
  return normalizeElementOrder(inPatch, serverOnly, patchOrder, serverOrder, mergeKey, kind);
}

/** The common element kind of `lists`; lists of lists and mixed kinds are refused. */
export function sliceElementKind(lists: readonly (readonly unknown[])[]): ElementKind {
  let kind: ElementKind = "none";
  for (const list of lists) {
    for (const v of list) {
      if (Array.isArray(v)) throw new SmpError("reject", "lists of lists are not supported");
      const k: ElementKind =
        v === null ? "null" : isObject(v) ? "map" : (typeof v as "string" | "number" | "boolean");
      if (kind === "none") kind = k;
      else if (kind !== k) {
        throw new SmpError("invalid", `list element types are not identical: ${goLists(lists)}`);
      }
    }
  }
  if (kind === "none") throw new SmpError("invalid", "no elements in any of the given slices");
  return kind;
}

function goLists(lists: readonly (readonly unknown[])[]): string {
  return `[${lists.map((l) => `[${l.map((v) => JSON.stringify(v)).join(" ")}]`).join(" ")}]`;
}

/**
 * Merges a list of maps by `mergeKey`, after its `$patch` items (delete: drop matching items;
 * replace: the patch becomes the list). Returns the merged list and the live order to sort by.
 *
 * Upstream works on the live list's backing array, and its callers' view of the live list
 * (used for ordering by `$setElementOrder`) sees the writes: deletions shift items left in
 * place, merged items are written in place, and appended items fill the slots deletions
 * freed before the array grows. The same happens here, on `original`, so orders match.
 */
function mergeMaps(
  original: unknown[],
  patch: JsonObject[],
  mergeKey: string,
  items: SchemaNode | undefined,
): { merged: unknown[]; serverOrder: unknown[] } {
  const plain: JsonObject[] = [];
  let replace = false;
  let len = original.length;
  for (const item of patch) {
    if (!hasOwn(item, DIRECTIVE)) {
      plain.push(item);
      continue;
    }
    switch (item[DIRECTIVE]) {
      case "delete": {
        if (!hasOwn(item, mergeKey)) throw errNoMergeKey(item, mergeKey);
        const key = item[mergeKey];
        for (let i = 0; i < len; ) {
          const o = original[i];
          if (isObject(o) && hasOwn(o, mergeKey) && o[mergeKey] === key) {
            original.copyWithin(i, i + 1, len);
            len--;
          } else i++;
        }
        break;
      }
      case "replace":
        replace = true;
        break;
      case "merge":
        throw new SmpError("invalid", "merging lists cannot yet be specified in the patch");
      default:
        throw errBadPatchType(item[DIRECTIVE], item);
    }
  }
  if (replace) return { merged: plain, serverOrder: plain };
  // `list` is the backing array until an append outgrows it, then a copy (Go's append).
  let list = original;
  const at = new Map<unknown, number>();
  for (let i = 0; i < len; i++) {
    const o = list[i];
    if (isObject(o) && hasOwn(o, mergeKey) && !at.has(o[mergeKey])) at.set(o[mergeKey], i);
  }
  const live = len;
  for (const item of plain) {
    if (!hasOwn(item, mergeKey)) throw errNoMergeKey(item, mergeKey);
    const key = item[mergeKey];
    const i = isPrimitive(key) ? at.get(key) : undefined;
    if (i !== undefined) {
      list[i] = mergeMap(list[i] as JsonObject, item, items);
      continue;
    }
    if (isPrimitive(key)) at.set(key, len);
    if (list === original && len === original.length) list = original.slice(0, len);
    list[len++] = stripDirectiveKeys(item);
  }
  return { merged: list.slice(0, len), serverOrder: original.slice(0, live) };
}

const isPrimitive = (v: unknown) => v === null || typeof v !== "object";

/** The identity of an item for ordering: its merge key value for maps, itself otherwise. */
function identity(v: unknown, mergeKey: string): unknown {
  if (!mergeKey) return v;
  return isObject(v) && hasOwn(v, mergeKey) ? v[mergeKey] : undefined;
}

/** Splits `list` into items present in `by` (by merge key for maps) and the rest. */
export function partitionByPresence(
  list: unknown[],
  by: unknown[],
  mergeKey: string,
): [unknown[], unknown[]] {
  const present = new Set<unknown>();
  for (const v of by) {
    if (mergeKey && !isObject(v))
      throw new SmpError("invalid", `value for key ${goIndex(by, v)} is not a map`);
    present.add(identity(v, mergeKey));
  }
  const inBy: unknown[] = [];
  const rest: unknown[] = [];
  for (const v of list) {
    if (mergeKey) {
      if (!isObject(v)) throw errBadArgType("map[string]interface {}", v);
      if (!hasOwn(v, mergeKey)) throw errNoMergeKey(v, mergeKey);
    }
    (present.has(identity(v, mergeKey)) ? inBy : rest).push(v);
  }
  return [inBy, rest];
}

const goIndex = (list: unknown[], v: unknown) => list.indexOf(v);

/** First index of each identity in `order`. */
function positions(order: unknown[], mergeKey: string): Map<unknown, number> {
  const at = new Map<unknown, number>();
  order.forEach((v, i) => {
    const id = identity(v, mergeKey);
    if (!at.has(id)) at.set(id, i);
  });
  return at;
}

/**
 * Orders the merged list: `patch` items by `patchOrder`, `serverOnly` items by `serverOrder`,
 * then interleaves them so server-only items keep their place relative to live neighbors.
 */
export function normalizeElementOrder(
  patch: unknown[],
  serverOnly: unknown[],
  patchOrder: unknown[],
  serverOrder: unknown[],
  mergeKey: string,
  kind: ElementKind,
): unknown[] {
  const key = kind === "map" ? mergeKey : "";
  const sortedPatch = sortByOrder(patch, patchOrder, key);
  const sortedServer = sortByOrder(serverOnly, serverOrder, key);
  return mergeSorted(sortedServer, sortedPatch, positions(serverOrder, key), key);
}

function sortByOrder(items: unknown[], order: unknown[], mergeKey: string): unknown[] {
  let keep = items;
  let toDelete: unknown[] = [];
  if (mergeKey) {
    for (const v of [...items, ...order]) {
      if (!isObject(v)) throw errBadArgType("map[string]interface {}", v);
      if (!hasOwn(v, mergeKey)) throw errNoMergeKey(v, mergeKey);
    }
    keep = items.filter((v) => (v as JsonObject)[DIRECTIVE] !== "delete");
    toDelete = items.filter((v) => (v as JsonObject)[DIRECTIVE] === "delete");
  }
  const at = positions(order, mergeKey);
  const rank = (v: unknown) => at.get(identity(v, mergeKey)) ?? Number.MAX_SAFE_INTEGER;
  const sorted = keep
    .map((v, i) => ({ v, r: rank(v), i }))
    .sort((a, b) => a.r - b.r || a.i - b.i)
    .map((e) => e.v);
  return [...sorted, ...toDelete];
}

/** Upstream's mergeSortedSlice: insert each `left` item before the first greater `right` item. */
function mergeSorted(
  left: unknown[],
  right: unknown[],
  at: Map<unknown, number>,
  mergeKey: string,
): unknown[] {
  const out: unknown[] = [];
  let i = 0;
  let j = 0;
  while (i < left.length || j < right.length) {
    if (i >= left.length) out.push(right[j++]);
    else if (j >= right.length) out.push(left[i++]);
    else {
      const li = at.get(identity(left[i], mergeKey));
      const ri = at.get(identity(right[j], mergeKey));
      if (li !== undefined && ri !== undefined && li < ri) out.push(left[i++]);
      else out.push(right[j++]);
    }
  }
  return out;
}
