/**
 * JSON values as the patch algorithms see them, and the guards every untrusted body passes
 * before any recursive code touches it: a depth limit (recursion stays bounded) and no
 * `__proto__` keys (plain-object property writes stay plain).
 */
import { isMap, isScalar, isSeq, parseDocument } from "yaml";
import { badRequest, PatchError, rejected } from "./errors.js";

export type JsonObject = Record<string, unknown>;

/** Deepest nesting a patch body may have (objects and arrays count one level each). */
export const MAX_BODY_DEPTH = 100;

/** Deepest nesting a patch result may have (a JSON patch `copy` can deepen an object). */
export const MAX_RESULT_DEPTH = 1000;

export function isObject(v: unknown): v is JsonObject {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

export function hasOwn(o: object, key: string): boolean {
  return Object.hasOwn(o, key);
}

/** `o[key]` if `key` is an own property, else undefined (never an inherited member). */
export function getOwn(o: JsonObject, key: string): unknown {
  return Object.hasOwn(o, key) ? o[key] : undefined;
}

export { setOwn } from "../../util/objects.js";

/** Structural JSON equality (object key order does not matter, array order does). */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!deepEqual(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  for (const k of ka) {
    if (!Object.hasOwn(b, k) || !deepEqual((a as JsonObject)[k], (b as JsonObject)[k])) return false;
  }
  return true;
}

export function clone<T>(v: T): T {
  return structuredClone(v);
}

/** Why a value failed {@link checkTree}, or undefined when it passed. */
export type TreeProblem = "depth" | "proto" | "number";

/**
 * Walks `v` without recursion and reports the first problem: nesting deeper than `maxDepth`,
 * a `__proto__` key, or (with `finiteOnly`) a number JSON cannot carry.
 */
export function checkTree(v: unknown, maxDepth: number, finiteOnly = false): TreeProblem | undefined {
  // Two parallel stacks instead of a pair per value: this runs over every written object.
  const values: unknown[] = [v];
  const depths: number[] = [0];
  while (values.length) {
    const x = values.pop();
    const d = depths.pop()!;
    if (typeof x === "number") {
      if (finiteOnly && !Number.isFinite(x)) return "number";
      continue;
    }
    if (typeof x !== "object" || x === null) continue;
    if (d + 1 > maxDepth) return "depth";
    if (Array.isArray(x)) {
      for (const item of x) {
        values.push(item);
        depths.push(d + 1);
      }
      continue;
    }
    for (const k in x) {
      if (!Object.hasOwn(x, k)) continue;
      if (k === "__proto__") return "proto";
      values.push((x as JsonObject)[k]);
      depths.push(d + 1);
    }
  }
  return undefined;
}

function problemMessage(p: TreeProblem, max: number): string {
  switch (p) {
    case "depth":
      return `the request body is nested too deeply: more than ${max} levels`;
    case "proto":
      return `the request body may not contain the key "__proto__"`;
    case "number":
      return "the request body contains a number JSON cannot represent";
  }
}

export function bodyText(body: string | Uint8Array): string {
  return typeof body === "string" ? body : new TextDecoder().decode(body);
}

/**
 * Parses a JSON request body. Malformed JSON is a 400 prefixed like `messagePrefix`; a body
 * too deep or with a `__proto__` key is a 400 too.
 */
export function parseJsonBody(body: string | Uint8Array, malformed?: string): unknown {
  let value: unknown;
  try {
    value = JSON.parse(bodyText(body));
  } catch (e) {
    throw badRequest(malformed ?? (e instanceof Error ? e.message : String(e)));
  }
  const problem = checkTree(value, MAX_BODY_DEPTH);
  if (problem) throw badRequest(problemMessage(problem, MAX_BODY_DEPTH));
  return value;
}

/**
 * Cheap bounds checked before the YAML parser runs, which exhausts memory on hostile input:
 * flow nesting (`[[[[...`) and block nesting written on one line (`- - - - ...`, `? ? ...`).
 * Both are over-estimates (brackets in strings count; indentation counts), the safe direction.
 */
/** Whether YAML text nests deeper than the parser can safely follow (checked before parsing). */
export function yamlTooDeep(text: string): boolean {
  let depth = 0;
  let lineStart = true;
  let indent = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x0a) {
      lineStart = true;
      indent = 0;
      continue;
    }
    if (lineStart) {
      // space, tab, '-', '?', ':' lead a line in deeply nested block collections
      if (c === 0x20 || c === 0x09 || c === 0x2d || c === 0x3f || c === 0x3a) {
        if (++indent > MAX_YAML_INDENT) return true;
        continue;
      }
      lineStart = false;
    }
    if (c === 0x5b || c === 0x7b) {
      if (++depth > MAX_BODY_DEPTH) return true;
    } else if ((c === 0x5d || c === 0x7d) && depth > 0) depth--;
  }
  return false;
}

/** Widest indentation (with block indicators) a YAML line may have. */
const MAX_YAML_INDENT = 4 * MAX_BODY_DEPTH;

/** Walks a YAML document's nodes: nesting within bounds, mapping keys scalars. */
function checkYamlNodes(root: unknown): string | undefined {
  const stack: [unknown, number][] = [[root, 0]];
  while (stack.length) {
    const [node, d] = stack.pop()!;
    if (isMap(node)) {
      if (d + 1 > MAX_BODY_DEPTH) return problemMessage("depth", MAX_BODY_DEPTH);
      for (const pair of node.items) {
        if (pair.key !== null && !isScalar(pair.key)) return "mapping keys must be strings";
        stack.push([pair.value, d + 1]);
      }
    } else if (isSeq(node)) {
      if (d + 1 > MAX_BODY_DEPTH) return problemMessage("depth", MAX_BODY_DEPTH);
      for (const item of node.items) stack.push([item, d + 1]);
    }
  }
  return undefined;
}

/**
 * Parses a YAML (or JSON) apply body: one document, YAML 1.2 core schema, no alias bombs,
 * string keys. JSON (what kubectl sends) takes the exact, fast path.
 */
export function parseYamlBody(body: string | Uint8Array): unknown {
  const text = bodyText(body);
  const fail = (why: string) => badRequest(`error decoding YAML: ${why}`);
  if (/^\s*[{[]/.test(text)) {
    let json: unknown;
    let ok = true;
    try {
      json = JSON.parse(text);
    } catch {
      ok = false;
    }
    if (ok) {
      const problem = checkTree(json, MAX_BODY_DEPTH, true);
      if (problem) throw fail(problemMessage(problem, MAX_BODY_DEPTH));
      return json;
    }
  }
  if (yamlTooDeep(text)) throw fail(problemMessage("depth", MAX_BODY_DEPTH));
  let value: unknown;
  try {
    const doc = parseDocument(text, { schema: "core", merge: true, uniqueKeys: true, prettyErrors: false });
    if (doc.errors.length) throw fail(doc.errors[0]!.message);
    const bad = checkYamlNodes(doc.contents);
    if (bad) throw fail(bad);
    value = doc.toJS({ maxAliasCount: 100 });
  } catch (e) {
    if (e instanceof PatchError) throw e;
    throw fail(e instanceof Error ? e.message : String(e));
  }
  const problem = checkTree(value, MAX_BODY_DEPTH, true);
  if (problem) throw fail(problemMessage(problem, MAX_BODY_DEPTH));
  return value;
}

/** Refuses a patch result nested deeper than {@link MAX_RESULT_DEPTH} (422). */
export function checkResult(v: unknown): void {
  if (checkTree(v, MAX_RESULT_DEPTH) === "depth") {
    throw rejected(`the patched object is nested too deeply: more than ${MAX_RESULT_DEPTH} levels`);
  }
}
