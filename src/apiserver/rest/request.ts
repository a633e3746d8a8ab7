/**
 * Parses a resource request path into what it addresses, like upstream's RequestInfoFactory.
 */
import type { ResourceDef } from "../../api/types.js";
import type { Api } from "../api.js";
import { errors } from "../status.js";

export type Verb = "get" | "list" | "watch" | "create" | "update" | "patch" | "delete" | "deletecollection";

export interface RequestInfo {
  readonly def: ResourceDef;
  readonly group: string;
  readonly version: string;
  /** "" for cluster-scoped resources or all namespaces. */
  readonly namespace: string;
  readonly name: string;
  readonly subresource: string;
  readonly verb: Verb;
  readonly query: URLSearchParams;
}

const namespaceSubresources = new Set(["status", "finalize"]);

/**
 * Returns the request's target, or undefined when the path is not a resource path.
 * Unknown resources and bad shapes are 404s as upstream.
 */
export function parseResourcePath(api: Api, method: string, url: URL): RequestInfo | undefined {
  const parts = url.pathname.split("/").filter((p) => p !== "");
  let group: string;
  let version: string;
  let rest: string[];
  if (parts[0] === "api" && parts.length >= 3) {
    group = "";
    version = parts[1]!;
    rest = parts.slice(2);
  } else if (parts[0] === "apis" && parts.length >= 4) {
    group = parts[1]!;
    version = parts[2]!;
    rest = parts.slice(3);
  } else {
    return undefined;
  }
  let legacyWatch = false;
  if (rest[0] === "watch") {
    legacyWatch = true;
    rest = rest.slice(1);
  }
  let namespace = "";
  if (rest[0] === "namespaces" && rest.length > 1) {
    namespace = rest[1]!;
    if (rest.length > 2 && !namespaceSubresources.has(rest[2]!)) rest = rest.slice(2);
  }
  const [resource, name = "", subresource = "", ...extra] = rest;
  if (!resource || extra.length) throw errors.pathNotFound();
  const def = api.lookup(group, version, resource);
  if (!def) throw errors.pathNotFound();
  if (def.kind === "Namespace") namespace = "";
  else if (!def.namespaced && namespace) throw errors.pathNotFound();
  if (subresource) {
    const s = def.subresources;
    const known =
      (subresource === "status" && s?.status) ||
      (subresource === "scale" && s?.scale) ||
      s?.others?.includes(subresource);
    if (!known) throw errors.pathNotFound();
  }
  const query = url.searchParams;
  const watchParam = query.get("watch");
  const watch = legacyWatch || parseBool(watchParam);
  let verb: Verb;
  switch (method) {
    case "GET":
    case "HEAD":
      verb = watch ? "watch" : name ? "get" : "list";
      break;
    case "POST":
      verb = "create";
      break;
    case "PUT":
      verb = "update";
      break;
    case "PATCH":
      verb = "patch";
      break;
    case "DELETE":
      verb = name ? "delete" : "deletecollection";
      break;
    default:
      throw errors.methodNotSupported({ group, resource }, method.toLowerCase());
  }
  if (!name && (verb === "update" || verb === "patch"))
    throw errors.methodNotSupported({ group, resource }, verb);
  if (name && verb === "create" && !subresource)
    throw errors.methodNotSupported({ group, resource }, "create");
  if (def.verbs && !def.verbs.includes(verb) && !subresource) {
    throw errors.methodNotSupported({ group, resource }, verb);
  }
  return { def, group, version, namespace, name, subresource, verb, query };
}

/** Go's strconv.ParseBool truthy spellings, which upstream accepts for boolean parameters. */
export function parseBool(v: string | null): boolean {
  return v !== null && ["1", "t", "T", "TRUE", "true", "True"].includes(v);
}
