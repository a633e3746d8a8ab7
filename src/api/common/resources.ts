/** Validation of ResourceLists (requests, limits, capacity, quota hard) worded like upstream. */
import { type FieldError, invalid, type Path } from "../field.js";
import { isQualifiedName } from "./names.js";
import { QUANTITY_FORMAT_ERROR, Quantity } from "./quantity.js";
import { entries, isObject, str } from "./values.js";

/** Resources counted in whole units: the object counts a quota may limit (upstream's integerResources). */
export const INTEGER_RESOURCES: ReadonlySet<string> = new Set([
  "pods",
  "services",
  "replicationcontrollers",
  "resourcequotas",
  "secrets",
  "configmaps",
  "persistentvolumeclaims",
  "services.nodeports",
  "services.loadbalancers",
]);

/** Resources counted in whole units (quota object counts). */
export function isIntegerResourceName(name: string): boolean {
  return INTEGER_RESOURCES.has(name) || name.startsWith("count/");
}

/** Parses a quantity field, reporting upstream's decode error when it is malformed. */
export function parseQuantityField(v: unknown, p: Path, errs: FieldError[]): Quantity | undefined {
  const q = Quantity.parse(v);
  if (!q) errs.push(invalid(p, typeof v === "string" ? v : String(v), QUANTITY_FORMAT_ERROR));
  return q;
}

/** A quantity must be non-negative, and whole for integer resources. */
export function validateResourceQuantityValue(resource: string, v: unknown, p: Path): FieldError[] {
  const errs: FieldError[] = [];
  const q = parseQuantityField(v, p, errs);
  if (!q) return errs;
  if (q.nanos < 0n) errs.push(invalid(p, q.toString(), "must be greater than or equal to 0"));
  if (isIntegerResourceName(resource) && !q.isInteger())
    errs.push(invalid(p, q.toString(), "must be an integer"));
  return errs;
}

/** A quantity that must be above zero (PV capacity, PVC storage request). */
export function validatePositiveQuantityValue(v: unknown, p: Path): FieldError[] {
  const errs: FieldError[] = [];
  const q = parseQuantityField(v, p, errs);
  if (q && q.nanos <= 0n) errs.push(invalid(p, q.toString(), "must be greater than zero"));
  return errs;
}

/** A resource name must be a qualified name (`cpu`, `example.com/gpu`). */
export function validateResourceName(name: string, p: Path): FieldError[] {
  return isQualifiedName(name).map((m) => invalid(p, name, m));
}

/** Each key a valid resource name and each value a valid quantity. */
export function validateResourceList(rl: unknown, p: Path): FieldError[] {
  const errs: FieldError[] = [];
  for (const [k, v] of entries(rl)) {
    const kp = p.key(k);
    errs.push(...validateResourceName(k, kp));
    errs.push(...validateResourceQuantityValue(k, v, kp));
  }
  return errs;
}

/** The quantity of one resource of a list, if present and well-formed. */
export function quantityOf(rl: unknown, name: string): Quantity | undefined {
  for (const [k, v] of entries(rl)) if (k === name) return Quantity.parse(v);
  return undefined;
}

/** The names of a ResourceList, as strings. */
export function resourceNames(rl: unknown): string[] {
  return entries(rl).map(([k]) => str(k));
}

/** A byte quantity (memory, ephemeral-storage, storage) that is not a whole number of bytes, as upstream warns of it. */
export function fractionalBytesWarnings(list: unknown, resource: string, p: Path): string[] {
  const v = isObject(list) ? list[resource] : undefined;
  if (v === undefined) return [];
  const q = Quantity.parse(v);
  if (!q || q.isInteger()) return [];
  return [
    `${p.key(resource)}: fractional byte value ${JSON.stringify(q.toString())} is invalid, must be an integer`,
  ];
}
