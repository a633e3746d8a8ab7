/**
 * Values walked with their schema, as structured-merge-diff's `typed` package does for
 * server-side apply: the set of fields a value sets, the comparison of two values, the merge
 * of an applied configuration into a live object, and removal of a set of fields.
 *
 * Structs and maps are granular unless `x-kubernetes-map-type: atomic`; lists are atomic
 * unless associative: `x-kubernetes-list-type: map` (items keyed by the list map keys) or
 * `set` (items keyed by value), or, without a list type, patch strategy "merge" (keyed by the
 * patch merge key). Values that do not fit their schema are treated as opaque leaves here;
 * {@link validate} reports them for applied configurations.
 */
import {
  type FieldPath,
  FieldSet,
  fieldName,
  fieldPE,
  indexPE,
  keyPE,
  type PathElement,
  pathString,
  valuePE,
} from "./fieldpath.js";
import { goSharpV, goType, goValue } from "./go-format.js";
import { deepEqual, getOwn, hasOwn, isObject, type JsonObject, setOwn } from "./json.js";
import { DEDUCED, type ScalarKind, type SchemaNode } from "./schema.js";

export type Mode = "leaf" | "map" | "list";

/** How a list's items are identified: not at all (atomic), by value (set) or by key fields. */
export type ListRelation =
  | { readonly kind: "atomic" }
  | { readonly kind: "set" }
  | { readonly kind: "map"; readonly keys: readonly string[] };

const ATOMIC_LIST: ListRelation = { kind: "atomic" };
const relations = new WeakMap<SchemaNode, ListRelation>();

/** How the items of the list `node` are identified (made once per schema node). */
export function listRelation(node: SchemaNode): ListRelation {
  if (node.type !== "list") return ATOMIC_LIST;
  let rel = relations.get(node);
  if (rel === undefined) {
    rel = relationOf(node);
    relations.set(node, rel);
  }
  return rel;
}

function relationOf(node: SchemaNode): ListRelation {
  switch (node.listType) {
    case "atomic":
      return { kind: "atomic" };
    case "set":
      return { kind: "set" };
    case "map":
      return node.listMapKeys?.length ? { kind: "map", keys: node.listMapKeys } : { kind: "set" };
  }
  if (node.patchStrategy?.split(",").includes("merge")) {
    return node.patchMergeKey ? { kind: "map", keys: [node.patchMergeKey] } : { kind: "set" };
  }
  return { kind: "atomic" };
}

function modeOf(node: SchemaNode, v: unknown): Mode {
  switch (node.type) {
    case "struct":
    case "map":
      return node.mapType !== "atomic" && (v === null || isObject(v)) ? "map" : "leaf";
    case "deduced":
      return isObject(v) ? "map" : "leaf";
    case "list":
      return listRelation(node).kind !== "atomic" && (v === null || Array.isArray(v)) ? "list" : "leaf";
    default:
      return "leaf";
  }
}

export function jointMode(node: SchemaNode, l: unknown, r: unknown): Mode {
  if (l === undefined) return modeOf(node, r);
  if (r === undefined) return modeOf(node, l);
  const m = modeOf(node, l);
  return m === modeOf(node, r) ? m : "leaf";
}

export const childOf = (node: SchemaNode, key: string): SchemaNode => node.field(key) ?? DEDUCED;
export const itemsOf = (node: SchemaNode): SchemaNode => node.items() ?? DEDUCED;

/** The path element of a list item, or an error message (upstream's wording). */
export function itemPE(item: unknown, rel: ListRelation, items: SchemaNode): PathElement | { error: string } {
  if (rel.kind === "map") {
    if (item === null) return { error: "associative list with keys may not have a null element" };
    if (!isObject(item)) return { error: "associative list with keys may not have non-map elements" };
    const key: JsonObject = {};
    let found = false;
    for (const k of rel.keys) {
      const v = hasOwn(item, k) ? item[k] : items.field(k)?.default;
      if (v !== undefined) {
        setOwn(key, k, v);
        found = true;
      }
    }
    if (!found) {
      return {
        error: `associative list with keys has an element that omits all key fields [${rel.keys.map((k) => JSON.stringify(k)).join(" ")}] (and doesn't have default values for any key fields)`,
      };
    }
    return keyPE(key);
  }
  if (Array.isArray(item)) return { error: "not supported: associative list with lists as elements" };
  if (isObject(item)) return { error: "associative list without keys has an element that's a map type" };
  if (item === null) return { error: "associative list without keys has an element that's an explicit null" };
  return valuePE(item);
}

/** Items of an associative list grouped by path element, in first-seen order; unkeyable items skipped. */
export function indexItems(
  list: readonly unknown[],
  rel: ListRelation,
  items: SchemaNode,
): Map<PathElement, unknown[]> {
  const out = new Map<PathElement, unknown[]>();
  for (const item of list) {
    const pe = itemPE(item, rel, items);
    if (typeof pe !== "string") continue;
    const group = out.get(pe);
    if (group) group.push(item);
    else out.set(pe, [item]);
  }
  return out;
}

export const isEmpty = (v: unknown) =>
  v === undefined || v === null || (Array.isArray(v) ? v.length === 0 : isObject(v) && !hasAnyKey(v));

function hasAnyKey(o: JsonObject): boolean {
  for (const k in o) if (Object.hasOwn(o, k)) return true;
  return false;
}

/** The fields `v` sets (structured-merge-diff's ToFieldSet). */
export function toFieldSet(v: unknown, node: SchemaNode): FieldSet {
  const set = new FieldSet();
  walkFields(v, node, [], set);
  return set;
}

function walkFields(v: unknown, node: SchemaNode, path: PathElement[], set: FieldSet): void {
  const mode = modeOf(node, v);
  if (mode === "leaf") {
    set.insert(path);
    return;
  }
  if (mode === "map") {
    if (!isObject(v)) return;
    for (const k of Object.keys(v)) {
      const child = [...path, fieldPE(k)];
      const val = v[k];
      walkFields(val, childOf(node, k), child, set);
      if (val === null || (isObject(val) && Object.keys(val).length === 0) || !node.declares(k))
        set.insert(child);
    }
    return;
  }
  if (!Array.isArray(v)) return;
  const rel = listRelation(node);
  const items = itemsOf(node);
  for (const [pe, group] of indexItems(v, rel, items)) {
    const child = [...path, pe];
    if (group.length === 1) walkFields(group[0], items, child, set);
    set.insert(child);
  }
}

export interface Comparison {
  readonly added: FieldSet;
  readonly modified: FieldSet;
  readonly removed: FieldSet;
}

/** What changed from `lhs` to `rhs` (structured-merge-diff's Compare). */
export function compare(lhs: unknown, rhs: unknown, node: SchemaNode): Comparison {
  const c = { added: new FieldSet(), modified: new FieldSet(), removed: new FieldSet() };
  walkCompare(lhs, rhs, node, [], c);
  return c;
}

function leafCompare(l: unknown, r: unknown, path: FieldPath, c: Comparison): void {
  if (l === undefined) c.added.insert(path);
  else if (r === undefined) c.removed.insert(path);
  else if (!deepEqual(l, r)) c.modified.insert(path);
}

function walkCompare(l: unknown, r: unknown, node: SchemaNode, path: PathElement[], c: Comparison): void {
  const mode = jointMode(node, l, r);
  if (mode === "leaf" || (isEmpty(l) && isEmpty(r))) {
    leafCompare(l, r, path, c);
    return;
  }
  if (mode === "map") {
    const lm = isObject(l) ? l : {};
    const rm = isObject(r) ? r : {};
    for (const k of new Set([...Object.keys(lm), ...Object.keys(rm)])) {
      walkCompare(getOwn(lm, k), getOwn(rm, k), childOf(node, k), [...path, fieldPE(k)], c);
    }
  } else {
    const rel = listRelation(node);
    const items = itemsOf(node);
    const lItems = indexItems(Array.isArray(l) ? l : [], rel, items);
    const rItems = indexItems(Array.isArray(r) ? r : [], rel, items);
    for (const pe of new Set([...lItems.keys(), ...rItems.keys()])) {
      const L = lItems.get(pe) ?? [];
      const R = rItems.get(pe) ?? [];
      const child = [...path, pe];
      if (L.length <= 1 && R.length <= 1) walkCompare(L[0], R[0], items, child, c);
      else if (L.length >= 2 && R.length >= 2) {
        if (!deepEqual(L, R)) c.modified.insert(child);
      } else if (L.length >= 2) {
        if (R.length) walkCompare(undefined, R[0], items, child, c);
        c.removed.insert(child);
      } else {
        if (L.length) walkCompare(L[0], undefined, items, child, c);
        c.added.insert(child);
      }
    }
  }
  if (l === undefined) c.added.insert(path);
  else if (r === undefined) c.removed.insert(path);
}

/**
 * `rhs` (an applied configuration) merged into `lhs` (structured-merge-diff's Merge): maps
 * merge key by key, associative lists item by item (shared items in `rhs`'s order, items only
 * in `lhs` kept in place), everything else is taken from `rhs`. Returns undefined when the
 * merge of two compound values is empty.
 */
export function merge(l: unknown, r: unknown, node: SchemaNode): unknown {
  if (r === undefined) return l;
  if (l === undefined) return r;
  const mode = jointMode(node, l, r);
  if (mode === "leaf" || (isEmpty(l) && isEmpty(r))) return r;
  if (mode === "map") {
    const lm = isObject(l) ? l : {};
    const rm = isObject(r) ? r : {};
    const out: JsonObject = {};
    for (const k of new Set([...Object.keys(lm), ...Object.keys(rm)])) {
      const v = merge(getOwn(lm, k), getOwn(rm, k), childOf(node, k));
      if (v !== undefined) setOwn(out, k, v);
    }
    return Object.keys(out).length ? out : undefined;
  }
  const out = mergeList(Array.isArray(l) ? l : [], Array.isArray(r) ? r : [], node);
  return out.length ? out : undefined;
}

/** A duplicated live item: merged as null, like upstream. */
const DUPLICATE = Symbol("duplicate");

function mergeList(lhs: readonly unknown[], rhs: readonly unknown[], node: SchemaNode): unknown[] {
  const rel = listRelation(node);
  const items = itemsOf(node);
  const rPEs: PathElement[] = [];
  const rSeen = new Map<PathElement, unknown>();
  for (const item of rhs) {
    const pe = itemPE(item, rel, items);
    if (typeof pe !== "string" || rSeen.has(pe)) continue;
    rSeen.set(pe, item);
    rPEs.push(pe);
  }
  const lPEs: PathElement[] = [];
  const lItems: unknown[] = [];
  const lSeen = new Map<PathElement, unknown>();
  lhs.forEach((item, i) => {
    const r = itemPE(item, rel, items);
    // An item upstream could not key is kept where it is, owned by no one.
    const pe = typeof r === "string" ? r : `\u0000${i}`;
    lSeen.set(pe, lSeen.has(pe) ? DUPLICATE : item);
    lPEs.push(pe);
    lItems.push(item);
  });
  const lChild = (pe: PathElement) => {
    const v = lSeen.get(pe);
    return v === DUPLICATE ? null : v;
  };
  const shared = rPEs.filter((pe) => lSeen.has(pe));
  let si = 0;
  let nextShared = shared[si++];
  const mergedR = new Set<PathElement>();
  const out: unknown[] = [];
  const push = (v: unknown) => {
    if (v !== undefined) out.push(v);
  };
  let li = 0;
  let ri = 0;
  while (li < lPEs.length || ri < rPEs.length) {
    if (li < lPEs.length && ri < rPEs.length) {
      const pe = lPEs[li]!;
      if (pe === rPEs[ri]) {
        mergedR.add(pe);
        push(merge(lChild(pe), rSeen.get(pe), items));
        li++;
        ri++;
        nextShared = shared[si++];
        continue;
      }
      if (rSeen.has(pe) && nextShared !== undefined && nextShared !== pe) {
        li++;
        continue;
      }
    }
    if (li < lPEs.length) {
      const pe = lPEs[li]!;
      if (!rSeen.has(pe)) {
        push(merge(lItems[li], undefined, items));
        li++;
        continue;
      }
      if (mergedR.has(pe)) li++;
    }
    if (ri < rPEs.length) {
      const pe = rPEs[ri]!;
      mergedR.add(pe);
      push(merge(lChild(pe), rSeen.get(pe), items));
      ri++;
      if (nextShared === pe) nextShared = shared[si++];
    }
  }
  return out;
}

/** `v` without the paths in `set` (structured-merge-diff's RemoveItems); emptied compounds go. */
export function removeItems(v: unknown, set: FieldSet, node: SchemaNode): unknown {
  const mode = modeOf(node, v);
  if (mode === "leaf" || isEmpty(v)) return v;
  if (mode === "map") {
    const m = v as JsonObject;
    const out: JsonObject = {};
    for (const k of Object.keys(m)) {
      const pe = fieldPE(k);
      if (set.members.has(pe)) continue;
      const sub = set.children.get(pe);
      const nv = sub ? removeItems(m[k], sub, childOf(node, k)) : m[k];
      if (nv !== undefined) setOwn(out, k, nv);
    }
    return Object.keys(out).length ? out : undefined;
  }
  const rel = listRelation(node);
  const items = itemsOf(node);
  const out: unknown[] = [];
  for (const item of v as unknown[]) {
    const pe = itemPE(item, rel, items);
    if (typeof pe !== "string") {
      out.push(item);
      continue;
    }
    if (set.members.has(pe)) continue;
    const sub = set.children.get(pe);
    const nv = sub ? removeItems(item, sub, items) : item;
    if (nv !== undefined) out.push(nv);
  }
  return out.length ? out : undefined;
}

/** `set` plus, as members, every declared struct field it has paths below. */
export function ensureNamedFieldsAreMembers(set: FieldSet, node: SchemaNode): FieldSet {
  const out = new FieldSet();
  for (const m of set.members) out.members.add(m);
  for (const [pe, sub] of set.children) {
    const name = fieldName(pe);
    if (name !== undefined && node.declares(name)) out.members.add(pe);
    const child = name !== undefined ? childOf(node, name) : pe.startsWith("k:") ? itemsOf(node) : DEDUCED;
    out.children.set(pe, ensureNamedFieldsAreMembers(sub, child));
  }
  return out;
}

/** Drops null-valued fields of structs and maps, as decoding into Go types does. */
export function dropNulls(v: unknown, node: SchemaNode): void {
  if (node.type === "struct" || node.type === "map") {
    if (!isObject(v)) return;
    for (const k of Object.keys(v)) {
      if (v[k] === null) delete v[k];
      else dropNulls(v[k], childOf(node, k));
    }
  } else if (node.type === "list" && Array.isArray(v)) {
    const items = itemsOf(node);
    for (const item of v) dropNulls(item, items);
  }
}

/**
 * Removes from `v` the nulls of struct and map fields that `live` does not set either: the
 * API server stores no nulls, while upstream's live objects carry the nulls Go prints (such as
 * a pod template's `creationTimestamp: null`), so an applied null over an absent field is no
 * change there and must not be one here (no conflict, no ownership taken).
 */
export function dropNullsAbsentIn(v: unknown, live: unknown, node: SchemaNode): void {
  if ((node.type !== "struct" && node.type !== "map") || !isObject(v)) return;
  const l = isObject(live) ? live : {};
  for (const k of Object.keys(v)) {
    const lv = getOwn(l, k);
    if (v[k] === null && (lv === undefined || lv === null)) delete v[k];
    else dropNullsAbsentIn(v[k], lv, childOf(node, k));
  }
}

/**
 * Errors of an applied configuration against its schema, worded as structured-merge-diff's
 * typed validation: `.spec.foo: field not declared in schema`, `.spec.replicas: expected
 * numeric (int or float), got string`. Empty when valid.
 */
export function validate(v: unknown, node: SchemaNode): string[] {
  const errs: string[] = [];
  walkValidate(v, node, [], errs);
  return errs;
}

/**
 * `%v` of the value smd holds for an unstructured value (a `*value.valueUnstructured`), which
 * its "expected map" and "expected list" messages print: `&{x}`, `&{map[a:b]}`.
 */
const smdValue = (v: unknown) => `&{${goValue(v)}}`;

/** smd's validateScalar: why `v` is not what a scalar of this kind holds, or undefined. */
function scalarError(v: unknown, kind: ScalarKind | undefined): string | undefined {
  switch (kind) {
    case "numeric":
      return typeof v === "number" ? undefined : `expected numeric (int or float), got ${goType(v)}`;
    case "string":
      return typeof v === "string"
        ? undefined
        : `expected string, got &value.valueUnstructured{Value:${goSharpV(v)}}`;
    case "boolean":
      return typeof v === "boolean" ? undefined : `expected boolean, got ${smdValue(v)}`;
    default:
      return typeof v === "object" ? `expected any scalar, got ${smdValue(v)}` : undefined;
  }
}

function walkValidate(v: unknown, node: SchemaNode, path: PathElement[], errs: string[]): void {
  const at = (msg: string) => errs.push(path.length ? `${pathString(path)}: ${msg}` : msg);
  if (v === null) return;
  switch (node.type) {
    case "scalar": {
      const err = scalarError(v, node.scalar);
      if (err) at(err);
      return;
    }
    case "struct":
    case "map":
      if (!isObject(v)) {
        at(`expected map, got ${smdValue(v)}`);
        return;
      }
      for (const k of Object.keys(v)) {
        const child = [...path, fieldPE(k)];
        // Every object may carry apiVersion, kind and metadata (custom resource schemas omit them).
        const implicit = path.length === 0 && (k === "apiVersion" || k === "kind" || k === "metadata");
        if (node.type === "struct" && !node.declares(k) && !node.open && !implicit) {
          errs.push(`${pathString(child)}: field not declared in schema`);
          continue;
        }
        walkValidate(v[k], childOf(node, k), child, errs);
      }
      return;
    case "list": {
      if (!Array.isArray(v)) {
        at(`expected list, got ${smdValue(v)}`);
        return;
      }
      const rel = listRelation(node);
      const items = itemsOf(node);
      if (rel.kind === "atomic") {
        for (const [i, item] of v.entries()) walkValidate(item, items, [...path, indexPE(i)], errs);
        return;
      }
      const seen = new Set<PathElement>();
      for (const [i, item] of v.entries()) {
        const pe = itemPE(item, rel, items);
        if (typeof pe !== "string") {
          // As smd: without the item's key nothing below it can be reported; the list stops.
          at(`element ${i}: ${pe.error}`);
          return;
        }
        if (seen.has(pe)) at(`duplicate entries for key ${pathString([pe])}`);
        seen.add(pe);
        walkValidate(item, items, [...path, pe], errs);
      }
      return;
    }
    default:
      return;
  }
}
