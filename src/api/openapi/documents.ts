/**
 * Shared parts of the OpenAPI v2 and v3 documents: the definitions a set of served resources
 * needs, and a per-resource-list cache (the documents are megabytes; build each once).
 */
import type { ResourceDef } from "../types.js";
import { listDefinition, type PathItem } from "./operations.js";
import { buildPaths } from "./paths.js";
import { type Definitions, type GroupVersionKind, loadDefinitions, refName, type Schema } from "./schema.js";

export const INFO = { title: "Kubernetes", version: "v1.32.0" } as const;

/** Definitions every document carries even when no path names them. */
const ALWAYS = [
  "io.k8s.apimachinery.pkg.apis.meta.v1.Status",
  "io.k8s.apimachinery.pkg.apis.meta.v1.DeleteOptions",
  "io.k8s.apimachinery.pkg.apis.meta.v1.WatchEvent",
  "io.k8s.apimachinery.pkg.apis.meta.v1.Patch",
];

/** Kinds upstream serves in every group version (their GVK lists name all of them). */
const EVERY_GROUP_VERSION = [
  "io.k8s.apimachinery.pkg.apis.meta.v1.DeleteOptions",
  "io.k8s.apimachinery.pkg.apis.meta.v1.WatchEvent",
];

/** Everything derived from one list of served resources. */
export interface Model {
  /** All definitions, plus placeholders for served kinds kubernetes-types lacks. */
  readonly definitions: Definitions;
  /** Paths by document key ("api/v1", "apis/apps/v1", "apis/apps", "api", "apis", "version"). */
  readonly paths: ReadonlyMap<string, readonly PathItem[]>;
  /** Built documents by name, filled lazily by the renderers. */
  readonly documents: Map<string, { readonly doc: object; readonly json: string }>;
}

const models = new WeakMap<readonly ResourceDef[], Model>();

/** The model of `resources`, built on first use and cached for that array. */
export function modelOf(resources: readonly ResourceDef[]): Model {
  let model = models.get(resources);
  if (!model) {
    const generated = loadDefinitions();
    model = {
      definitions: servedDefinitions(resources),
      paths: buildPaths(resources, (definition) => generated[definition] !== undefined),
      documents: new Map(),
    };
    models.set(resources, model);
  }
  return model;
}

/** The cached document `name`, built with `build` on first use. */
export function cached(
  model: Model,
  name: string,
  build: () => object,
): { readonly doc: object; readonly json: string } {
  let entry = model.documents.get(name);
  if (!entry) {
    const doc = build();
    entry = { doc, json: JSON.stringify(doc) };
    model.documents.set(name, entry);
  }
  return entry;
}

function servedDefinitions(resources: readonly ResourceDef[]): Definitions {
  const defs: Record<string, Schema> = { ...loadDefinitions() };
  const gvks = new Map<string, GroupVersionKind>();
  for (const def of resources) {
    gvks.set(`${def.group}/${def.version}`, { group: def.group, version: def.version, kind: "" });
    if (!defs[def.definition]) defs[def.definition] = placeholder(def);
    const list = listDefinition(def);
    if (!defs[list]) defs[list] = placeholderList(def, list);
  }
  // Upstream lists DeleteOptions and WatchEvent under every served group version.
  for (const name of EVERY_GROUP_VERSION) {
    const base = defs[name];
    const kind = name.slice(name.lastIndexOf(".") + 1);
    const all = new Map<string, GroupVersionKind>();
    for (const g of [...(base["x-kubernetes-group-version-kind"] ?? []), ...gvks.values()]) {
      all.set(`${g.group}/${g.version}`, { group: g.group, kind, version: g.version });
    }
    const sorted = [...all.values()].sort(
      (a, b) => compare(a.group, b.group) || compare(a.version, b.version),
    );
    defs[name] = { ...base, "x-kubernetes-group-version-kind": sorted };
  }
  return defs;
}

/** A served kind without generated types: any fields, the standard object envelope. */
function placeholder(def: ResourceDef): Schema {
  return {
    description: `${def.kind} (no published schema; fields are not checked).`,
    type: "object",
    properties: {
      apiVersion: { type: "string" },
      kind: { type: "string" },
      metadata: { $ref: "#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta" },
    },
    "x-kubernetes-preserve-unknown-fields": true,
    "x-kubernetes-group-version-kind": [{ group: def.group, kind: def.kind, version: def.version }],
  };
}

function placeholderList(def: ResourceDef, name: string): Schema {
  return {
    description: `${name.slice(name.lastIndexOf(".") + 1)} is a list of ${def.kind}.`,
    type: "object",
    required: ["items"],
    properties: {
      apiVersion: { type: "string" },
      items: { type: "array", items: { $ref: `#/definitions/${def.definition}` } },
      kind: { type: "string" },
      metadata: { $ref: "#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.ListMeta" },
    },
    "x-kubernetes-group-version-kind": [
      { group: def.group, kind: def.listKind ?? `${def.kind}List`, version: def.version },
    ],
  };
}

/**
 * The definitions the paths refer to, transitively, plus the standard ones and `extra`; sorted
 * by name.
 */
export function closure(
  definitions: Definitions,
  paths: readonly PathItem[],
  extra: readonly string[] = [],
): Record<string, Schema> {
  const seen = new Set<string>();
  const queue = [...ALWAYS, ...extra];
  for (const item of paths) {
    for (const op of item.operations) {
      if (op.body) queue.push(op.body.definition);
      for (const r of Object.values(op.responses)) if (r.definition) queue.push(r.definition);
    }
  }
  while (queue.length > 0) {
    const name = queue.pop()!;
    if (seen.has(name)) continue;
    const schema = definitions[name];
    if (!schema) throw new Error(`OpenAPI: no definition ${name}`);
    seen.add(name);
    collectRefs(schema, queue);
  }
  const out: Record<string, Schema> = {};
  for (const name of [...seen].sort(compare)) out[name] = definitions[name];
  return out;
}

function collectRefs(value: unknown, into: string[]): void {
  if (Array.isArray(value)) {
    for (const v of value) collectRefs(v, into);
  } else if (value && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) {
      if (k === "$ref" && typeof v === "string") {
        const name = refName(v);
        if (name) into.push(name);
      } else if (k !== "x-kubernetes-group-version-kind") collectRefs(v, into);
    }
  }
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
