/**
 * Label and field selectors in upstream's string syntax:
 * labels: `a=b`, `a==b`, `a!=b`, `a in (x,y)`, `a notin (x)`, `a`, `!a`, comma-separated (AND);
 * fields: `f=v`, `f==v`, `f!=v`, comma-separated.
 */
import type { KubeObject } from "../../api/types.js";
import { errors } from "../status.js";

export type Requirement =
  | { readonly key: string; readonly op: "in" | "notin"; readonly values: readonly string[] }
  | { readonly key: string; readonly op: "exists" | "!exists" };

export type LabelSelector = readonly Requirement[];

const keyRe = /^([a-z0-9A-Z]([-a-z0-9A-Z.]*[a-z0-9A-Z])?\/)?[a-zA-Z0-9]([-a-zA-Z0-9_.]*[a-zA-Z0-9])?$/;
const valueRe = /^([a-zA-Z0-9]([-a-zA-Z0-9_.]*[a-zA-Z0-9])?)?$/;

function bad(sel: string, why: string): never {
  throw errors.badRequest(`unable to parse requirement: ${why}`.replace("%s", sel));
}

function checkKey(k: string): string {
  if (!keyRe.test(k) || k.length > 316) {
    bad(
      k,
      `invalid label key "${k}": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character`,
    );
  }
  return k;
}

function checkValue(v: string): string {
  if (!valueRe.test(v) || v.length > 63) {
    bad(
      v,
      `invalid label value: "${v}": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character`,
    );
  }
  return v;
}

/** Splits on commas that are not inside parentheses. */
function splitTop(s: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let cur = "";
  for (const ch of s) {
    if (ch === "(") depth++;
    if (ch === ")") depth--;
    if (ch === "," && depth === 0) {
      out.push(cur);
      cur = "";
    } else cur += ch;
  }
  out.push(cur);
  return out;
}

/** Parses a label selector string; 400 BadRequest with upstream's wording when malformed. */
export function parseLabelSelector(s: string | undefined): LabelSelector {
  if (!s || s.trim() === "") return [];
  const reqs: Requirement[] = [];
  for (const rawPart of splitTop(s)) {
    const part = rawPart.trim();
    if (part === "") throw errors.badRequest(`unable to parse requirement: found '', expected: identifier`);
    let m = /^(\S+?)\s+(in|notin)\s*\((.*)\)$/.exec(part);
    if (m) {
      const values = m[3]!.split(",").map((v) => checkValue(v.trim()));
      reqs.push({ key: checkKey(m[1]!), op: m[2] as "in" | "notin", values });
      continue;
    }
    m = /^([^=!\s]+)\s*(==|!=|=)\s*(\S*)$/.exec(part);
    if (m) {
      const op = m[2] === "!=" ? "notin" : "in";
      reqs.push({ key: checkKey(m[1]!), op, values: [checkValue(m[3]!)] });
      continue;
    }
    m = /^(!?)\s*([^=!\s(),]+)$/.exec(part);
    if (m) {
      reqs.push({ key: checkKey(m[2]!), op: m[1] ? "!exists" : "exists" });
      continue;
    }
    throw errors.badRequest(
      `unable to parse requirement: found '${part}', expected: in, notin, =, ==, !=, gt, lt`,
    );
  }
  return reqs;
}

/** Whether `labels` satisfy every requirement. */
export function matchLabels(
  sel: LabelSelector,
  labels: Readonly<Record<string, string>> | undefined,
): boolean {
  for (const r of sel) {
    const has = labels !== undefined && Object.hasOwn(labels, r.key);
    const v = has ? labels![r.key] : undefined;
    switch (r.op) {
      case "exists":
        if (!has) return false;
        break;
      case "!exists":
        if (has) return false;
        break;
      case "in":
        if (!has || !r.values.includes(v!)) return false;
        break;
      case "notin":
        if (has && r.values.includes(v!)) return false;
        break;
    }
  }
  return true;
}

export interface FieldRequirement {
  readonly field: string;
  readonly op: "=" | "!=";
  readonly value: string;
}

export type FieldSelector = readonly FieldRequirement[];

/** Parses a field selector; unknown fields are checked by the caller against the kind. */
export function parseFieldSelector(s: string | undefined): FieldSelector {
  if (!s || s.trim() === "") return [];
  return s.split(",").map((part) => {
    const m = /^\s*([^=!\s]+)\s*(==|!=|=)\s*(.*?)\s*$/.exec(part);
    if (!m) throw errors.badRequest(`invalid selector: '${s}'; can't understand '${part}'`);
    return { field: m[1]!, op: m[2] === "!=" ? "!=" : "=", value: m[3]! };
  });
}

/** Field value getters every kind supports. */
export const commonFields: Readonly<Record<string, (o: Readonly<KubeObject>) => string | undefined>> = {
  "metadata.name": (o) => o.metadata.name,
  "metadata.namespace": (o) => o.metadata.namespace ?? "",
};

export function matchFields(
  sel: FieldSelector,
  obj: Readonly<KubeObject>,
  getters: Readonly<Record<string, (o: Readonly<KubeObject>) => string | undefined>>,
): boolean {
  for (const r of sel) {
    const v = getters[r.field]?.(obj) ?? "";
    if (r.op === "=" ? v !== r.value : v === r.value) return false;
  }
  return true;
}
