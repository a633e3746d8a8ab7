/**
 * Answers the self reviews (api/reviews): what the requesting user is (SelfSubjectReview) and
 * what the authorizer lets it do (SelfSubjectAccessReview, SelfSubjectRulesReview). Nothing is
 * stored; the answer is the object sent, with its status.
 */
import { isObject, type JsonObject, str } from "../../api/common/values.js";
import type { KubeObject, ResourceDef } from "../../api/types.js";
import type { Attributes, Authorizer, UserInfo } from "../auth.js";
import { errors } from "../status.js";

/** Who made the request, and the authorizer that decides what they may do. */
export interface Caller {
  readonly user: UserInfo;
  readonly authorizer: Authorizer;
}

/** What the caller may do, in the terms of a SelfSubjectAccessReview's spec. */
function accessStatus(spec: JsonObject, caller: Caller): JsonObject {
  const ra = isObject(spec.resourceAttributes) ? spec.resourceAttributes : undefined;
  const nra = isObject(spec.nonResourceAttributes) ? spec.nonResourceAttributes : {};
  const attrs: Attributes = ra
    ? {
        user: caller.user,
        verb: str(ra.verb),
        path: "",
        group: str(ra.group),
        resource: str(ra.resource),
        subresource: str(ra.subresource),
        namespace: str(ra.namespace),
        name: str(ra.name),
      }
    : { user: caller.user, verb: str(nra.verb), path: str(nra.path) };
  const decision = caller.authorizer.authorize(attrs);
  return {
    allowed: decision.allowed,
    ...(decision.allowed ? {} : { denied: true }),
    ...(decision.reason ? { reason: decision.reason } : {}),
  };
}

/**
 * The rules the caller has. The authorizer in use allows every authenticated user everything
 * (until RBAC is enforced), and says so as upstream's rules review does for such a user.
 */
function rulesStatus(caller: Caller): JsonObject {
  const all = caller.authorizer.authorize({ user: caller.user, verb: "*", path: "*" }).allowed;
  return {
    resourceRules: all ? [{ verbs: ["*"], apiGroups: ["*"], resources: ["*"] }] : [],
    nonResourceRules: all ? [{ verbs: ["*"], nonResourceURLs: ["*"] }] : [],
    incomplete: false,
  };
}

/** The answer to a create of a review kind: the object, validated, with its status. */
export function answerReview(def: ResourceDef, obj: KubeObject, caller: Caller): KubeObject {
  const errs = def.strategy?.validate?.(obj) ?? [];
  if (errs.length > 0) throw errors.invalid(def.group, def.kind, "", errs);
  const spec = isObject(obj.spec) ? obj.spec : {};
  // Go writes the zero creationTimestamp of an object never stored as null.
  const metadata = { creationTimestamp: null } as unknown as KubeObject["metadata"];
  const out: KubeObject = { apiVersion: obj.apiVersion, kind: obj.kind, metadata };
  switch (def.kind) {
    case "SelfSubjectReview":
      out.status = {
        userInfo: {
          username: caller.user.name,
          ...(caller.user.uid ? { uid: caller.user.uid } : {}),
          groups: [...caller.user.groups],
          ...(caller.user.extra ? { extra: caller.user.extra } : {}),
        },
      };
      return out;
    case "SelfSubjectAccessReview":
      return { ...out, spec, status: accessStatus(spec, caller) };
    case "SelfSubjectRulesReview":
      return { ...out, spec, status: rulesStatus(caller) };
    default:
      throw errors.internal(`${def.kind} is not a review this server answers`);
  }
}
