/**
 * Reading untrusted JSON safely, and printing values the way upstream's Go `%#v` does inside
 * field error messages. Objects reach strategies straight from request bodies, so nothing here
 * assumes a field has the type the API says it has.
 */
import { isIP } from "node:net";
import type { FieldError, Path } from "../field.js";

export type JsonObject = Record<string, unknown>;

export function isObject(v: unknown): v is JsonObject {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** The value if it is an array, else an empty one. */
export function list<T = unknown>(v: unknown): T[] {
  return Array.isArray(v) ? (v as T[]) : [];
}

/** The entries of a JSON object (map fields such as labels), else none. */
export function entries(v: unknown): [string, unknown][] {
  return isObject(v) ? Object.entries(v) : [];
}

/** The value if it is a string, else "". */
export function str(v: unknown): string {
  return typeof v === "string" ? v : "";
}

/** The value if it is an object, else a new empty one (for reading optional parts of a body). */
export function asObject(v: unknown): JsonObject {
  return isObject(v) ? v : {};
}

/** The value if it is a finite number, else undefined. */
export function num(v: unknown): number | undefined {
  return typeof v === "number" && Number.isFinite(v) ? v : undefined;
}

/** Views a stored object through its kubernetes-types shape. */
export function view<T>(obj: object): T {
  return obj as unknown as T;
}

/** `o[k]`, first set to `{}` when missing (defaulting nested structs, as Go's zero values do). */
export function ensure<T extends object, K extends keyof T>(o: T, k: K): NonNullable<T[K]> {
  if (o[k] === undefined || o[k] === null) o[k] = {} as T[K];
  return o[k] as NonNullable<T[K]>;
}

/** The object at `obj[key]`, created (as `{}`) when missing or not an object. */
export function child(obj: JsonObject, key: string): JsonObject {
  const v = obj[key];
  if (isObject(v)) return v;
  const created: JsonObject = {};
  obj[key] = created;
  return created;
}

/** Structural equality of JSON values; `undefined` members count as absent. */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((x, i) => deepEqual(x, b[i]));
  }
  if (isObject(a) && isObject(b)) {
    const ka = Object.keys(a).filter((k) => a[k] !== undefined);
    const kb = Object.keys(b).filter((k) => b[k] !== undefined);
    if (ka.length !== kb.length) return false;
    return ka.every((k) => deepEqual(a[k], b[k]));
  }
  return false;
}

/** A JSON clone (the objects strategies see are plain JSON). */
export function clone<T>(v: T): T {
  return v === undefined ? v : (JSON.parse(JSON.stringify(v)) as T);
}

/** Go's `%#v` of a `map[string]string`: `map[string]string{"a":"b"}`, keys sorted. */
export function goStringMap(m: unknown): string {
  if (!isObject(m)) return "map[string]string(nil)";
  const body = Object.keys(m)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${JSON.stringify(str(m[k]))}`)
    .join(", ");
  return `map[string]string{${body}}`;
}

/** Go's `%#v` of a `[]string`: `[]string{"a", "b"}`. */
export function goStringSlice(v: unknown): string {
  if (!Array.isArray(v)) return "[]string(nil)";
  return `[]string{${v.map((s) => JSON.stringify(str(s))).join(", ")}}`;
}

/**
 * An `Invalid value` error whose value is already rendered (for values upstream prints with
 * Go syntax, such as maps and slices, which `invalid()` would print as JSON).
 */
export function invalidRendered(p: Path | string, rendered: string, detail: string): FieldError {
  return { type: "FieldValueInvalid", field: String(p), message: `Invalid value: ${rendered}: ${detail}` };
}

/**
 * Go's `%#v` of a metav1.LabelSelector, as upstream's field errors print one, e.g.
 * `v1.LabelSelector{MatchLabels:map[string]string{"app":"web"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}`.
 */
export function goLabelSelector(sel: unknown): string {
  const s = isObject(sel) ? sel : {};
  const reqs = Array.isArray(s.matchExpressions)
    ? `[]v1.LabelSelectorRequirement{${s.matchExpressions
        .map((r) => {
          const q = isObject(r) ? r : {};
          return `v1.LabelSelectorRequirement{Key:${JSON.stringify(str(q.key))}, Operator:${JSON.stringify(str(q.operator))}, Values:${goStringSlice(q.values)}}`;
        })
        .join(", ")}}`
    : "[]v1.LabelSelectorRequirement(nil)";
  return `v1.LabelSelector{MatchLabels:${goStringMap(s.matchLabels)}, MatchExpressions:${reqs}}`;
}

/** Like `duplicate()` with a pre-rendered value. */
export function duplicateRendered(p: Path | string, rendered: string): FieldError {
  return { type: "FieldValueDuplicate", field: String(p), message: `Duplicate value: ${rendered}` };
}

/** Like `notSupported()` with a pre-rendered value. */
export function notSupportedRendered(
  p: Path | string,
  rendered: string,
  supported: readonly string[],
): FieldError {
  const list = supported.map((s) => JSON.stringify(s)).join(", ");
  return {
    type: "FieldValueNotSupported",
    field: String(p),
    message: `Unsupported value: ${rendered}: supported values: ${list}`,
  };
}

/** 4 for IPv4, 6 for IPv6, 0 for anything else. IPv4 with leading zeros is accepted, as Go's ParseIPSloppy does. */
export function ipFamilyOf(value: string): 0 | 4 | 6 {
  const v = isIP(value);
  if (v === 4 || v === 6) return v;
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(value) && value.split(".").every((o) => Number(o) <= 255)) return 4;
  return 0;
}

export const VALID_IP_MESSAGE = "must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)";
