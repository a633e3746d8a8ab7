/**
 * `application/strategic-merge-patch+json`, following k8s.io/apimachinery's strategicpatch
 * (StrategicMergeMapPatch with the server's options: parallel lists merged, unmatched nulls
 * ignored). Maps merge key by key and null deletes a key; lists whose field has patch strategy
 * "merge" merge by their patch merge key (lists of scalars: union), other lists are replaced.
 * Directives: `$patch: replace|delete|merge`, `$retainKeys`, `$setElementOrder/<field>`,
 * `$deleteFromPrimitiveList/<field>`.
 */
import { badRequest, invalidPatch, rejected } from "./errors.js";
import { goJsonKind, goType, goValue } from "./go-format.js";
import { clone, hasOwn, isObject, type JsonObject, parseJsonBody, setOwn } from "./json.js";
import type { SchemaNode } from "./schema.js";
import {
  mergeSliceHandler,
  normalizeElementOrder,
  partitionByPresence,
  sliceElementKind,
} from "./strategic-list.js";

export const DIRECTIVE = "$patch";
const RETAIN_KEYS = "$retainKeys";
const DELETE_PRIMITIVE = "$deleteFromPrimitiveList";
const SET_ORDER = "$setElementOrder";

/** A strategic merge patch failure; `kind` decides the status upstream answers with. */
export class SmpError extends Error {
  constructor(
    readonly kind: "bad" | "reject" | "invalid",
    message: string,
  ) {
    super(message);
  }
}

export const errBadArgType = (expected: string, actual: unknown) =>
  new SmpError("invalid", `expected a ${expected}, but received a ${goType(actual)}`);
export const errNoMergeKey = (m: unknown, key: string) =>
  new SmpError("invalid", `map: ${goValue(m)} does not contain declared merge key: ${key}`);
export const errBadPatchType = (t: unknown, m: unknown) =>
  new SmpError("invalid", `unknown patch type: ${goValue(t)} in map: ${goValue(m)}`);
const errRetainKeys = () => new SmpError("bad", "invalid patch format of retainKeys");
const errPrimitiveList = () => new SmpError("bad", "invalid patch format of primitive list");
export const errSetOrder = () => new SmpError("bad", "invalid patch format of setElementOrder list");

/**
 * Applies the strategic merge patch `body` to a copy of `doc`. `schema` is the kind's schema;
 * fields it does not know get no patch metadata (maps merge, lists are replaced).
 */
export function strategicMergePatch(
  doc: JsonObject,
  body: string | Uint8Array,
  schema: SchemaNode,
): JsonObject {
  const patch = parseJsonBody(body);
  if (patch === null) return clone(doc);
  if (!isObject(patch)) {
    throw badRequest(
      `json: cannot unmarshal ${goJsonKind(patch)} into Go value of type map[string]interface {}`,
    );
  }
  try {
    return mergeMap(clone(doc), patch, schema);
  } catch (e) {
    if (!(e instanceof SmpError)) throw e;
    if (e.kind === "bad") throw badRequest(e.message);
    if (e.kind === "reject") throw rejected(e.message);
    throw invalidPatch(e.message);
  }
}

/** The patch strategy of a field without "retainKeys" (upstream's extractRetainKeysPatchStrategy). */
export function fieldStrategy(field: SchemaNode | undefined): string {
  const strategies = field?.patchStrategy ? field.patchStrategy.split(",") : [];
  if (strategies.length === 0) return "";
  if (strategies.length === 1) return strategies[0] === "retainKeys" ? "" : strategies[0]!;
  if (strategies.length === 2) {
    if (strategies[0] === "retainKeys") return strategies[1]!;
    if (strategies[1] === "retainKeys") return strategies[0]!;
  }
  throw new SmpError("invalid", `unexpected patch strategy: [${strategies.join(" ")}]`);
}

export function mergeMap(
  original: JsonObject | null,
  patch: JsonObject,
  schema: SchemaNode | undefined,
): JsonObject {
  if (hasOwn(patch, DIRECTIVE)) {
    const directive = patch[DIRECTIVE];
    if (directive === "replace") {
      delete patch[DIRECTIVE];
      return stripDirectiveKeys(patch) as JsonObject;
    }
    if (directive === "delete") return {};
    throw errBadPatchType(directive, patch);
  }
  const out = original ?? {};
  applyRetainKeys(out, patch);
  mergeOrderedLists(out, patch, schema);
  for (const k of Object.keys(patch)) {
    let key = k;
    let isDeleteList = false;
    if (k.startsWith(DELETE_PRIMITIVE)) {
      key = extractKey(k, DELETE_PRIMITIVE);
      isDeleteList = true;
    }
    const patchV = patch[k];
    if (patchV === null) {
      delete out[key];
      continue;
    }
    const cur = hasOwn(out, key) ? out[key] : undefined;
    if (cur === undefined || shape(cur) !== shape(patchV)) {
      if (!isDeleteList) {
        discardNulls(patchV);
        const [v, keep] = removeDirectives(patchV);
        if (keep) setOwn(out, key, stripDirectiveKeys(v));
        else delete out[key];
      }
      continue;
    }
    const field = schema?.field(key);
    if (isObject(cur)) {
      const strategy = fieldStrategy(field);
      setOwn(
        out,
        key,
        strategy === "replace" ? stripDirectiveKeys(patchV) : mergeMap(cur, patchV as JsonObject, field),
      );
    } else if (Array.isArray(cur)) {
      setOwn(
        out,
        key,
        mergeSliceHandler(cur, patchV as unknown[], {
          items: field?.items(),
          strategy: fieldStrategy(field),
          mergeKey: field?.patchMergeKey ?? "",
          isDeleteList,
        }),
      );
    } else {
      setOwn(out, key, patchV);
    }
  }
  return out;
}

/** Object, list or scalar, as upstream compares `reflect.TypeOf` of the two sides. */
function shape(v: unknown): "object" | "list" | "null" | "scalar" {
  if (v === null) return "null";
  if (Array.isArray(v)) return "list";
  return isObject(v) ? "object" : "scalar";
}

/** `$deleteFromPrimitiveList/finalizers` -> `finalizers`. */
function extractKey(s: string, prefix: string): string {
  const slash = s.indexOf("/");
  if (slash < 0 || s.slice(0, slash) !== prefix) {
    throw prefix === DELETE_PRIMITIVE ? errPrimitiveList() : errSetOrder();
  }
  return s.slice(slash + 1);
}

/** `$retainKeys`: keys of `original` not listed are cleared; the patch may set only listed ones. */
function applyRetainKeys(original: JsonObject, patch: JsonObject): void {
  if (!hasOwn(patch, RETAIN_KEYS)) return;
  const list = patch[RETAIN_KEYS];
  delete patch[RETAIN_KEYS];
  if (!Array.isArray(list)) throw errRetainKeys();
  const keep = new Set(list);
  for (const [k, v] of Object.entries(patch)) {
    if (v === null || k.startsWith(DELETE_PRIMITIVE) || k.startsWith(SET_ORDER)) continue;
    if (!keep.has(k)) throw errRetainKeys();
  }
  for (const k of Object.keys(original)) if (!keep.has(k)) delete original[k];
}

/**
 * `$setElementOrder/<field>`: merges `<field>` of the patch into the original and orders the
 * result: the directive's order first, then the patch's, then the live list's.
 */
function mergeOrderedLists(original: JsonObject, patch: JsonObject, schema: SchemaNode | undefined): void {
  for (const key of Object.keys(patch)) {
    if (!key.startsWith(SET_ORDER)) continue;
    const order = patch[key];
    delete patch[key];
    if (!Array.isArray(order)) throw errBadArgType("[]interface {}", order);
    const listKey = extractKey(key, SET_ORDER);
    const foundOriginal = hasOwn(original, listKey);
    const foundPatch = hasOwn(patch, listKey);
    const originalList = foundOriginal ? original[listKey] : undefined;
    const patchList = foundPatch ? patch[listKey] : undefined;
    if (foundOriginal && !Array.isArray(originalList)) throw errBadArgType("[]interface {}", originalList);
    if (foundPatch && !Array.isArray(patchList)) throw errBadArgType("[]interface {}", patchList);
    const field = schema?.field(listKey);
    const strategy = fieldStrategy(field);
    const mergeKey = field?.patchMergeKey ?? "";
    const origItems = (originalList ?? []) as unknown[];
    const patchItems = (patchList ?? []) as unknown[];
    validateAgainstOrder(patchItems, order, mergeKey);
    let merged: unknown[];
    if (foundOriginal && !foundPatch) merged = origItems;
    else if (!foundOriginal && foundPatch) merged = removeDirectives(patchItems)[0] as unknown[];
    else if (foundOriginal && foundPatch) {
      merged = mergeSliceHandler(origItems, patchItems, { items: field?.items(), strategy, mergeKey });
    } else continue;
    const [inOrder, serverOnly] = partitionByPresence(merged, order, mergeKey);
    const kind = sliceElementKind([origItems, patchItems]);
    setOwn(original, listKey, normalizeElementOrder(inOrder, serverOnly, order, origItems, mergeKey, kind));
    delete patch[listKey];
  }
}

/** Upstream's validatePatchWithSetOrderList: patch items must appear in the directive's order. */
function validateAgainstOrder(patchList: unknown[], order: unknown[], mergeKey: string): void {
  if (order.length === 0 || patchList.length === 0) return;
  let items = patchList;
  if (mergeKey) {
    items = patchList.filter((v) => {
      if (!isObject(v)) throw errBadArgType("map[string]interface {}", v);
      return v[DIRECTIVE] !== "delete";
    });
  }
  let pi = 0;
  let oi = 0;
  while (pi < items.length && oi < order.length) {
    const item = items[pi];
    if (isObject(item) && hasOwn(item, DIRECTIVE)) {
      pi++;
      continue;
    }
    if (mergeKeyEqual(item, order[oi], mergeKey)) pi++;
    oi++;
  }
  if (pi < items.length && oi >= order.length) {
    throw new SmpError(
      "invalid",
      `The order in patch list:\n${goValue(patchList)}\n doesn't match ${SET_ORDER} list:\n${goValue(order)}\n`,
    );
  }
}

function mergeKeyEqual(left: unknown, right: unknown, mergeKey: string): boolean {
  if (!mergeKey) return left === right;
  if (!isObject(left)) throw errBadArgType("map[string]interface {}", left);
  if (!isObject(right)) throw errBadArgType("map[string]interface {}", right);
  if (!hasOwn(left, mergeKey)) throw errNoMergeKey(left, mergeKey);
  if (!hasOwn(right, mergeKey)) throw errNoMergeKey(right, mergeKey);
  return left[mergeKey] === right[mergeKey];
}

/** Drops null-valued keys of maps at any depth (the server ignores unmatched nulls). */
function discardNulls(v: unknown): void {
  if (Array.isArray(v)) {
    for (const item of v) discardNulls(item);
  } else if (isObject(v)) {
    for (const k of Object.keys(v)) {
      if (v[k] === null) delete v[k];
      else discardNulls(v[k]);
    }
  }
}

/** Removes maps carrying `$patch` (and list items that are such maps); returns [value, keep]. */
export function removeDirectives(v: unknown): [unknown, boolean] {
  if (isObject(v)) {
    if (hasOwn(v, DIRECTIVE)) return [undefined, false];
    for (const k of Object.keys(v)) {
      const [nv, keep] = removeDirectives(v[k]);
      if (keep) setOwn(v, k, nv);
      else delete v[k];
    }
    return [v, true];
  }
  if (Array.isArray(v)) {
    const out: unknown[] = [];
    for (const item of v) {
      const [nv, keep] = removeDirectives(item);
      if (keep) out.push(nv);
    }
    return [out, true];
  }
  return [v, true];
}

/**
 * Deletes directive keys left in values taken from the patch as they are. Upstream drops them
 * when decoding the result into the typed object; k8ts stores JSON, so they go here.
 */
export function stripDirectiveKeys(v: unknown): unknown {
  if (Array.isArray(v)) {
    for (const item of v) stripDirectiveKeys(item);
  } else if (isObject(v)) {
    for (const k of Object.keys(v)) {
      if (
        k === DIRECTIVE ||
        k === RETAIN_KEYS ||
        k.startsWith(`${SET_ORDER}/`) ||
        k.startsWith(`${DELETE_PRIMITIVE}/`)
      ) {
        delete v[k];
      } else {
        stripDirectiveKeys(v[k]);
      }
    }
  }
  return v;
}
