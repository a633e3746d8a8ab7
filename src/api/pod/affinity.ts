/**
 * Scheduling constraints of a PodSpec (node selector terms, affinity, tolerations, taint
 * effects), validated as upstream. Node selector terms are also used by PersistentVolume
 * nodeAffinity, taint effects by Node taints.
 */

import { isDNS1123Label, isQualifiedName, isValidLabelValue } from "../common/names.js";
import { validateLabelSelector } from "../common/selector.js";
import { invalidRendered, isObject, list, num, str } from "../common/values.js";
import { type FieldError, forbidden, invalid, notSupported, type Path, required } from "../field.js";

function labelName(key: string, p: Path): FieldError[] {
  return isQualifiedName(key).map((m) => invalid(p, key, m));
}

function nodeSelectorRequirement(r: unknown, p: Path): FieldError[] {
  const req = isObject(r) ? r : {};
  const errs: FieldError[] = [];
  const values = list(req.values);
  const op = str(req.operator);
  switch (op) {
    case "In":
    case "NotIn":
      if (values.length === 0)
        errs.push(required(p.child("values"), "must be specified when `operator` is 'In' or 'NotIn'"));
      break;
    case "Exists":
    case "DoesNotExist":
      if (values.length > 0) {
        errs.push(
          forbidden(p.child("values"), "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"),
        );
      }
      break;
    case "Gt":
    case "Lt":
      if (values.length !== 1) {
        errs.push(
          required(p.child("values"), "must be specified single value when `operator` is 'Lt' or 'Gt'"),
        );
      }
      break;
    default:
      errs.push(invalid(p.child("operator"), op, "not a valid selector operator"));
  }
  errs.push(...labelName(str(req.key), p.child("key")));
  return errs;
}

function nodeFieldSelectorRequirement(r: unknown, p: Path): FieldError[] {
  const req = isObject(r) ? r : {};
  const errs: FieldError[] = [];
  const op = str(req.operator);
  if (op === "In" || op === "NotIn") {
    if (list(req.values).length !== 1) {
      errs.push(
        required(
          p.child("values"),
          "must be only one value when `operator` is 'In' or 'NotIn' for node field selector",
        ),
      );
    }
  } else {
    errs.push(invalid(p.child("operator"), op, "not a valid selector operator"));
  }
  if (str(req.key) !== "metadata.name")
    errs.push(notSupported(p.child("key"), str(req.key), ["metadata.name"]));
  return errs;
}

export function validateNodeSelectorTerm(term: unknown, p: Path): FieldError[] {
  const t = isObject(term) ? term : {};
  const errs: FieldError[] = [];
  const exprs = list(t.matchExpressions);
  for (let i = 0; i < exprs.length; i++)
    errs.push(...nodeSelectorRequirement(exprs[i], p.child("matchExpressions").index(i)));
  const fields = list(t.matchFields);
  for (let i = 0; i < fields.length; i++)
    errs.push(...nodeFieldSelectorRequirement(fields[i], p.child("matchFields").index(i)));
  return errs;
}

/** A NodeSelector (`nodeSelectorTerms`), as in required node affinity and PV nodeAffinity. */
export function validateNodeSelector(selector: unknown, p: Path): FieldError[] {
  const s = isObject(selector) ? selector : {};
  const terms = list(s.nodeSelectorTerms);
  const tp = p.child("nodeSelectorTerms");
  if (terms.length === 0) return [required(tp, "must have at least one node selector term")];
  return terms.flatMap((t, i) => validateNodeSelectorTerm(t, tp.index(i)));
}

function weight(v: unknown, p: Path): FieldError[] {
  const w = num(v) ?? 0;
  return w < 1 || w > 100 ? [invalid(p, w, "must be in the range 1-100")] : [];
}

function podAffinityTerm(term: unknown, p: Path): FieldError[] {
  const t = isObject(term) ? term : {};
  const errs = validateLabelSelector(t.labelSelector, p.child("labelSelector"));
  errs.push(...validateLabelSelector(t.namespaceSelector, p.child("namespaceSelector")));
  for (const ns of list(t.namespaces).map(str))
    for (const m of isDNS1123Label(ns)) errs.push(invalid(p.child("namespace"), ns, m));
  const key = str(t.topologyKey);
  if (key === "") errs.push(required(p.child("topologyKey"), "can not be empty"));
  else errs.push(...labelName(key, p.child("topologyKey")));
  return errs;
}

function podAffinity(a: unknown, p: Path): FieldError[] {
  if (!isObject(a)) return [];
  const errs: FieldError[] = [];
  const req = p.child("requiredDuringSchedulingIgnoredDuringExecution");
  const terms = list(a.requiredDuringSchedulingIgnoredDuringExecution);
  for (let i = 0; i < terms.length; i++) errs.push(...podAffinityTerm(terms[i], req.index(i)));
  const pref = p.child("preferredDuringSchedulingIgnoredDuringExecution");
  list(a.preferredDuringSchedulingIgnoredDuringExecution).forEach((t, i) => {
    const w = isObject(t) ? t : {};
    errs.push(...weight(w.weight, pref.index(i).child("weight")));
    errs.push(...podAffinityTerm(w.podAffinityTerm, pref.index(i).child("podAffinityTerm")));
  });
  return errs;
}

/** spec.affinity: node affinity, pod affinity and anti-affinity. */
export function validateAffinity(affinity: unknown, p: Path): FieldError[] {
  if (!isObject(affinity)) return [];
  const errs: FieldError[] = [];
  const na = affinity.nodeAffinity;
  if (isObject(na)) {
    const np = p.child("nodeAffinity");
    if (na.requiredDuringSchedulingIgnoredDuringExecution !== undefined) {
      errs.push(
        ...validateNodeSelector(
          na.requiredDuringSchedulingIgnoredDuringExecution,
          np.child("requiredDuringSchedulingIgnoredDuringExecution"),
        ),
      );
    }
    const pref = np.child("preferredDuringSchedulingIgnoredDuringExecution");
    list(na.preferredDuringSchedulingIgnoredDuringExecution).forEach((t, i) => {
      const w = isObject(t) ? t : {};
      errs.push(...weight(w.weight, pref.index(i).child("weight")));
      errs.push(...validateNodeSelectorTerm(w.preference, pref.index(i).child("preference")));
    });
  }
  errs.push(...podAffinity(affinity.podAffinity, p.child("podAffinity")));
  errs.push(...podAffinity(affinity.podAntiAffinity, p.child("podAntiAffinity")));
  return errs;
}

const taintEffects = ["NoSchedule", "PreferNoSchedule", "NoExecute"];

/** A taint or toleration effect. */
export function validateTaintEffect(
  effect: string,
  p: Path,
  options: { readonly allowEmpty?: boolean } = {},
): FieldError[] {
  if (effect === "") return options.allowEmpty ? [] : [required(p)];
  return taintEffects.includes(effect) ? [] : [notSupported(p, effect, taintEffects)];
}

function goToleration(t: Record<string, unknown>): string {
  const secs = num(t.tolerationSeconds);
  const ts = secs === undefined ? "(*int64)(nil)" : `(*int64)(${secs})`;
  return `core.Toleration{Key:${JSON.stringify(str(t.key))}, Operator:${JSON.stringify(str(t.operator))}, Value:${JSON.stringify(str(t.value))}, Effect:${JSON.stringify(str(t.effect))}, TolerationSeconds:${ts}}`;
}

/** spec.tolerations. */
export function validateTolerations(tolerations: unknown, p: Path): FieldError[] {
  const errs: FieldError[] = [];
  list(tolerations).forEach((x, i) => {
    const t = isObject(x) ? x : {};
    const ip = p.index(i);
    const key = str(t.key);
    const op = str(t.operator);
    const value = str(t.value);
    if (key !== "") errs.push(...labelName(key, ip.child("key")));
    if (key === "" && op !== "Exists") {
      errs.push(
        invalid(
          ip.child("operator"),
          op,
          'operator must be Exists when `key` is empty, which means "match all values and all keys"',
        ),
      );
    }
    if (t.tolerationSeconds !== undefined && t.tolerationSeconds !== null && str(t.effect) !== "NoExecute") {
      errs.push(
        invalid(
          ip.child("effect"),
          str(t.effect),
          "effect must be 'NoExecute' when `tolerationSeconds` is set",
        ),
      );
    }
    if (op === "Equal" || op === "") {
      const msgs = isValidLabelValue(value);
      if (msgs.length > 0) errs.push(invalid(ip.child("operator"), value, msgs.join(";")));
    } else if (op === "Exists") {
      if (value !== "")
        errs.push(
          invalidRendered(
            ip.child("operator"),
            goToleration(t),
            "value must be empty when `operator` is 'Exists'",
          ),
        );
    } else {
      errs.push(notSupported(ip.child("operator"), op, ["Equal", "Exists"]));
    }
    errs.push(...validateTaintEffect(str(t.effect), ip.child("effect"), { allowEmpty: true }));
  });
  return errs;
}
