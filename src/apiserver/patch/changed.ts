/**
 * What a create by a client that sent no managedFields takes: the fields that `compare` reports
 * as added or modified, walked as compare walks them and written straight as FieldsV1.
 */
import { fieldPE, LEAF, type PathElement, shareFieldsV1, sortPEs } from "./fieldpath.js";
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

/** The entries of one FieldsV1 level being built: path elements and their values, in step. */
interface Level {
  readonly pes: PathElement[];
  readonly values: JsonObject[];
}

/** One entry of a FieldsV1 level: what `r` at `pe` adds (nothing, a leaf `{}`, or its entries). */
function addEntry(level: Level, pe: PathElement, l: unknown, r: unknown, n: SchemaNode): void {
  if (r === undefined) return;
  const mode = jointMode(n, l, r);
  if (mode === "leaf" || (isEmpty(l) && isEmpty(r))) {
    if (l === undefined || !deepEqual(l, r)) push(level, pe, LEAF);
    return;
  }
  const itself = l === undefined;
  const below = entriesBelow(l, r, n, mode, itself);
  if (below) push(level, pe, below);
  else if (itself) push(level, pe, LEAF);
}

function push(level: Level, pe: PathElement, v: JsonObject): void {
  level.pes.push(pe);
  level.values.push(v);
}

function entriesBelow(
  lhs: unknown,
  rhs: unknown,
  node: SchemaNode,
  mode: Mode,
  keyed: boolean,
): JsonObject | undefined {
  const level: Level = { pes: [], values: [] };
  let fieldsOnly = true;
  if (mode === "map") {
    const lm = isObject(lhs) ? lhs : undefined;
    if (isObject(rhs)) {
      for (const k of Object.keys(rhs)) {
        addEntry(level, fieldPE(k), lm && getOwn(lm, k), rhs[k], childOf(node, k));
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
      if (L.length <= 1 && R.length === 1) addEntry(level, pe, L[0], R[0], items);
      else if (L.length >= 2 && R.length >= 2) {
        if (!deepEqual(L, R)) push(level, pe, LEAF);
      } else if (L.length >= 2) addEntry(level, pe, undefined, R[0], items);
      else push(level, pe, LEAF);
    }
  }
  const { pes, values } = level;
  if (pes.length === 0) return undefined;
  const out: JsonObject = keyed ? { ".": LEAF } : {};
  if (fieldsOnly) {
    // Insertion sort in place (both arrays in step): levels are small, and Array#sort with a
    // comparator allocates.
    for (let i = 1; i < pes.length; i++) {
      const pe = pes[i]!;
      const v = values[i]!;
      let j = i - 1;
      for (; j >= 0 && pes[j]! > pe; j--) {
        pes[j + 1] = pes[j]!;
        values[j + 1] = values[j]!;
      }
      pes[j + 1] = pe;
      values[j + 1] = v;
    }
    for (let i = 0; i < pes.length; i++) out[pes[i]!] = values[i]!;
  } else if (pes.length === 1) {
    out[pes[0]!] = values[0]!;
  } else {
    const byPE = new Map(pes.map((pe, i) => [pe, values[i]!]));
    for (const pe of sortPEs(byPE.keys())) out[pe] = byPE.get(pe)!;
  }
  return shareFieldsV1(out);
}

const NONE: readonly unknown[] = [];
