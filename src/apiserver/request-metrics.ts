/**
 * The labels of apiserver_request_total and apiserver_request_duration_seconds, as upstream's
 * endpoints/metrics package sets them, so that the usual queries
 * (`apiserver_request_total{verb="LIST",resource="pods"}`) work unchanged.
 */
import type { RequestInfo } from "./rest/request.js";

/** Label names of apiserver_request_duration_seconds (apiserver_request_total adds "code"). */
export const REQUEST_LABELS = [
  "verb",
  "dry_run",
  "group",
  "version",
  "resource",
  "subresource",
  "scope",
  "component",
] as const;

export type RequestLabels = Record<(typeof REQUEST_LABELS)[number], string>;

/** Subresources upstream reports with the CONNECT verb. */
const connectSubresources = new Set(["proxy", "attach", "exec", "portforward"]);

/**
 * A request outside the resource paths (/version, /healthz, discovery, OpenAPI): its path
 * is the subresource, as upstream instruments those routes ("" for paths nobody serves).
 */
export function nonResourceLabels(method: string | undefined, path: string): RequestLabels {
  return {
    verb: (method ?? "GET").toUpperCase(),
    dry_run: "",
    group: "",
    version: "",
    resource: "",
    subresource: path,
    scope: "",
    component: "apiserver",
  };
}

/** A resource request: upstream's CleanVerb, CleanScope and cleanDryRun. */
export function resourceLabels(
  info: RequestInfo,
  method: string | undefined,
  contentType: string | undefined,
): RequestLabels {
  const scope =
    info.name !== "" || info.verb === "create" ? "resource" : info.namespace ? "namespace" : "cluster";
  let verb = (method ?? "GET").toUpperCase();
  if (verb === "HEAD") verb = "GET";
  if (info.verb === "watch") verb = "WATCH";
  else if (info.verb === "list") verb = "LIST";
  else if (verb === "PATCH" && contentType?.split(";")[0]?.trim() === "application/apply-patch+yaml")
    verb = "APPLY";
  if (connectSubresources.has(info.subresource)) verb = "CONNECT";
  return {
    verb,
    dry_run: [...new Set(info.query.getAll("dryRun"))].sort().join(","),
    group: info.group,
    version: info.version,
    resource: info.def.resource,
    subresource: info.subresource,
    scope,
    component: "apiserver",
  };
}
