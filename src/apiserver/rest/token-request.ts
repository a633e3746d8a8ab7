/**
 * serviceaccounts/token: authentication.k8s.io/v1 TokenRequest (`kubectl create token`), as
 * upstream's TokenRequest REST: a token for an existing service account, valid for
 * spec.expirationSeconds (default one hour, at least ten minutes) for spec.audiences (default:
 * the API server's), optionally bound to a Pod, Secret or Node that must exist. Never stored.
 */
import { isObject, type JsonObject, num, str } from "../../api/common/values.js";
import { type FieldError, invalid, path } from "../../api/field.js";
import { rfc3339 } from "../../util/time.js";
import type { Api } from "../api.js";
import { decodeBody, mediaType, type Req, type Res, readBody, sendJson } from "../http.js";
import { type BoundObject, liveObject } from "../sa-tokens.js";
import { errors } from "../status.js";
import type { RequestInfo } from "./request.js";

const GROUP = "authentication.k8s.io";
const DEFAULT_EXPIRATION_SECONDS = 3600;
const MIN_EXPIRATION_SECONDS = 600;

/** Upstream's ValidateTokenRequest. */
function validate(expirationSeconds: number): FieldError[] {
  const p = path("spec").child("expirationSeconds");
  if (expirationSeconds < MIN_EXPIRATION_SECONDS)
    return [invalid(p, expirationSeconds, "may not specify a duration less than 10 minutes")];
  if (expirationSeconds > 2 ** 32)
    return [invalid(p, expirationSeconds, "may not specify a duration larger than 2^32 seconds")];
  return [];
}

/** The object spec.boundObjectRef names, checked as upstream checks it. */
function boundObject(api: Api, namespace: string, saName: string, ref: JsonObject): BoundObject {
  const kind = str(ref.kind);
  const apiVersion = str(ref.apiVersion) || "v1";
  if ((kind !== "Pod" && kind !== "Secret" && kind !== "Node") || apiVersion !== "v1") {
    const gv = apiVersion.includes("/") ? apiVersion : `/${apiVersion}`;
    throw errors.badRequest(
      `cannot bind token for serviceaccount "${saName}" to object of type ${gv}, Kind=${kind}`,
    );
  }
  const name = str(ref.name);
  const obj = liveObject(api, kind, namespace, name);
  if (!obj) throw errors.notFound({ group: "", resource: `${kind.toLowerCase()}s` }, name);
  const uid = str(ref.uid);
  if (uid && uid !== obj.metadata.uid) {
    throw errors.conflict(
      { group: "", resource: kind },
      name,
      `the UID in the bound object reference (${uid}) does not match the UID in record. The object might have been deleted and then recreated`,
    );
  }
  return { kind, name, uid: obj.metadata.uid ?? "" };
}

export async function tokenRequest(api: Api, info: RequestInfo, req: Req, res: Res): Promise<void> {
  const { namespace, name } = info;
  const tokens = api.serviceAccountTokens;
  if (info.verb !== "create" || !tokens) {
    throw errors.methodNotSupported({ group: "", resource: "serviceaccounts/token" }, info.verb);
  }
  const body = decodeBody(await readBody(req), mediaType(req.headers["content-type"]) || "application/json");
  const tr = isObject(body) ? body : {};
  const spec = isObject(tr.spec) ? tr.spec : {};
  const expirationSeconds = num(spec.expirationSeconds) ?? DEFAULT_EXPIRATION_SECONDS;
  const errs = validate(expirationSeconds);
  if (errs.length) throw errors.invalid(GROUP, "TokenRequest", name, errs);
  const sa = liveObject(api, "ServiceAccount", namespace, name);
  if (!sa) throw errors.notFound({ group: "", resource: "serviceaccounts" }, name);
  const requested = Array.isArray(spec.audiences) ? spec.audiences.map(str).filter(Boolean) : [];
  const audiences = requested.length ? requested : [...tokens.audiences];
  const bound = isObject(spec.boundObjectRef)
    ? boundObject(api, namespace, name, spec.boundObjectRef)
    : undefined;
  const now = api.now();
  const expires = new Date(now.getTime() + expirationSeconds * 1000);
  const token = await tokens.issue({
    namespace,
    name,
    uid: sa.metadata.uid ?? "",
    audiences,
    expires,
    now,
    bound,
  });
  sendJson(res, 201, {
    kind: "TokenRequest",
    apiVersion: `${GROUP}/v1`,
    // Go writes the zero creationTimestamp of an object never stored as null.
    metadata: { name, namespace, creationTimestamp: null },
    spec: {
      audiences,
      expirationSeconds,
      boundObjectRef: bound ? { kind: bound.kind, apiVersion: "v1", name: bound.name, uid: bound.uid } : null,
    },
    status: { token, expirationTimestamp: rfc3339(expires) },
  });
}
