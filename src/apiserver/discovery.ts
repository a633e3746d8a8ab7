/**
 * API discovery: the legacy documents (/api, /api/v1, /apis, /apis/<g>, /apis/<g>/<v>) and
 * the aggregated apidiscovery.k8s.io v2 / v2beta1 documents kubectl asks for first.
 */
import type { ResourceDef } from "../api/types.js";

const allVerbs = ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"];

function verbsOf(def: ResourceDef): string[] {
  return [...(def.verbs ?? allVerbs)].sort();
}

/** Groups in upstream's preferred order (core first, then as registered). */
function groups(resources: readonly ResourceDef[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const d of resources) {
    const versions = out.get(d.group) ?? [];
    if (!versions.includes(d.version)) versions.push(d.version);
    out.set(d.group, versions);
  }
  // Upstream lists the preferred (newest stable) version first: v2 before v1, v1 before v1beta1.
  const rank = (v: string) => {
    const m = /^v(\d+)(?:(alpha|beta)(\d+))?$/.exec(v);
    if (!m) return 0;
    const stage = m[2] === "alpha" ? 0 : m[2] === "beta" ? 1 : 2;
    return stage * 1e6 + Number(m[1]) * 1e3 + Number(m[3] ?? 0);
  };
  for (const v of out.values()) v.sort((a, b) => rank(b) - rank(a));
  return out;
}

export function apiVersions(): Record<string, unknown> {
  return {
    kind: "APIVersions",
    versions: ["v1"],
    serverAddressByClientCIDRs: [{ clientCIDR: "0.0.0.0/0", serverAddress: "" }],
  };
}

export function apiGroupList(resources: readonly ResourceDef[]): Record<string, unknown> {
  const list = [];
  for (const [g, versions] of groups(resources)) {
    if (g === "") continue;
    list.push(apiGroup(g, versions));
  }
  return { kind: "APIGroupList", apiVersion: "v1", groups: list };
}

export function apiGroup(group: string, versions: readonly string[]): Record<string, unknown> {
  const vs = versions.map((v) => ({ groupVersion: `${group}/${v}`, version: v }));
  return { kind: "APIGroup", apiVersion: "v1", name: group, versions: vs, preferredVersion: vs[0] };
}

export function groupVersions(resources: readonly ResourceDef[], group: string): string[] | undefined {
  return groups(resources).get(group);
}

/** /api/v1 or /apis/<g>/<v>: an APIResourceList with subresources as "pods/status". */
export function apiResourceList(
  resources: readonly ResourceDef[],
  group: string,
  version: string,
): Record<string, unknown> | undefined {
  const defs = resources.filter((d) => d.group === group && d.version === version);
  if (defs.length === 0) return undefined;
  const list: Record<string, unknown>[] = [];
  for (const d of defs) {
    list.push({
      name: d.resource,
      singularName: d.singular,
      namespaced: d.namespaced,
      kind: d.kind,
      verbs: verbsOf(d),
      ...(d.shortNames?.length ? { shortNames: d.shortNames } : {}),
      ...(d.categories?.length ? { categories: d.categories } : {}),
      storageVersionHash: hash(`${d.group}/${d.version}/${d.kind}`),
    });
    for (const s of subresourcesOf(d)) {
      list.push({
        name: `${d.resource}/${s.name}`,
        singularName: "",
        namespaced: d.namespaced,
        kind: s.kind,
        verbs: s.verbs,
        ...(s.group ? { group: s.group, version: s.version } : {}),
      });
    }
  }
  return {
    kind: "APIResourceList",
    apiVersion: "v1",
    groupVersion: group ? `${group}/${version}` : version,
    resources: list,
  };
}

interface Sub {
  name: string;
  kind: string;
  verbs: string[];
  group?: string;
  version?: string;
}

function subresourcesOf(d: ResourceDef): Sub[] {
  const out: Sub[] = [];
  const s = d.subresources;
  if (s?.status) out.push({ name: "status", kind: d.kind, verbs: ["get", "patch", "update"] });
  if (s?.scale)
    out.push({
      name: "scale",
      kind: "Scale",
      verbs: ["get", "patch", "update"],
      group: "autoscaling",
      version: "v1",
    });
  // Name -> kind and verbs, and the kind's group and version when not the resource's.
  const kinds: Record<string, [string, string[], string?, string?]> = {
    binding: ["Binding", ["create"]],
    // policy/v1: kubectl drain evicts only when discovery names the Eviction's group and version
    // (it deletes the pods otherwise).
    eviction: ["Eviction", ["create"], "policy", "v1"],
    log: ["Pod", ["get"]],
    exec: ["PodExecOptions", ["create", "get"]],
    attach: ["PodAttachOptions", ["create", "get"]],
    portforward: ["PodPortForwardOptions", ["create", "get"]],
    proxy: [
      d.kind === "Pod" ? "PodProxyOptions" : `${d.kind}ProxyOptions`,
      ["create", "delete", "get", "patch", "update"],
    ],
    ephemeralcontainers: ["Pod", ["get", "patch", "update"]],
    finalize: ["Namespace", ["update"]],
    token: ["TokenRequest", ["create"], "authentication.k8s.io", "v1"],
  };
  for (const o of s?.others ?? []) {
    const [kind, verbs, group, version] = kinds[o] ?? [d.kind, ["get"]];
    out.push({ name: o, kind, verbs, ...(group ? { group, version } : {}) });
  }
  return out;
}

function hash(s: string): string {
  let h = 2166136261;
  for (const c of s) h = Math.imul(h ^ c.charCodeAt(0), 16777619);
  return Buffer.from(Uint32Array.of(h >>> 0).buffer)
    .toString("base64")
    .slice(0, 11);
}

/** The aggregated discovery document of /api (core) or /apis (named groups). */
export function aggregated(
  resources: readonly ResourceDef[],
  legacy: boolean,
  apiVersion: "v2" | "v2beta1",
): Record<string, unknown> {
  const items = [];
  for (const [g, versions] of groups(resources)) {
    if (legacy !== (g === "")) continue;
    items.push({
      metadata: { name: g, creationTimestamp: null },
      versions: versions.map((v) => ({
        version: v,
        freshness: "Current",
        resources: resources
          .filter((d) => d.group === g && d.version === v)
          .map((d) => ({
            resource: d.resource,
            responseKind: { group: g, version: v, kind: d.kind },
            scope: d.namespaced ? "Namespaced" : "Cluster",
            singularResource: d.singular,
            verbs: verbsOf(d),
            ...(d.shortNames?.length ? { shortNames: d.shortNames } : {}),
            ...(d.categories?.length ? { categories: d.categories } : {}),
            ...(subresourcesOf(d).length
              ? {
                  subresources: subresourcesOf(d).map((s) => ({
                    subresource: s.name,
                    responseKind: { group: s.group ?? g, version: s.version ?? v, kind: s.kind },
                    verbs: s.verbs,
                  })),
                }
              : {}),
          })),
      })),
    });
  }
  return {
    kind: "APIGroupDiscoveryList",
    apiVersion: `apidiscovery.k8s.io/${apiVersion}`,
    metadata: {},
    items,
  };
}

/** Which aggregated discovery version an Accept header asks for, if any. */
export function wantsAggregated(accept: string | undefined): "v2" | "v2beta1" | undefined {
  if (!accept) return undefined;
  for (const part of accept.split(",")) {
    if (!part.includes("g=apidiscovery.k8s.io") || !part.includes("as=APIGroupDiscoveryList")) continue;
    if (/v=v2beta1/.test(part)) return "v2beta1";
    if (/v=v2(;|$|\s)/.test(part)) return "v2";
  }
  return undefined;
}
