/**
 * `application/json-patch+json` (RFC 6902) with the semantics and messages of
 * gopkg.in/evanphx/json-patch.v4, the library kube-apiserver applies it with:
 * - `replace` of a missing object key adds it (v4 does not check object keys);
 * - negative array indices count from the end; `-` appends on `add`;
 * - a path segment that is missing, null or a scalar fails with "doc is missing path";
 * - copies may grow the document by at most {@link MAX_COPY_BYTES} in total.
 * Failures are 422 with the library's message as the cause, as upstream answers.
 */
import { PatchError, rejected } from "./errors.js";
import { goJsonKind } from "./go-format.js";
import {
  checkTree,
  clone,
  deepEqual,
  isObject,
  type JsonObject,
  MAX_RESULT_DEPTH,
  parseJsonBody,
  setOwn,
} from "./json.js";

/** Upstream's cap on operations per patch (413 beyond). */
export const MAX_OPERATIONS = 10000;

/** Upstream's JSONPatchMaxCopyBytes (3 MiB). */
export const MAX_COPY_BYTES = 3 * 1024 * 1024;

type Container = JsonObject | unknown[];

class OpError extends Error {}

const fail = (message: string): never => {
  throw new OpError(message);
};

/** Applies the JSON patch `body` to a copy of `doc`. */
export function jsonPatch(doc: JsonObject, body: string | Uint8Array): JsonObject {
  const ops = parseJsonBody(body);
  if (!Array.isArray(ops)) {
    throw new PatchError(
      "BadRequest",
      `json: cannot unmarshal ${goJsonKind(ops)} into Go value of type jsonpatch.Patch`,
    );
  }
  for (const op of ops) {
    if (!isObject(op) && op !== null) {
      throw new PatchError(
        "BadRequest",
        `json: cannot unmarshal ${goJsonKind(op)} into Go value of type jsonpatch.Operation`,
      );
    }
  }
  if (ops.length > MAX_OPERATIONS) {
    throw new PatchError(
      "RequestEntityTooLarge",
      `The allowed maximum operations in a JSON patch is ${MAX_OPERATIONS}, got ${ops.length}`,
    );
  }
  const root = { doc: clone(doc) as Container };
  let copied = 0;
  try {
    for (const raw of ops) {
      const op: JsonObject = raw ?? {};
      const kind = typeof op.op === "string" ? op.op : "unknown";
      switch (kind) {
        case "add":
          add(root, op);
          break;
        case "remove":
          remove(root, op);
          break;
        case "replace":
          replace(root, op);
          break;
        case "move":
          move(root, op);
          break;
        case "test":
          test(root, op);
          break;
        case "copy":
          copied += copy(root, op);
          if (copied > MAX_COPY_BYTES) {
            fail(
              `Unable to complete the copy, the accumulated size increase of copy is ${copied}, exceeding the limit ${MAX_COPY_BYTES}`,
            );
          }
          break;
        default:
          fail(`Unexpected kind: ${kind}`);
      }
    }
  } catch (e) {
    if (e instanceof OpError) throw rejected(e.message);
    throw e;
  }
  if (!isObject(root.doc)) throw rejected("the patched document is not a JSON object");
  return root.doc;
}

function pathOf(op: JsonObject, field: "path" | "from"): string | undefined {
  const p = op[field];
  return typeof p === "string" ? p : undefined;
}

/** The op's value; a missing value is null, as the library marshals it. */
function opValue(op: JsonObject): unknown {
  return Object.hasOwn(op, "value") ? op.value : null;
}

const decodeKey = (k: string) => k.replaceAll("~1", "/").replaceAll("~0", "~");

/** Go's strconv.Atoi: optional sign and decimal digits, in int64 range. */
function atoi(s: string): number | undefined {
  if (!/^[+-]?\d+$/.test(s)) return undefined;
  const n = Number(s);
  return Number.isSafeInteger(n) ? n : undefined;
}

/** The container holding the last segment of `path`, and that segment, or undefined. */
function findObject(root: { doc: Container }, path: string): [Container, string] | undefined {
  const split = path.split("/");
  if (split.length < 2) return undefined;
  let doc: Container = root.doc;
  for (const part of split.slice(1, -1)) {
    const next = get(doc, decodeKey(part));
    if (next === undefined || next === null || typeof next !== "object") return undefined;
    doc = next as Container;
  }
  return [doc, decodeKey(split[split.length - 1]!)];
}

/** Index `key` of `ary` for get/set/remove; negative counts from the end. */
function index(ary: unknown[], key: string, allowEnd: boolean): number {
  const idx = atoi(key);
  if (idx === undefined) return fail(`strconv.Atoi: parsing ${JSON.stringify(key)}: invalid syntax`);
  const len = allowEnd ? ary.length + 1 : ary.length;
  if (idx >= len || idx < -len)
    return fail(`Unable to access invalid index: ${idx}: invalid index referenced`);
  return idx < 0 ? idx + len : idx;
}

function get(c: Container, key: string): unknown {
  if (Array.isArray(c)) {
    try {
      return c[index(c, key, false)];
    } catch {
      return undefined;
    }
  }
  return Object.hasOwn(c, key) ? c[key] : undefined;
}

function addTo(c: Container, key: string, value: unknown): void {
  if (!Array.isArray(c)) {
    setOwn(c, key, value);
    return;
  }
  if (key === "-") {
    c.push(value);
    return;
  }
  const idx = atoi(key);
  if (idx === undefined) {
    fail(
      `value was not a proper array index: '${key}': strconv.Atoi: parsing ${JSON.stringify(key)}: invalid syntax`,
    );
  }
  c.splice(index(c, key, true), 0, value);
}

function removeFrom(c: Container, key: string): void {
  if (Array.isArray(c)) {
    c.splice(index(c, key, false), 1);
    return;
  }
  if (!Object.hasOwn(c, key)) fail(`Unable to remove nonexistent key: ${key}: missing value`);
  delete c[key];
}

function add(root: { doc: Container }, op: JsonObject): void {
  const path = pathOf(op, "path") ?? fail("add operation failed to decode path: missing value");
  const [con, key] =
    findObject(root, path) ??
    fail(`add operation does not apply: doc is missing path: "${path}": missing value`);
  wrap(`error in add for path: '${path}'`, () => addTo(con, key, opValue(op)));
}

function remove(root: { doc: Container }, op: JsonObject): void {
  const path = pathOf(op, "path") ?? fail("remove operation failed to decode path: missing value");
  const [con, key] =
    findObject(root, path) ??
    fail(`remove operation does not apply: doc is missing path: "${path}": missing value`);
  wrap(`error in remove for path: '${path}'`, () => removeFrom(con, key));
}

function replace(root: { doc: Container }, op: JsonObject): void {
  const path = pathOf(op, "path") ?? fail("replace operation failed to decode path: missing value");
  const value = opValue(op);
  if (path === "") {
    if (typeof value !== "object" || value === null) {
      fail("replace operation value must be object or array: missing value");
    }
    root.doc = value as Container;
    return;
  }
  const [con, key] =
    findObject(root, path) ??
    fail(`replace operation does not apply: doc is missing path: ${path}: missing value`);
  if (Array.isArray(con)) {
    let idx = -1;
    try {
      idx = index(con, key, false);
    } catch {
      fail(`replace operation does not apply: doc is missing key: ${path}: missing value`);
    }
    con[idx] = value;
  } else {
    setOwn(con, key, value);
  }
}

function move(root: { doc: Container }, op: JsonObject): void {
  const from = pathOf(op, "from") ?? fail("move operation failed to decode from: missing value");
  const [fromCon, fromKey] =
    findObject(root, from) ??
    fail(`move operation does not apply: doc is missing from path: ${from}: missing value`);
  const value = get(fromCon, fromKey);
  wrap(`error in move for path: '${fromKey}'`, () => removeFrom(fromCon, fromKey));
  const path = pathOf(op, "path") ?? fail("move operation failed to decode path: missing value");
  const [con, key] =
    findObject(root, path) ??
    fail(`move operation does not apply: doc is missing destination path: ${path}: missing value`);
  wrap(`error in move for path: '${path}'`, () => addTo(con, key, value ?? null));
}

function test(root: { doc: Container }, op: JsonObject): void {
  const path = pathOf(op, "path") ?? fail("test operation failed to decode path: missing value");
  const expected = Object.hasOwn(op, "value") ? op.value : undefined;
  if (path === "") {
    if (!deepEqual(root.doc, expected)) fail(`testing value ${path} failed: test failed`);
    return;
  }
  const [con, key] =
    findObject(root, path) ?? fail(`test operation does not apply: is missing path: ${path}: missing value`);
  if (Array.isArray(con)) wrap(`error in test for path: '${path}'`, () => index(con, key, false));
  const actual = get(con, key);
  if (actual === undefined) {
    if (expected === undefined || expected === null) return;
    fail(`testing value ${path} failed: test failed`);
  }
  if (expected === undefined || !deepEqual(actual, expected))
    fail(`testing value ${path} failed: test failed`);
}

/** Returns the number of bytes the copy added. */
function copy(root: { doc: Container }, op: JsonObject): number {
  const from = pathOf(op, "from") ?? fail("copy operation failed to decode from: missing value");
  const [fromCon, fromKey] =
    findObject(root, from) ??
    fail(`copy operation does not apply: doc is missing from path: ${from}: missing value`);
  if (Array.isArray(fromCon)) wrap(`error in copy for from: '${from}'`, () => index(fromCon, fromKey, false));
  const value = get(fromCon, fromKey);
  if (value === undefined)
    fail(`copy operation does not apply: doc is missing from path: ${from}: missing value`);
  const path = pathOf(op, "path") ?? fail("copy operation failed to decode path: missing value");
  const [con, key] =
    findObject(root, path) ??
    fail(`copy operation does not apply: doc is missing destination path: ${path}: missing value`);
  if (checkTree(value, MAX_RESULT_DEPTH) === "depth") {
    fail(`error while performing deep copy: value nested more than ${MAX_RESULT_DEPTH} levels`);
  }
  const text = JSON.stringify(value);
  wrap("error while adding value during copy", () => addTo(con, key, JSON.parse(text)));
  return text.length;
}

function wrap<T>(prefix: string, f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof OpError) throw new OpError(`${prefix}: ${e.message}`);
    throw e;
  }
}
