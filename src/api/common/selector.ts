/**
 * Label selectors: validation of metav1.LabelSelector (worded like upstream), matching, and the
 * string forms kubectl prints (`labels.FormatLabels`, `metav1.FormatLabelSelector`).
 */
import type { LabelSelector, LabelSelectorRequirement } from "kubernetes-types/meta/v1.js";
import { type FieldError, forbidden, invalid, type Path, required } from "../field.js";
import { validateLabels } from "./meta.js";
import { isQualifiedName, isValidLabelValue } from "./names.js";
import { entries, isObject, list, str } from "./values.js";

/** Field errors of a metav1.LabelSelector (nil is valid). */
export function validateLabelSelector(selector: unknown, p: Path): FieldError[] {
  if (selector === undefined || selector === null) return [];
  const s = isObject(selector) ? selector : {};
  const errs = validateLabels(s.matchLabels, p.child("matchLabels"));
  list(s.matchExpressions).forEach((e, i) => {
    const req = isObject(e) ? e : {};
    const ip = p.child("matchExpressions").index(i);
    const values = list(req.values);
    const op = str(req.operator);
    if (op === "In" || op === "NotIn") {
      if (values.length === 0)
        errs.push(required(ip.child("values"), "must be specified when `operator` is 'In' or 'NotIn'"));
    } else if (op === "Exists" || op === "DoesNotExist") {
      if (values.length > 0) {
        errs.push(
          forbidden(ip.child("values"), "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"),
        );
      }
    } else {
      errs.push(invalid(ip.child("operator"), op, "not a valid selector operator"));
    }
    const key = str(req.key);
    for (const m of isQualifiedName(key)) errs.push(invalid(ip.child("key"), key, m));
    values.forEach((v, vi) => {
      for (const m of isValidLabelValue(str(v))) errs.push(invalid(ip.child("values").index(vi), str(v), m));
    });
  });
  return errs;
}

type Labels = Readonly<Record<string, string>> | undefined;

/** One requirement of a converted selector: upstream's labels.Requirement. */
interface Requirement {
  readonly key: string;
  readonly op: "=" | "in" | "notin" | "exists" | "!exists";
  /** Sorted and without duplicates, as upstream keeps them. */
  readonly values: readonly string[];
}

/** Whether a key and a value are what upstream's labels.NewRequirement accepts. */
const validKey = (k: unknown): k is string => typeof k === "string" && isQualifiedName(k).length === 0;
const validValue = (v: unknown): v is string => typeof v === "string" && isValidLabelValue(v).length === 0;

/**
 * The requirements of a selector, sorted by key as upstream's LabelSelectorAsSelector leaves
 * them; undefined when that conversion fails (unknown operator, In/NotIn without values,
 * Exists/DoesNotExist with values, a bad key or value).
 */
function requirements(sel: Readonly<LabelSelector>): Requirement[] | undefined {
  const reqs: Requirement[] = [];
  for (const [key, value] of entries(sel.matchLabels)) {
    if (!validKey(key) || !validValue(value)) return undefined;
    reqs.push({ key, op: "=", values: [value] });
  }
  for (const e of list<LabelSelectorRequirement>(sel.matchExpressions)) {
    if (!isObject(e)) return undefined;
    const raw = list(e.values);
    if (!validKey(e.key) || !raw.every(validValue)) return undefined;
    const values = [...new Set(raw as string[])].sort();
    switch (e.operator) {
      case "In":
      case "NotIn":
        if (values.length === 0) return undefined;
        reqs.push({ key: e.key, op: e.operator === "In" ? "in" : "notin", values });
        break;
      case "Exists":
      case "DoesNotExist":
        if (values.length > 0) return undefined;
        reqs.push({ key: e.key, op: e.operator === "Exists" ? "exists" : "!exists", values });
        break;
      default:
        return undefined;
    }
  }
  return reqs.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

function requirementString(r: Requirement): string {
  switch (r.op) {
    case "=":
      return `${r.key}=${r.values[0]}`;
    case "exists":
      return r.key;
    case "!exists":
      return `!${r.key}`;
    default:
      return `${r.key} ${r.op} (${r.values.join(",")})`;
  }
}

function requirementMatches(r: Requirement, labels: Labels): boolean {
  const has = labels !== undefined && Object.hasOwn(labels, r.key);
  switch (r.op) {
    case "=":
    case "in":
      return has && r.values.includes(labels[r.key]!);
    case "notin":
      return !has || !r.values.includes(labels[r.key]!);
    case "exists":
      return has;
    case "!exists":
      return !has;
  }
}

/** How a LabelSelector relates to a label set, as upstream's converted selector would say. */
export type SelectorMatch = "matches" | "no-match" | "empty" | "invalid";

/**
 * Matches labels against a metav1.LabelSelector with upstream's conversion rules: a missing
 * selector selects nothing ("no-match"), an empty one selects everything ("empty"), and one
 * that cannot be converted is "invalid".
 */
export function selectorMatch(selector: Readonly<LabelSelector> | undefined, labels: Labels): SelectorMatch {
  if (!isObject(selector)) return "no-match";
  const reqs = requirements(selector);
  if (!reqs) return "invalid";
  if (reqs.length === 0) return "empty";
  return reqs.every((r) => requirementMatches(r, labels)) ? "matches" : "no-match";
}

/**
 * Whether a metav1.LabelSelector selects these labels (upstream's LabelSelectorAsSelector then
 * Matches): a missing or invalid selector selects nothing, an empty one selects everything.
 */
export function labelSelectorMatches(selector: Readonly<LabelSelector> | undefined, labels: Labels): boolean {
  const m = selectorMatch(selector, labels);
  return m === "matches" || m === "empty";
}

/** Whether an equality selector (a map, as Service and ReplicationController use) selects these labels. */
export function mapSelectorMatches(selector: Labels, labels: Labels): boolean {
  return entries(selector).every(
    ([k, v]) => labels !== undefined && Object.hasOwn(labels, k) && labels[k] === v,
  );
}

/**
 * `labels.Selector.String()` of a converted metav1.LabelSelector: requirements sorted by key,
 * "" for a missing or empty selector, undefined when it cannot be converted.
 */
export function selectorString(selector: Readonly<LabelSelector> | undefined): string | undefined {
  if (!isObject(selector)) return "";
  return requirements(selector)?.map(requirementString).join(",");
}

/** `labels.SelectorFromSet(map).String()`: an equality selector's `k=v` pairs sorted by key ("" when empty). */
export function mapSelectorString(selector: unknown): string {
  return entries(selector)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, v]) => `${k}=${str(v)}`)
    .join(",");
}

/** `labels.FormatLabels`: `a=b,c=d` sorted by key, or `<none>`. */
export function formatLabels(labels: unknown): string {
  return mapSelectorString(labels) || "<none>";
}

/**
 * `metav1.FormatLabelSelector`: e.g. `app=web,tier in (a,b)`; `<none>` when it selects nothing
 * or everything, `<error>` when it cannot be converted.
 */
export function formatLabelSelector(selector: Readonly<LabelSelector> | undefined): string {
  const s = selectorString(selector);
  if (s === undefined) return "<error>";
  return s === "" ? "<none>" : s;
}
