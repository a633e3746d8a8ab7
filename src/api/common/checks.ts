/**
 * apimachinery's generic field validators (pkg/api/validation): ValidateNonnegativeField and
 * ValidateImmutableField, worded as upstream.
 */
import { type FieldError, invalid, type Path } from "../field.js";
import { deepEqual, invalidRendered, num } from "./values.js";

/** Upstream's ValidateNonnegativeField (a value that is not a number is left to the schema). */
export function nonNegative(value: unknown, p: Path): FieldError[] {
  const n = num(value);
  return n !== undefined && n < 0 ? [invalid(p, n, "must be greater than or equal to 0")] : [];
}

/**
 * Upstream's ValidateImmutableField. `render`: how upstream prints the new value when it is a
 * Go struct or map (e.g. goLabelSelector); plain values print as `invalid()` prints them.
 */
export function immutable(
  next: unknown,
  prev: unknown,
  p: Path,
  render?: (v: unknown) => string,
): FieldError[] {
  if (deepEqual(next, prev)) return [];
  const msg = "field is immutable";
  return [render ? invalidRendered(p, render(next), msg) : invalid(p, next ?? null, msg)];
}
