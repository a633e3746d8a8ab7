/**
 * Service account tokens, as upstream's TokenRequest API issues them and its service account
 * authenticator accepts them: JWTs signed with the cluster's service account key (ES256) that
 * name the account (and the object a token is bound to), valid until they expire and only while
 * the account (and the bound object) still exists with the same uid.
 */
import { createHash, createPrivateKey, createPublicKey, type KeyObject, randomUUID } from "node:crypto";
import { jwtVerify, SignJWT } from "jose";
import type { KubeObject } from "../api/types.js";
import type { Api } from "./api.js";
import type { UserInfo } from "./auth.js";

/** The issuer (and default audience) of the tokens, k3s' and kubeadm's default. */
export const ISSUER = "https://kubernetes.default.svc.cluster.local";

/** An object a token is bound to (TokenRequest's spec.boundObjectRef). */
export interface BoundObject {
  readonly kind: "Pod" | "Secret" | "Node";
  readonly name: string;
  readonly uid: string;
}

/** What a verified token says (its private "kubernetes.io" claim and its id). */
export interface TokenClaims {
  readonly namespace: string;
  readonly name: string;
  readonly uid: string;
  readonly bound?: BoundObject;
  readonly jti: string;
}

interface KubernetesClaim {
  namespace?: unknown;
  serviceaccount?: { name?: unknown; uid?: unknown };
  pod?: { name?: unknown; uid?: unknown };
  secret?: { name?: unknown; uid?: unknown };
  node?: { name?: unknown; uid?: unknown };
}

export class ServiceAccountTokens {
  private readonly privateKey: KeyObject;
  private readonly publicKey: KeyObject;
  /** Upstream's key id: the base64url SHA-256 of the public key's DER. */
  private readonly kid: string;

  constructor(
    privateKeyPem: string,
    /** The audiences the API server accepts (upstream's --api-audiences; default: the issuer). */
    readonly audiences: readonly string[] = [ISSUER],
  ) {
    this.privateKey = createPrivateKey(privateKeyPem);
    this.publicKey = createPublicKey(this.privateKey);
    const der = this.publicKey.export({ type: "spki", format: "der" });
    this.kid = createHash("sha256").update(der).digest("base64url");
  }

  /** A signed token for service account `namespace/name` (uid `uid`). */
  async issue(o: {
    readonly namespace: string;
    readonly name: string;
    readonly uid: string;
    readonly audiences: readonly string[];
    readonly expires: Date;
    readonly now: Date;
    readonly bound?: BoundObject;
  }): Promise<string> {
    const claim: KubernetesClaim = { namespace: o.namespace, serviceaccount: { name: o.name, uid: o.uid } };
    if (o.bound) claim[boundKey(o.bound.kind)] = { name: o.bound.name, uid: o.bound.uid };
    const seconds = (d: Date) => Math.floor(d.getTime() / 1000);
    return new SignJWT({ "kubernetes.io": claim as Record<string, unknown> })
      .setProtectedHeader({ alg: "ES256", kid: this.kid })
      .setIssuer(ISSUER)
      .setSubject(`system:serviceaccount:${o.namespace}:${o.name}`)
      .setAudience([...o.audiences])
      .setIssuedAt(seconds(o.now))
      .setNotBefore(seconds(o.now))
      .setExpirationTime(seconds(o.expires))
      .setJti(randomUUID())
      .sign(this.privateKey);
  }

  /** The claims of a token this server issued for one of its audiences, unexpired; else undefined. */
  async verify(token: string, now: Date): Promise<TokenClaims | undefined> {
    let payload: Record<string, unknown>;
    try {
      ({ payload } = await jwtVerify(token, this.publicKey, {
        issuer: ISSUER,
        audience: [...this.audiences],
        algorithms: ["ES256"],
        currentDate: now,
      }));
    } catch {
      return undefined;
    }
    const k = (payload["kubernetes.io"] ?? {}) as KubernetesClaim;
    const sa = k.serviceaccount ?? {};
    if (typeof k.namespace !== "string" || typeof sa.name !== "string" || typeof sa.uid !== "string") {
      return undefined;
    }
    const claims = { namespace: k.namespace, name: sa.name, uid: sa.uid, jti: String(payload.jti ?? "") };
    for (const kind of ["Pod", "Secret", "Node"] as const) {
      const b = k[boundKey(kind)];
      if (b && typeof b.name === "string" && typeof b.uid === "string") {
        return { ...claims, bound: { kind, name: b.name, uid: b.uid } };
      }
    }
    return claims;
  }
}

/** The claim naming a bound object of `kind`: "pod", "secret" or "node". */
function boundKey(kind: BoundObject["kind"]): "pod" | "secret" | "node" {
  return kind.toLowerCase() as "pod" | "secret" | "node";
}

/** The stored object `kind` `namespace/name`, if it exists and is not being deleted. */
export function liveObject(
  api: Api,
  kind: BoundObject["kind"] | "ServiceAccount",
  namespace: string,
  name: string,
): Readonly<KubeObject> | undefined {
  const def = api.lookupKind("v1", kind);
  if (!def) return undefined;
  const obj = api.storage(def).cached(namespace, name);
  return obj && !obj.metadata.deletionTimestamp ? obj : undefined;
}

/**
 * The user a service account token stands for, as upstream's authenticator names it, or
 * undefined when the token is not valid now (bad signature or audience, expired, its account or
 * bound object deleted or replaced).
 */
export async function serviceAccountUser(
  api: Api,
  tokens: ServiceAccountTokens,
  token: string,
): Promise<UserInfo | undefined> {
  const c = await tokens.verify(token, api.now());
  if (!c) return undefined;
  if (liveObject(api, "ServiceAccount", c.namespace, c.name)?.metadata.uid !== c.uid) return undefined;
  const extra: Record<string, string[]> = { "authentication.kubernetes.io/credential-id": [`JTI=${c.jti}`] };
  if (c.bound) {
    if (liveObject(api, c.bound.kind, c.namespace, c.bound.name)?.metadata.uid !== c.bound.uid)
      return undefined;
    if (c.bound.kind === "Pod") {
      extra["authentication.kubernetes.io/pod-name"] = [c.bound.name];
      extra["authentication.kubernetes.io/pod-uid"] = [c.bound.uid];
    }
  }
  return {
    name: `system:serviceaccount:${c.namespace}:${c.name}`,
    uid: c.uid,
    groups: ["system:serviceaccounts", `system:serviceaccounts:${c.namespace}`, "system:authenticated"],
    extra,
  };
}
