/**
 * The REST operations k8ts serves, described once and rendered by the OpenAPI v2 and v3
 * builders. Paths, operation ids, actions and parameters follow upstream kube-apiserver's
 * documents, so clients generated from (or reading) upstream's find the same names here.
 */
import type { ResourceDef } from "../types.js";
import { type ParamName, WRITE_PARAMS } from "./params.js";
import type { GroupVersionKind } from "./schema.js";

/**
 * What an operation sends, for the renderers' content types. "patch" accepts every patch type;
 * "mergePatch" all but strategic merge patch, which needs a schema with patch metadata (like
 * upstream's custom resources; kubectl then falls back to a JSON merge patch).
 */
export type BodyKind = "object" | "patch" | "mergePatch" | "deleteOptions";
/** What an operation answers, for the renderers' content types. */
export type ResponseKind = "object" | "list" | "watch" | "text";

/** One HTTP operation on a path. */
export interface Operation {
  readonly method: "get" | "post" | "put" | "patch" | "delete";
  readonly operationId: string;
  readonly description: string;
  /** `x-kubernetes-action`; absent on discovery operations. */
  readonly action?:
    | "get"
    | "list"
    | "post"
    | "put"
    | "patch"
    | "delete"
    | "deletecollection"
    | "watch"
    | "watchlist"
    | "connect";
  /** `x-kubernetes-group-version-kind`; absent on discovery operations. */
  readonly gvk?: GroupVersionKind;
  readonly query: readonly ParamName[];
  /** Request body, a definition name; absent without a body. */
  readonly body?: { readonly definition: string; readonly kind: BodyKind; readonly required: boolean };
  /** Status code -> description and response definition (absent: no body or plain text). */
  readonly responses: Readonly<
    Record<string, { readonly description: string; readonly definition?: string }>
  >;
  readonly produces: ResponseKind;
}

/** One path with its operations. */
export interface PathItem {
  readonly path: string;
  /** Group-version tag, e.g. "core_v1". */
  readonly tag: string;
  /** Parameters shared by all operations: path parameters and `pretty`. */
  readonly params: readonly ParamName[];
  readonly operations: readonly Operation[];
}

/** A served group version: "api/v1", "apis/apps/v1". */
export function groupVersionPath(def: Pick<ResourceDef, "group" | "version">): string {
  return def.group === "" ? `api/${def.version}` : `apis/${def.group}/${def.version}`;
}

/** "CoreV1", "AppsV1", "RbacAuthorizationV1" (upstream's operation id infix). */
export function gvName(group: string, version: string): string {
  const parts = group === "" ? ["core"] : group.replace(/\.k8s\.io$/, "").split(/[^A-Za-z0-9]+/);
  return parts.map(capitalize).join("") + capitalize(version);
}

/** "core_v1", "apps_v1", "rbacAuthorization_v1" (upstream's tags). */
export function gvTag(group: string, version: string): string {
  const name = gvName(group, version);
  const base = name.slice(0, name.length - version.length);
  return `${base[0].toLowerCase()}${base.slice(1)}_${version}`;
}

export function capitalize(s: string): string {
  return s === "" ? s : s[0].toUpperCase() + s.slice(1);
}

/** The definition name of a resource's list kind, e.g. io.k8s.api.core.v1.PodList. */
export function listDefinition(def: ResourceDef): string {
  const pkg = def.definition.slice(0, def.definition.lastIndexOf(".") + 1);
  return pkg + (def.listKind ?? `${def.kind}List`);
}

/** Request content types of a body kind, as upstream lists them. */
export function consumesOf(kind: BodyKind): readonly string[] {
  switch (kind) {
    case "patch":
      return [
        "application/json-patch+json",
        "application/merge-patch+json",
        "application/strategic-merge-patch+json",
        "application/apply-patch+yaml",
      ];
    case "mergePatch":
      return ["application/json-patch+json", "application/merge-patch+json", "application/apply-patch+yaml"];
    default:
      return ["*/*"];
  }
}

/** Response content types (upstream's, without protobuf, which k8ts does not serve). */
export function producesOf(kind: ResponseKind): readonly string[] {
  switch (kind) {
    case "list":
    case "watch":
      return ["application/json", "application/yaml", "application/json;stream=watch"];
    case "text":
      return ["text/plain", "application/json", "application/yaml"];
    default:
      return ["application/json", "application/yaml"];
  }
}

export const META = "io.k8s.apimachinery.pkg.apis.meta.v1";
export const STATUS = `${META}.Status`;
export const DELETE_OPTIONS = `${META}.DeleteOptions`;
const PATCH = `${META}.Patch`;
export const WATCH_EVENT = `${META}.WatchEvent`;
export const SCALE = "io.k8s.api.autoscaling.v1.Scale";
export const SCALE_GVK: GroupVersionKind = { group: "autoscaling", version: "v1", kind: "Scale" };
export const ALL_VERBS = ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"];

export const ok = (definition?: string) => ({ description: "OK", definition });

/** What a read, create, replace or patch operation is about. */
export interface Target {
  readonly operationId: string;
  readonly description: string;
  readonly gvk: GroupVersionKind;
  /** The object read, written and returned. */
  readonly definition: string;
}

/**
 * An operation on one object: its action is its method, it answers with the object, and
 * `parts` holds what differs (query, body, responses).
 */
function objectOperation(
  t: Target,
  method: "get" | "post" | "put" | "patch",
  parts: Pick<Operation, "query" | "body" | "responses">,
): Operation {
  const { operationId, description, gvk } = t;
  return { method, operationId, description, action: method, gvk, ...parts, produces: "object" };
}

/** The body of a create or replace: the object itself. */
const objectBody = (definition: string) => ({ definition, kind: "object", required: true }) as const;

export function readOperation(t: Target): Operation {
  return objectOperation(t, "get", { query: [], responses: { "200": ok(t.definition) } });
}

export function createOperation(t: Target): Operation {
  const { definition } = t;
  return objectOperation(t, "post", {
    query: WRITE_PARAMS,
    body: objectBody(definition),
    responses: {
      "200": ok(definition),
      "201": { description: "Created", definition },
      "202": { description: "Accepted", definition },
    },
  });
}

export function replaceOperation(t: Target): Operation {
  const { definition } = t;
  return objectOperation(t, "put", {
    query: WRITE_PARAMS,
    body: objectBody(definition),
    responses: { "200": ok(definition), "201": { description: "Created", definition } },
  });
}

/** `strategic`: whether strategic merge patches are accepted (the kind has a schema). */
export function patchOperation(t: Target & { readonly strategic: boolean }): Operation {
  const { definition } = t;
  return objectOperation(t, "patch", {
    query: [...WRITE_PARAMS, "force"],
    body: { definition: PATCH, kind: t.strategic ? "patch" : "mergePatch", required: true },
    responses: { "200": ok(definition), "201": { description: "Created", definition } },
  });
}
