/** rbac.authorization.k8s.io/v1 validation (upstream pkg/apis/rbac/validation). */
import type {
  ClusterRole,
  PolicyRule,
  Role,
  RoleBinding,
  RoleRef,
  Subject,
} from "kubernetes-types/rbac/v1.js";
import { isDNS1123Subdomain, isValidPathSegmentName } from "../common/names.js";
import { validateLabelSelector } from "../common/selector.js";
import { deepEqual, view } from "../common/values.js";
import { type FieldError, invalid, notSupported, type Path, path, required } from "../field.js";
import type { KubeObject } from "../types.js";

export const RBAC_GROUP = "rbac.authorization.k8s.io";

/** Upstream's ValidatePolicyRule; namespaced rules (Roles) may not name non-resource URLs. */
export function validatePolicyRule(rule: Partial<PolicyRule>, namespaced: boolean, p: Path): FieldError[] {
  const errs: FieldError[] = [];
  if ((rule.verbs ?? []).length === 0)
    errs.push(required(p.child("verbs"), "verbs must contain at least one value"));
  const urls = rule.nonResourceURLs ?? [];
  if (urls.length > 0) {
    if (namespaced)
      errs.push(
        invalid(p.child("nonResourceURLs"), urls, "namespaced rules cannot apply to non-resource URLs"),
      );
    if (
      (rule.apiGroups ?? []).length > 0 ||
      (rule.resources ?? []).length > 0 ||
      (rule.resourceNames ?? []).length > 0
    ) {
      errs.push(
        invalid(
          p.child("nonResourceURLs"),
          urls,
          "rules cannot apply to both regular resources and non-resource URLs",
        ),
      );
    }
    return errs;
  }
  if ((rule.apiGroups ?? []).length === 0) {
    errs.push(required(p.child("apiGroups"), "resource rules must supply at least one api group"));
  }
  if ((rule.resources ?? []).length === 0) {
    errs.push(required(p.child("resources"), "resource rules must supply at least one resource"));
  }
  return errs;
}

function validateRules(rules: readonly PolicyRule[] | undefined, namespaced: boolean): FieldError[] {
  return (rules ?? []).flatMap((r, i) => validatePolicyRule(r, namespaced, path("rules").index(i)));
}

export function validateRole(obj: KubeObject): FieldError[] {
  return validateRules(view<Role>(obj).rules, true);
}

export function validateClusterRole(obj: KubeObject): FieldError[] {
  const role = view<ClusterRole>(obj);
  const errs = validateRules(role.rules, false);
  const agg = role.aggregationRule;
  if (agg) {
    const sp = path("aggregationRule").child("clusterRoleSelectors");
    const selectors = agg.clusterRoleSelectors ?? [];
    if (selectors.length === 0) {
      errs.push(required(sp, "at least one clusterRoleSelector required if aggregationRule is non-nil"));
    }
    selectors.forEach((s, i) => {
      errs.push(...validateLabelSelector(s, sp.index(i)));
    });
  }
  return errs;
}

/** Upstream's ValidateRoleBindingSubject. */
export function validateSubject(s: Partial<Subject>, namespaced: boolean, p: Path): FieldError[] {
  const errs: FieldError[] = [];
  const name = s.name ?? "";
  if (name === "") errs.push(required(p.child("name")));
  const group = s.apiGroup ?? "";
  switch (s.kind) {
    case "ServiceAccount":
      if (name !== "")
        for (const msg of isDNS1123Subdomain(name)) errs.push(invalid(p.child("name"), name, msg));
      if (group !== "") errs.push(notSupported(p.child("apiGroup"), group, [""]));
      if (!namespaced && !s.namespace) errs.push(required(p.child("namespace")));
      break;
    case "User":
    case "Group":
      if (group !== RBAC_GROUP) errs.push(notSupported(p.child("apiGroup"), group, [RBAC_GROUP]));
      break;
    default:
      errs.push(notSupported(p.child("kind"), s.kind ?? "", ["ServiceAccount", "User", "Group"]));
  }
  return errs;
}

function validateBinding(obj: KubeObject, namespaced: boolean): FieldError[] {
  const b = view<RoleBinding>(obj);
  const ref: Partial<RoleRef> = b.roleRef ?? {};
  const rp = path("roleRef");
  const errs: FieldError[] = [];
  if ((ref.apiGroup ?? "") !== RBAC_GROUP)
    errs.push(notSupported(rp.child("apiGroup"), ref.apiGroup ?? "", [RBAC_GROUP]));
  const kinds = namespaced ? ["Role", "ClusterRole"] : ["ClusterRole"];
  if (!kinds.includes(ref.kind ?? "")) errs.push(notSupported(rp.child("kind"), ref.kind ?? "", kinds));
  const name = ref.name ?? "";
  if (name === "") errs.push(required(rp.child("name")));
  else for (const msg of isValidPathSegmentName(name)) errs.push(invalid(rp.child("name"), name, msg));
  (b.subjects ?? []).forEach((s, i) => {
    errs.push(...validateSubject(s, namespaced, path("subjects").index(i)));
  });
  return errs;
}

export const validateRoleBinding = (obj: KubeObject) => validateBinding(obj, true);
export const validateClusterRoleBinding = (obj: KubeObject) => validateBinding(obj, false);

/** roleRef may never change: a binding to another role is another binding. */
export function validateBindingUpdate(obj: KubeObject, old: Readonly<KubeObject>): FieldError[] {
  const next = view<RoleBinding>(obj).roleRef;
  if (deepEqual(next, view<RoleBinding>(old).roleRef)) return [];
  return [invalid(path("roleRef"), next ?? {}, "cannot change roleRef")];
}
