/**
 * metav1.LabelSelector helpers shared by the workload kinds (Deployment, ReplicaSet, DaemonSet,
 * StatefulSet): matching a template's labels and printing a selector the way upstream's
 * `labels.Selector.String()` / `metav1.FormatLabelSelector` and `labels.FormatLabels` do.
 */
import type { LabelSelector } from "kubernetes-types/meta/v1.js";

interface Req {
  readonly key: string;
  readonly op: "=" | "in" | "notin" | "exists" | "!exists";
  readonly values: readonly string[];
}

const keyRe =
  /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const valueRe = /^([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?$/;

function validKey(k: string): boolean {
  const slash = k.lastIndexOf("/");
  const name = slash >= 0 ? k.slice(slash + 1) : k;
  return keyRe.test(k) && name.length <= 63 && (slash < 0 || slash <= 253);
}

const validValue = (v: string): boolean => v.length <= 63 && valueRe.test(v);

/**
 * The requirements of a selector, sorted by key as upstream's internal selector keeps them;
 * undefined when the selector cannot be converted (bad operator, missing values, bad key/value).
 */
function requirements(sel: LabelSelector): Req[] | undefined {
  const reqs: Req[] = [];
  for (const [key, value] of Object.entries(sel.matchLabels ?? {})) {
    if (!validKey(key) || !validValue(value)) return undefined;
    reqs.push({ key, op: "=", values: [value] });
  }
  for (const e of sel.matchExpressions ?? []) {
    const values = [...new Set(e.values ?? [])].sort();
    if (!validKey(e.key) || !values.every(validValue)) return undefined;
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

function reqString(r: Req): string {
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

/**
 * `labels.Selector.String()` of a LabelSelector: "" for a missing or empty selector,
 * undefined when the selector is invalid.
 */
export function selectorString(sel: LabelSelector | undefined): string | undefined {
  if (!sel) return "";
  const reqs = requirements(sel);
  return reqs?.map(reqString).join(",");
}

/** `metav1.FormatLabelSelector`: "<none>" when empty, "<error>" when invalid. */
export function formatLabelSelector(sel: LabelSelector | undefined): string {
  const s = selectorString(sel);
  if (s === undefined) return "<error>";
  return s === "" ? "<none>" : s;
}

/** `labels.FormatLabels`: sorted `k=v` pairs joined by commas, "<none>" when empty. */
export function formatLabels(labels: Readonly<Record<string, string>> | undefined): string {
  const keys = Object.keys(labels ?? {}).sort();
  if (keys.length === 0) return "<none>";
  return keys.map((k) => `${k}=${labels![k]}`).join(",");
}

/** How a LabelSelector relates to a label set, as upstream's converted selector would say. */
export type SelectorMatch = "matches" | "no-match" | "empty" | "invalid";

/**
 * Matches labels against a selector with upstream's conversion rules: a missing selector
 * selects nothing ("no-match"), an empty one selects everything ("empty").
 */
export function matchSelector(
  sel: LabelSelector | undefined,
  labels: Readonly<Record<string, string>> | undefined,
): SelectorMatch {
  if (!sel) return "no-match";
  const reqs = requirements(sel);
  if (!reqs) return "invalid";
  if (reqs.length === 0) return "empty";
  const l = labels ?? {};
  const ok = reqs.every((r) => {
    const has = Object.hasOwn(l, r.key);
    switch (r.op) {
      case "=":
      case "in":
        return has && r.values.includes(l[r.key]!);
      case "notin":
        return !has || !r.values.includes(l[r.key]!);
      case "exists":
        return has;
      case "!exists":
        return !has;
    }
    return false;
  });
  return ok ? "matches" : "no-match";
}
