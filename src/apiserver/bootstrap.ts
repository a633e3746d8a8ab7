/**
 * What exists from first start, as upstream's bootstrap controllers make it: the system
 * namespaces, the `kubernetes` Service in `default` at the first service address, and its
 * Endpoints and EndpointSlice pointing at this API server (set again at every start, as
 * upstream's endpoint reconciler keeps them: the address or port may have changed).
 */
import { isDeepStrictEqual } from "node:util";
import { isLoopbackIP } from "../api/endpointslice/validation.js";
import type { KubeObject } from "../api/types.js";
import { logger } from "../util/log.js";
import type { Api } from "./api.js";
import { createObject, updateObject } from "./rest/objects.js";
import { ApiError } from "./status.js";

const log = logger("bootstrap");

export const systemNamespaces = ["default", "kube-system", "kube-public", "kube-node-lease"] as const;

/**
 * Creates `obj` unless it exists. With `owned` fields (what a reconciler owns), an existing
 * object gets those fields and `obj`'s labels brought to `obj`'s values when they differ; the
 * rest stays as it is.
 */
async function ensure(
  api: Api,
  group: string,
  version: string,
  resource: string,
  obj: KubeObject,
  owned: readonly string[] = [],
): Promise<void> {
  const def = api.lookup(group, version, resource);
  if (!def) return;
  const ns = obj.metadata.namespace ?? "";
  const name = obj.metadata.name ?? "";
  const stored = await api.storage(def).tryGet(ns, name);
  if (!stored) {
    try {
      await createObject(api, def, obj, { dryRun: false, fieldManager: "k8ts-bootstrap" });
    } catch (e) {
      if (!(e instanceof ApiError && e.code === 409)) throw e;
    }
    return;
  }
  if (owned.length === 0) return;
  const current = api.fromStored(def, stored);
  const labels = { ...current.metadata.labels, ...obj.metadata.labels };
  if (
    owned.every((f) => isDeepStrictEqual(current[f], obj[f])) &&
    isDeepStrictEqual(labels, current.metadata.labels)
  )
    return;
  const next: KubeObject = { ...current, metadata: { ...current.metadata, labels } };
  for (const f of owned) next[f] = obj[f];
  await updateObject(api, def, ns, name, next, "", { dryRun: false, fieldManager: "k8ts-bootstrap" });
}

export interface BootstrapOptions {
  /** The `kubernetes` Service's ClusterIP (first address of the service CIDR). */
  readonly serviceIp: string;
  /** The API server's port, the Service's targetPort. */
  readonly port: number;
  /** The address other hosts reach this API server at (the `kubernetes` Service's endpoint). */
  readonly advertiseAddress: string;
}

export async function bootstrap(api: Api, opts: BootstrapOptions): Promise<void> {
  for (const name of systemNamespaces) {
    await ensure(api, "", "v1", "namespaces", { apiVersion: "v1", kind: "Namespace", metadata: { name } });
  }
  await ensure(api, "", "v1", "services", {
    apiVersion: "v1",
    kind: "Service",
    metadata: {
      name: "kubernetes",
      namespace: "default",
      labels: { component: "apiserver", provider: "kubernetes" },
    },
    spec: {
      type: "ClusterIP",
      clusterIP: opts.serviceIp,
      ports: [{ name: "https", port: 443, protocol: "TCP", targetPort: opts.port }],
      sessionAffinity: "None",
    },
  });
  // Endpoints may not name loopback addresses (validation refuses them, as upstream's): an API
  // server that only listens on loopback leaves the Service without endpoints, as upstream's
  // reconciler does when it cannot write them.
  if (isLoopbackIP(opts.advertiseAddress)) {
    log.warn("the kubernetes Service gets no endpoints: its advertise address is loopback", {
      advertiseAddress: opts.advertiseAddress,
    });
    return;
  }
  const port = { name: "https", port: opts.port, protocol: "TCP" };
  const ipv6 = opts.advertiseAddress.includes(":");
  await ensure(
    api,
    "",
    "v1",
    "endpoints",
    {
      apiVersion: "v1",
      kind: "Endpoints",
      // The EndpointSlice below is written here too: the mirroring controller leaves it alone.
      metadata: {
        name: "kubernetes",
        namespace: "default",
        labels: { "endpointslice.kubernetes.io/skip-mirror": "true" },
      },
      subsets: [{ addresses: [{ ip: opts.advertiseAddress }], ports: [port] }],
    },
    ["subsets"],
  );
  await ensure(
    api,
    "discovery.k8s.io",
    "v1",
    "endpointslices",
    {
      apiVersion: "discovery.k8s.io/v1",
      kind: "EndpointSlice",
      metadata: {
        name: "kubernetes",
        namespace: "default",
        labels: { "kubernetes.io/service-name": "kubernetes" },
      },
      addressType: ipv6 ? "IPv6" : "IPv4",
      endpoints: [{ addresses: [opts.advertiseAddress], conditions: { ready: true } }],
      ports: [port],
    },
    ["addressType", "endpoints", "ports"],
  );
}
