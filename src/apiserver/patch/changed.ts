/**
 * What a create by a client that sent no managedFields takes: the fields that `compare` reports
 * as added or modified, walked as compare walks them and written straight as FieldsV1.
 */
import { fieldPE, LEAF, type PathElement, sortPEs } from "./fieldpath.js";
import { deepEqual, getOwn, isObject, type JsonObject } from "./json.js";
import type { SchemaNode } from "./schema.js";
import { childOf, indexItems, isEmpty, itemsOf, jointMode, listRelation, type Mode } from "./typed.js";

/**
 * What changed from `lhs` to `rhs` (compare's added and modified), as FieldsV1 JSON built in
 * one walk (no field sets, no path copies): the create path of every write runs it. `keyed` says whether this value itself changed
 * (then its entry gets a "." when it has entries below it). Undefined when nothing below
 * `rhs` changed.
 */
export function changedFieldsV1(
  lhs: unknown,
  rhs: unknown,
  node: SchemaNode,
  keyed = false,
): JsonObject | undefined {
  if (rhs === undefined) return undefined;
  const mode = jointMode(node, lhs, rhs);
  if (mode === "leaf" || (isEmpty(lhs) && isEmpty(rhs))) return undefined;
  return entriesBelow(lhs, rhs, node, mode, keyed);
}

/** One entry of a FieldsV1 level: what `r` at `pe` adds (nothing, a leaf `{}`, or its entries). */
function addEntry(
  entries: [PathElement, JsonObject][],
  pe: PathElement,
  l: unknown,
  r: unknown,
  n: SchemaNode,
): void {
  if (r === undefined) return;
  const mode = jointMode(n, l, r);
  if (mode === "leaf" || (isEmpty(l) && isEmpty(r))) {
    if (l === undefined || !deepEqual(l, r)) entries.push([pe, LEAF]);
    return;
  }
  const itself = l === undefined;
  const below = entriesBelow(l, r, n, mode, itself);
  if (below) entries.push([pe, below]);
  else if (itself) entries.push([pe, LEAF]);
}

function entriesBelow(
  lhs: unknown,
  rhs: unknown,
  node: SchemaNode,
  mode: Mode,
  keyed: boolean,
): JsonObject | undefined {
  const entries: [PathElement, JsonObject][] = [];
  let fieldsOnly = true;
  if (mode === "map") {
    const lm = isObject(lhs) ? lhs : undefined;
    if (isObject(rhs)) {
      for (const k of Object.keys(rhs)) {
        addEntry(entries, fieldPE(k), lm && getOwn(lm, k), rhs[k], childOf(node, k));
      }
    }
  } else if (Array.isArray(rhs)) {
    fieldsOnly = false;
    const rel = listRelation(node);
    const items = itemsOf(node);
    // On create there is no live list: no index of it to build.
    const lItems = Array.isArray(lhs) && lhs.length > 0 ? indexItems(lhs, rel, items) : undefined;
    for (const [pe, R] of indexItems(rhs, rel, items)) {
      const L = lItems?.get(pe) ?? NONE;
      if (L.length <= 1 && R.length === 1) addEntry(entries, pe, L[0], R[0], items);
      else if (L.length >= 2 && R.length >= 2) {
        if (!deepEqual(L, R)) entries.push([pe, LEAF]);
      } else if (L.length >= 2) addEntry(entries, pe, undefined, R[0], items);
      else entries.push([pe, LEAF]);
    }
  }
  if (entries.length === 0) return undefined;
  const out: JsonObject = keyed ? { ".": LEAF } : {};
  if (fieldsOnly) {
    // Insertion sort in place: levels are small, and Array#sort with a comparator allocates.
    for (let i = 1; i < entries.length; i++) {
      const e = entries[i]!;
      let j = i - 1;
      for (; j >= 0 && entries[j]![0] > e[0]; j--) entries[j + 1] = entries[j]!;
      entries[j + 1] = e;
    }
    for (const [pe, v] of entries) out[pe] = v;
  } else if (entries.length === 1) {
    out[entries[0]![0]] = entries[0]![1];
  } else {
    const byPE = new Map(entries);
    for (const pe of sortPEs(byPE.keys())) out[pe] = byPE.get(pe)!;
  }
  return out;
}

const NONE: readonly unknown[] = [];
