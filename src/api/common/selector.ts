/**
 * Label selectors: validation of metav1.LabelSelector (worded like upstream), matching, and the
 * string forms kubectl prints (`labels.FormatLabels`, `metav1.FormatLabelSelector`).
 */
import type { LabelSelector, LabelSelectorRequirement } from "kubernetes-types/meta/v1.js";
import { type FieldError, forbidden, invalid, type Path, required } from "../field.js";
import { validateLabels } from "./meta.js";
import { isQualifiedName, isValidLabelValue } from "./names.js";
import { entries, isObject, list, str } from "./values.js";

const operators = new Set(["In", "NotIn", "Exists", "DoesNotExist"]);

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

function labelOf(labels: Labels, key: string): string | undefined {
  return labels && Object.hasOwn(labels, key) ? labels[key] : undefined;
}

function requirementMatches(r: Readonly<LabelSelectorRequirement>, labels: Labels): boolean {
  const v = labelOf(labels, r.key);
  const values = list<string>(r.values);
  switch (r.operator) {
    case "In":
      return v !== undefined && values.includes(v);
    case "NotIn":
      return v === undefined || !values.includes(v);
    case "Exists":
      return v !== undefined;
    case "DoesNotExist":
      return v === undefined;
    default:
      return false;
  }
}

/**
 * Whether a metav1.LabelSelector selects these labels. As upstream's LabelSelectorAsSelector:
 * a missing selector selects nothing, an empty one selects everything, and an invalid one
 * (unknown operator) selects nothing.
 */
export function labelSelectorMatches(selector: Readonly<LabelSelector> | undefined, labels: Labels): boolean {
  if (!isObject(selector)) return false;
  for (const [k, v] of entries(selector.matchLabels)) if (labelOf(labels, k) !== v) return false;
  for (const e of list<LabelSelectorRequirement>(selector.matchExpressions)) {
    if (!isObject(e) || !operators.has(e.operator) || !requirementMatches(e, labels)) return false;
  }
  return true;
}

/** Whether an equality selector (a map, as Service and ReplicationController use) selects these labels. */
export function mapSelectorMatches(selector: Labels, labels: Labels): boolean {
  return entries(selector).every(([k, v]) => labelOf(labels, k) === v);
}

/** `labels.FormatLabels`: `a=b,c=d` sorted by key, or `<none>`. */
export function formatLabels(labels: unknown): string {
  const parts = entries(labels)
    .map(([k, v]) => `${k}=${str(v)}`)
    .sort();
  return parts.length === 0 ? "<none>" : parts.join(",");
}

/** `metav1.FormatLabelSelector`: e.g. `app=web,tier in (a,b)`, `<none>` when it selects nothing or everything. */
export function formatLabelSelector(selector: Readonly<LabelSelector> | undefined): string {
  if (!isObject(selector)) return "<none>";
  const reqs: { key: string; text: string }[] = [];
  for (const [k, v] of entries(selector.matchLabels)) reqs.push({ key: k, text: `${k}=${str(v)}` });
  for (const e of list<LabelSelectorRequirement>(selector.matchExpressions)) {
    if (!isObject(e)) return "<error>";
    const values = [...list<string>(e.values)].map(str).sort().join(",");
    switch (e.operator) {
      case "In":
        reqs.push({ key: e.key, text: `${e.key} in (${values})` });
        break;
      case "NotIn":
        reqs.push({ key: e.key, text: `${e.key} notin (${values})` });
        break;
      case "Exists":
        reqs.push({ key: e.key, text: e.key });
        break;
      case "DoesNotExist":
        reqs.push({ key: e.key, text: `!${e.key}` });
        break;
      default:
        return "<error>";
    }
  }
  const s = reqs
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    .map((r) => r.text)
    .join(",");
  return s === "" ? "<none>" : s;
}
