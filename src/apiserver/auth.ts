/**
 * Authentication (client certificates signed by the cluster CA, bearer tokens) and
 * authorization as a pluggable step. RBAC comes later; for now every authenticated user is
 * allowed, through the same interface RBAC will implement.
 */
import { timingSafeEqual } from "node:crypto";
import type { TLSSocket } from "node:tls";

export interface UserInfo {
  readonly name: string;
  readonly uid?: string;
  readonly groups: readonly string[];
  /** Further attributes, as upstream's user.Info.GetExtra(). */
  readonly extra?: Readonly<Record<string, readonly string[]>>;
}

export const anonymous: UserInfo = { name: "system:anonymous", groups: ["system:unauthenticated"] };

export interface AuthOptions {
  /** Tokens accepted as bearer tokens, each with the user it stands for. */
  readonly tokens: ReadonlyMap<string, UserInfo>;
  /** Checks a bearer token that is a JWT (a service account token). */
  readonly serviceAccountToken?: (token: string) => Promise<UserInfo | undefined>;
}

/** Whether a bearer token has a JWT's shape: three base64url parts. */
const JWT = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

/** Paths anyone may read, as upstream's system:public-info-viewer allows. */
const publicPaths = new Set(["/healthz", "/livez", "/readyz", "/version"]);

export function isPublic(path: string): boolean {
  return (
    publicPaths.has(path) ||
    path.startsWith("/healthz/") ||
    path.startsWith("/livez/") ||
    path.startsWith("/readyz/")
  );
}

function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * The authenticated user, or undefined when the request carries no valid credential. Only a
 * service account token makes the answer a promise (its signature check is asynchronous).
 */
export function authenticate(
  headers: Readonly<Record<string, string | string[] | undefined>>,
  socket: unknown,
  opts: AuthOptions,
  /** The connection the request came on (its certificate is looked up once per connection). */
  connection?: object,
): UserInfo | undefined | Promise<UserInfo | undefined> {
  // As upstream's union of authenticators: a client certificate first, then a bearer token.
  const fromCert = certificateUser(socket, connection);
  if (fromCert) return fromCert;
  const auth = headers.authorization;
  if (typeof auth !== "string" || !auth.startsWith("Bearer ")) return undefined;
  const token = auth.slice(7).trim();
  for (const [t, user] of opts.tokens) if (sameToken(t, token)) return user;
  if (opts.serviceAccountToken && JWT.test(token)) return opts.serviceAccountToken(token);
  return undefined;
}

/** The user a verified client certificate names (CN, groups from O). */
function certificateUser(socket: unknown, connection: object | undefined): UserInfo | undefined {
  const tls = socket as Partial<TLSSocket> | undefined;
  if (!tls?.authorized || typeof tls.getPeerCertificate !== "function") return undefined;
  // Reading the peer certificate is costly; a connection's certificate never changes.
  const conn = connection ?? tls;
  const known = byConnection.get(conn);
  if (known !== undefined) return known ?? undefined;
  const cert = tls.getPeerCertificate();
  let user: UserInfo | null = null;
  if (cert?.subject?.CN) {
    const o = cert.subject.O;
    const groups = Array.isArray(o) ? o : o ? [o] : [];
    user = { name: String(cert.subject.CN), groups: [...groups, "system:authenticated"] };
  }
  byConnection.set(conn, user);
  return user ?? undefined;
}

const byConnection = new WeakMap<object, UserInfo | null>();

export interface Attributes {
  readonly user: UserInfo;
  readonly verb: string;
  readonly path: string;
  readonly group?: string;
  readonly resource?: string;
  readonly subresource?: string;
  readonly namespace?: string;
  readonly name?: string;
}

export interface Authorizer {
  /** Whether the user may do this; `reason` explains a denial. */
  authorize(attrs: Attributes): { allowed: boolean; reason?: string };
}

/** Allows every authenticated request (until RBAC is enforced). */
export const allowAuthenticated: Authorizer = {
  authorize: (a) => ({ allowed: !a.user.groups.includes("system:unauthenticated") }),
};
