/**
 * The reviews a client asks about itself: authorization.k8s.io/v1 SelfSubjectAccessReview
 * (`kubectl auth can-i VERB RESOURCE`), SelfSubjectRulesReview (`kubectl auth can-i --list`) and
 * authentication.k8s.io/v1 SelfSubjectReview (`kubectl auth whoami`). They are never stored: a
 * create is answered with the object and its status, worked out for the requesting user by the
 * API server's authorizer (apiserver/rest/reviews.ts). Validation as upstream's
 * pkg/apis/authorization/validation.
 */
import { isObject } from "../common/values.js";
import { type FieldError, invalid, path, required } from "../field.js";
import type { KubeObject, ResourceDef } from "../types.js";

/** Upstream's rule: a review's metadata must be empty (a null creationTimestamp is what clients send). */
function emptyMetadata(obj: KubeObject): FieldError[] {
  const extra = Object.entries(obj.metadata ?? {}).filter(
    ([k, v]) => !(k === "creationTimestamp" && v === null),
  );
  if (extra.length === 0) return [];
  return [invalid(path("metadata"), Object.fromEntries(extra), "must be empty")];
}

export function validateSelfSubjectAccessReview(obj: KubeObject): FieldError[] {
  const spec = isObject(obj.spec) ? obj.spec : {};
  const p = path("spec");
  const errs: FieldError[] = [];
  const resource = spec.resourceAttributes != null;
  const nonResource = spec.nonResourceAttributes != null;
  if (!resource && !nonResource) {
    errs.push(
      required(
        p.child("resourceAttributes"),
        "exactly one of nonResourceAttributes or resourceAttributes must be specified",
      ),
    );
  }
  if (resource && nonResource) {
    errs.push(
      invalid(
        p.child("nonResourceAttributes"),
        spec.nonResourceAttributes,
        "cannot be specified in combination with resourceAttributes",
      ),
    );
  }
  return [...errs, ...emptyMetadata(obj)];
}

export function validateSelfSubjectRulesReview(obj: KubeObject): FieldError[] {
  return emptyMetadata(obj);
}

const review = (
  group: string,
  kind: string,
  resource: string,
  validate?: (obj: KubeObject) => FieldError[],
): ResourceDef => ({
  group,
  version: "v1",
  kind,
  resource,
  singular: resource.slice(0, -1),
  namespaced: false,
  verbs: ["create"],
  definition: `io.k8s.api.${group.split(".")[0]}.v1.${kind}`,
  review: true,
  ...(validate ? { strategy: { validate } } : {}),
});

export const reviewResources: readonly ResourceDef[] = [
  review("authentication.k8s.io", "SelfSubjectReview", "selfsubjectreviews"),
  review(
    "authorization.k8s.io",
    "SelfSubjectAccessReview",
    "selfsubjectaccessreviews",
    validateSelfSubjectAccessReview,
  ),
  review(
    "authorization.k8s.io",
    "SelfSubjectRulesReview",
    "selfsubjectrulesreviews",
    validateSelfSubjectRulesReview,
  ),
];
