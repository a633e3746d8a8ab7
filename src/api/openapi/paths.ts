/**
 * The paths k8ts serves for a list of resources, upstream-style: collection, object, status,
 * scale and other subresource paths, the deprecated /watch/ paths, and discovery paths.
 */
import type { ResourceDef } from "../types.js";
import {
  ALL_VERBS,
  capitalize,
  createOperation,
  DELETE_OPTIONS,
  groupVersionPath,
  gvName,
  gvTag,
  listDefinition,
  META,
  type Operation,
  ok,
  type PathItem,
  patchOperation,
  readOperation,
  replaceOperation,
  SCALE,
  SCALE_GVK,
  STATUS,
  WATCH_EVENT,
} from "./operations.js";
import { DELETE_PARAMS, LIST_PARAMS, type ParamName } from "./params.js";
import type { GroupVersionKind } from "./schema.js";

/**
 * Every path of the given resources, keyed by document: each served group version ("api/v1",
 * "apis/apps/v1", with its "/api/v1/" discovery path), each group ("apis/apps": "/apis/apps/"),
 * and "api", "apis" and "version" ("/api/", "/apis/", "/version/"). `hasSchema` says whether a
 * definition has a generated schema (strategic merge patch needs one).
 */
export function buildPaths(
  resources: readonly ResourceDef[],
  hasSchema: (definition: string) => boolean,
): Map<string, PathItem[]> {
  const out = new Map<string, PathItem[]>();
  const add = (key: string, ...items: PathItem[]) => out.set(key, [...(out.get(key) ?? []), ...items]);
  add(
    "version",
    discovery({
      path: "/version/",
      tag: "version",
      operationId: "getCodeVersion",
      definition: "io.k8s.apimachinery.pkg.version.Info",
    }),
  );
  add(
    "api",
    discovery({
      path: "/api/",
      tag: "core",
      operationId: "getCoreAPIVersions",
      definition: `${META}.APIVersions`,
    }),
  );
  add(
    "apis",
    discovery({
      path: "/apis/",
      tag: "apis",
      operationId: "getAPIVersions",
      definition: `${META}.APIGroupList`,
    }),
  );

  const byGroupVersion = new Map<string, ResourceDef[]>();
  for (const def of resources) {
    const key = groupVersionPath(def);
    byGroupVersion.set(key, [...(byGroupVersion.get(key) ?? []), def]);
  }
  for (const [key, defs] of byGroupVersion) {
    const { group, version } = defs[0];
    const gv = gvName(group, version);
    const tag = gvTag(group, version);
    if (group !== "" && !out.has(`apis/${group}`)) {
      add(
        `apis/${group}`,
        discovery({
          path: `/apis/${group}/`,
          tag: tag.slice(0, tag.indexOf("_")),
          operationId: `get${gv.slice(0, gv.length - version.length)}APIGroup`,
          definition: `${META}.APIGroup`,
        }),
      );
    }
    add(
      key,
      discovery({
        path: `/${key}/`,
        tag,
        operationId: `get${gv}APIResources`,
        definition: `${META}.APIResourceList`,
      }),
    );
    for (const def of [...defs].sort((a, b) =>
      a.resource < b.resource ? -1 : a.resource > b.resource ? 1 : 0,
    )) {
      add(key, ...resourcePaths(namesOf(def, hasSchema(def.definition))));
    }
  }
  return out;
}

function discovery(d: { path: string; tag: string; operationId: string; definition: string }): PathItem {
  const description = d.path === "/version/" ? "get the code version" : `get information of ${d.path}`;
  return {
    path: d.path,
    tag: d.tag,
    params: [],
    operations: [
      {
        method: "get",
        operationId: d.operationId,
        description,
        query: [],
        responses: { "200": ok(d.definition) },
        produces: "object",
      },
    ],
  };
}

/** What the paths of one resource are built from. */
interface Names {
  readonly def: ResourceDef;
  readonly verbs: ReadonlySet<string>;
  readonly gvk: GroupVersionKind;
  /** Operation id infix: "CoreV1" + "Namespaced" or "". */
  readonly gv: string;
  readonly ns: string;
  readonly tag: string;
  /** "/api/v1", "/apis/apps/v1". */
  readonly prefix: string;
  readonly scopeParams: readonly ParamName[];
  /** ".../pods" and ".../pods/{name}" in the resource's scope. */
  readonly collection: string;
  readonly object: string;
  /** Whether patches may be strategic merge patches. */
  readonly strategic: boolean;
}

function namesOf(def: ResourceDef, strategic: boolean): Names {
  const prefix = `/${groupVersionPath(def)}`;
  const collection = `${def.namespaced ? `${prefix}/namespaces/{namespace}` : prefix}/${def.resource}`;
  return {
    def,
    verbs: new Set(def.verbs ?? ALL_VERBS),
    gvk: { group: def.group, version: def.version, kind: def.kind },
    gv: gvName(def.group, def.version),
    ns: def.namespaced ? "Namespaced" : "",
    tag: gvTag(def.group, def.version),
    prefix,
    scopeParams: def.namespaced ? ["namespace"] : [],
    collection,
    object: `${collection}/{name}`,
    strategic,
  };
}

/** The paths of one resource, upstream-style. */
function resourcePaths(n: Names): PathItem[] {
  const items: PathItem[] = [];
  const push = (path: string, params: readonly ParamName[], operations: readonly Operation[]) => {
    if (operations.length > 0) items.push({ path, tag: n.tag, params, operations });
  };
  const objectParams: ParamName[] = ["name", ...n.scopeParams, "pretty"];
  push(n.collection, [...n.scopeParams, "pretty"], collectionOperations(n));
  push(n.object, objectParams, objectOperations(n));
  if (n.def.subresources?.status) push(`${n.object}/status`, objectParams, statusOperations(n));
  if (n.def.subresources?.scale) push(`${n.object}/scale`, objectParams, scaleOperations(n));
  for (const name of n.def.subresources?.others ?? []) {
    const other = OTHER_SUBRESOURCES[name];
    if (other)
      push(
        `${n.object}/${name}`,
        other.pretty ? objectParams : ["name", ...n.scopeParams],
        other.operations(n),
      );
  }
  if (n.verbs.has("list") && n.def.namespaced) {
    push(
      `${n.prefix}/${n.def.resource}`,
      [],
      [
        {
          ...listOperation(n),
          operationId: `list${n.gv}${n.def.kind}ForAllNamespaces`,
          query: [...LIST_PARAMS, "pretty"].sort() as ParamName[],
        },
      ],
    );
  }
  if (n.verbs.has("watch")) {
    const scope = n.def.namespaced ? `${n.prefix}/watch/namespaces/{namespace}` : `${n.prefix}/watch`;
    const kind = n.def.kind;
    const deprecated = "deprecated: use the 'watch' parameter with a list operation instead";
    push(`${scope}/${n.def.resource}`, n.scopeParams, [
      watchOperation(
        n,
        `watch${n.gv}${n.ns}${kind}List`,
        `watch individual changes to a list of ${kind}. ${deprecated}.`,
      ),
    ]);
    push(
      `${scope}/${n.def.resource}/{name}`,
      ["name", ...n.scopeParams],
      [
        {
          ...watchOperation(
            n,
            `watch${n.gv}${n.ns}${kind}`,
            `watch changes to an object of kind ${kind}. ${deprecated}, filtered to a single item with the 'fieldSelector' parameter.`,
          ),
          action: "watch",
        },
      ],
    );
    if (n.def.namespaced) {
      push(
        `${n.prefix}/watch/${n.def.resource}`,
        [],
        [
          watchOperation(
            n,
            `watch${n.gv}${kind}ListForAllNamespaces`,
            `watch individual changes to a list of ${kind}. ${deprecated}.`,
          ),
        ],
      );
    }
  }
  return items;
}

function listOperation(n: Names): Operation {
  return {
    method: "get",
    operationId: `list${n.gv}${n.ns}${n.def.kind}`,
    description: `list or watch objects of kind ${n.def.kind}`,
    action: "list",
    gvk: n.gvk,
    query: LIST_PARAMS,
    responses: { "200": ok(listDefinition(n.def)) },
    produces: "list",
  };
}

function watchOperation(n: Names, operationId: string, description: string): Operation {
  return {
    method: "get",
    operationId,
    description,
    action: "watchlist",
    gvk: n.gvk,
    query: [...LIST_PARAMS, "pretty"].sort() as ParamName[],
    responses: { "200": ok(WATCH_EVENT) },
    produces: "watch",
  };
}

function collectionOperations(n: Names): Operation[] {
  const ops: Operation[] = [];
  const kind = n.def.kind;
  if (n.verbs.has("list")) ops.push(listOperation(n));
  if (n.verbs.has("create")) {
    ops.push(
      createOperation({
        operationId: `create${n.gv}${n.ns}${kind}`,
        description: `create a ${kind}`,
        gvk: n.gvk,
        definition: n.def.definition,
      }),
    );
  }
  if (n.verbs.has("deletecollection")) {
    ops.push({
      method: "delete",
      operationId: `delete${n.gv}Collection${n.ns}${kind}`,
      description: `delete collection of ${kind}`,
      action: "deletecollection",
      gvk: n.gvk,
      query: [
        ...DELETE_PARAMS,
        ...LIST_PARAMS.filter((p) => p !== "watch" && p !== "allowWatchBookmarks"),
      ].sort() as ParamName[],
      body: { definition: DELETE_OPTIONS, kind: "deleteOptions", required: false },
      responses: { "200": ok(STATUS) },
      produces: "object",
    });
  }
  return ops;
}

function objectOperations(n: Names): Operation[] {
  const ops: Operation[] = [];
  const kind = n.def.kind;
  const target = { gvk: n.gvk, definition: n.def.definition };
  if (n.verbs.has("get"))
    ops.push(
      readOperation({
        ...target,
        operationId: `read${n.gv}${n.ns}${kind}`,
        description: `read the specified ${kind}`,
      }),
    );
  if (n.verbs.has("update")) {
    ops.push(
      replaceOperation({
        ...target,
        operationId: `replace${n.gv}${n.ns}${kind}`,
        description: `replace the specified ${kind}`,
      }),
    );
  }
  if (n.verbs.has("patch")) {
    ops.push(
      patchOperation({
        ...target,
        operationId: `patch${n.gv}${n.ns}${kind}`,
        description: `partially update the specified ${kind}`,
        strategic: n.strategic,
      }),
    );
  }
  if (n.verbs.has("delete")) {
    ops.push({
      method: "delete",
      operationId: `delete${n.gv}${n.ns}${kind}`,
      description: `delete a ${kind}`,
      action: "delete",
      gvk: n.gvk,
      query: DELETE_PARAMS,
      body: { definition: DELETE_OPTIONS, kind: "deleteOptions", required: false },
      responses: { "200": ok(STATUS), "202": { description: "Accepted", definition: STATUS } },
      produces: "object",
    });
  }
  return ops;
}

/** What `subresourceOperations` serves. */
interface Subresource {
  readonly name: "status" | "scale";
  readonly gvk: GroupVersionKind;
  /** The object read and written through the subresource. */
  readonly definition: string;
  /** Whether patches may be strategic merge patches. */
  readonly strategic: boolean;
}

/** The read, replace and patch operations of a status or scale subresource of `n`'s kind. */
function subresourceOperations(n: Names, sub: Subresource): Operation[] {
  const kind = n.def.kind;
  const target = { gvk: sub.gvk, definition: sub.definition };
  const id = `${n.gv}${n.ns}${kind}${capitalize(sub.name)}`;
  return [
    readOperation({
      ...target,
      operationId: `read${id}`,
      description: `read ${sub.name} of the specified ${kind}`,
    }),
    replaceOperation({
      ...target,
      operationId: `replace${id}`,
      description: `replace ${sub.name} of the specified ${kind}`,
    }),
    patchOperation({
      ...target,
      operationId: `patch${id}`,
      description: `partially update ${sub.name} of the specified ${kind}`,
      strategic: sub.strategic,
    }),
  ];
}

function statusOperations(n: Names): Operation[] {
  return subresourceOperations(n, {
    name: "status",
    gvk: n.gvk,
    definition: n.def.definition,
    strategic: n.strategic,
  });
}

function scaleOperations(n: Names): Operation[] {
  return subresourceOperations(n, { name: "scale", gvk: SCALE_GVK, definition: SCALE, strategic: true });
}

/** Subresources served outside the generic store whose shapes upstream documents. */
const OTHER_SUBRESOURCES: Readonly<
  Record<string, { readonly pretty: boolean; readonly operations: (n: Names) => readonly Operation[] }>
> = {
  log: {
    pretty: true,
    operations: (n) => [
      {
        method: "get",
        operationId: `read${n.gv}${n.ns}${n.def.kind}Log`,
        description: `read log of the specified ${n.def.kind}`,
        action: "get",
        gvk: n.gvk,
        query: [
          "container",
          "follow",
          "insecureSkipTLSVerifyBackend",
          "limitBytes",
          "previous",
          "sinceSeconds",
          "tailLines",
          "timestamps",
        ],
        responses: { "200": { description: "OK" } },
        produces: "text",
      },
    ],
  },
  exec: {
    pretty: false,
    operations: (n) =>
      connect(n, {
        sub: "Exec",
        options: "PodExecOptions",
        query: ["command", "container", "stderr", "stdin", "stdout", "tty"],
      }),
  },
  attach: {
    pretty: false,
    operations: (n) =>
      connect(n, {
        sub: "Attach",
        options: "PodAttachOptions",
        query: ["container", "stderr", "stdin", "stdout", "tty"],
      }),
  },
  portforward: {
    pretty: false,
    operations: (n) => connect(n, { sub: "Portforward", options: "PodPortForwardOptions", query: ["ports"] }),
  },
  binding: {
    pretty: true,
    operations: (n) => [
      createOperation({
        operationId: `create${n.gv}${n.ns}${n.def.kind}Binding`,
        description: `create binding of a ${n.def.kind}`,
        gvk: { group: "", version: "v1", kind: "Binding" },
        definition: "io.k8s.api.core.v1.Binding",
      }),
    ],
  },
  eviction: {
    pretty: true,
    operations: (n) => [
      createOperation({
        operationId: `create${n.gv}${n.ns}${n.def.kind}Eviction`,
        description: `create eviction of a ${n.def.kind}`,
        gvk: { group: "policy", version: "v1", kind: "Eviction" },
        definition: "io.k8s.api.policy.v1.Eviction",
      }),
    ],
  },
};

/** The GET and POST "connect" operations of a streaming subresource (exec, attach, portforward). */
function connect(n: Names, c: { sub: string; options: string; query: readonly ParamName[] }): Operation[] {
  return (["get", "post"] as const).map((method) => ({
    method,
    operationId: `connect${n.gv}${capitalize(method)}${n.ns}${n.def.kind}${c.sub}`,
    description: `connect ${method.toUpperCase()} requests to ${c.sub.toLowerCase()} of ${n.def.kind}`,
    action: "connect",
    gvk: { group: "", version: "v1", kind: c.options },
    query: c.query,
    responses: { "200": { description: "OK" } },
    produces: "text",
  }));
}
