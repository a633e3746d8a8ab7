/**
 * Go's fmt renderings of decoded JSON values, for error messages worded as upstream's
 * (`map: map[image:nginx] does not contain declared merge key: name`). Upstream decodes JSON
 * integers as int64 and other numbers as float64.
 */
import { isObject } from "./json.js";

/** `%v` of a decoded JSON value. */
export function goValue(v: unknown): string {
  if (v === null || v === undefined) return "<nil>";
  if (Array.isArray(v)) return `[${v.map(goValue).join(" ")}]`;
  if (isObject(v)) {
    const keys = Object.keys(v).sort();
    return `map[${keys.map((k) => `${k}:${goValue(v[k])}`).join(" ")}]`;
  }
  if (typeof v === "number") return goNumber(v);
  return String(v);
}

/** A float64 as Go's %v prints it (integers are int64 and print as they are). */
function goNumber(v: number): string {
  if (Number.isInteger(v)) return String(v);
  const s = String(v);
  return s.includes("e") ? s.replace(/e([+-])(\d)$/, "e$10$2") : s;
}

/**
 * `%#v` of a decoded JSON value held in an `interface{}`: `"x"`, `1`, `true`,
 * `map[string]interface {}{"a":1}`, `[]interface {}{"a"}`.
 */
export function goSharpV(v: unknown): string {
  if (v === null || v === undefined) return "interface {}(nil)";
  if (Array.isArray(v)) return `[]interface {}{${v.map(goSharpV).join(", ")}}`;
  if (isObject(v)) {
    const keys = Object.keys(v).sort();
    return `map[string]interface {}{${keys.map((k) => `${JSON.stringify(k)}:${goSharpV(v[k])}`).join(", ")}}`;
  }
  if (typeof v === "string") return JSON.stringify(v);
  if (typeof v === "number") return goNumber(v);
  return String(v);
}

/** `reflect.TypeOf(v).String()` of a decoded JSON value. */
export function goType(v: unknown): string {
  if (v === null || v === undefined) return "%!s(<nil>)";
  if (Array.isArray(v)) return "[]interface {}";
  if (isObject(v)) return "map[string]interface {}";
  if (typeof v === "number") return Number.isInteger(v) ? "int64" : "float64";
  if (typeof v === "boolean") return "bool";
  return "string";
}

/** The kind name Go's encoding/json uses in "cannot unmarshal X into ..." messages. */
export function goJsonKind(v: unknown): string {
  if (Array.isArray(v)) return "array";
  if (isObject(v)) return "object";
  if (typeof v === "boolean") return "bool";
  return typeof v;
}
