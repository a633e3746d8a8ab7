/**
 * JSON values as the patch algorithms see them, and the guards every untrusted body passes
 * before any recursive code touches it: a depth limit (recursion stays bounded) and no
 * `__proto__` keys (plain-object property writes stay plain).
 */
import { parse as parseYaml } from "yaml";
import { badRequest, rejected } from "./errors.js";

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

/** Sets an own data property, also for the key `__proto__` (which `o[key] = v` would not). */
export function setOwn(o: JsonObject, key: string, value: unknown): void {
  if (key === "__proto__") {
    Object.defineProperty(o, key, { value, writable: true, enumerable: true, configurable: true });
  } else {
    o[key] = value;
  }
}

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
  const stack: [unknown, number][] = [[v, 0]];
  while (stack.length) {
    const [x, d] = stack.pop()!;
    if (typeof x === "number") {
      if (finiteOnly && !Number.isFinite(x)) return "number";
      continue;
    }
    if (typeof x !== "object" || x === null) continue;
    if (d + 1 > maxDepth) return "depth";
    if (Array.isArray(x)) {
      for (const item of x) stack.push([item, d + 1]);
      continue;
    }
    for (const k of Object.keys(x)) {
      if (k === "__proto__") return "proto";
      stack.push([(x as JsonObject)[k], d + 1]);
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

/** Parses a YAML (or JSON) apply body: one document, YAML 1.2 core schema, no alias bombs. */
export function parseYamlBody(body: string | Uint8Array): unknown {
  let value: unknown;
  try {
    value = parseYaml(bodyText(body), {
      schema: "core",
      merge: true,
      maxAliasCount: 100,
      uniqueKeys: true,
      prettyErrors: false,
    });
  } catch (e) {
    throw badRequest(`error decoding YAML: ${e instanceof Error ? e.message : String(e)}`);
  }
  const problem = checkTree(value, MAX_BODY_DEPTH, true);
  if (problem) throw badRequest(`error decoding YAML: ${problemMessage(problem, MAX_BODY_DEPTH)}`);
  return value;
}

/** Refuses a patch result nested deeper than {@link MAX_RESULT_DEPTH} (422). */
export function checkResult(v: unknown): void {
  if (checkTree(v, MAX_RESULT_DEPTH) === "depth") {
    throw rejected(`the patched object is nested too deeply: more than ${MAX_RESULT_DEPTH} levels`);
  }
}
