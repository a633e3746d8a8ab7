/**
 * What exists from first start, as upstream's bootstrap controllers make it: the system
 * namespaces and the `kubernetes` Service in `default` at the first service address.
 */
import type { KubeObject } from "../api/types.js";
import type { Api } from "./api.js";
import { createObject } from "./rest/objects.js";
import { ApiError } from "./status.js";

export const systemNamespaces = ["default", "kube-system", "kube-public", "kube-node-lease"] as const;

async function ensure(
  api: Api,
  group: string,
  version: string,
  resource: string,
  obj: KubeObject,
): Promise<void> {
  const def = api.lookup(group, version, resource);
  if (!def) return;
  const existing = await api.storage(def).tryGet(obj.metadata.namespace ?? "", obj.metadata.name ?? "");
  if (existing) return;
  try {
    await createObject(api, def, obj, { dryRun: false, fieldManager: "k8ts-bootstrap" });
  } catch (e) {
    if (!(e instanceof ApiError && e.code === 409)) throw e;
  }
}

export interface BootstrapOptions {
  /** The `kubernetes` Service's ClusterIP (first address of the service CIDR). */
  readonly serviceIp: string;
  /** The API server's port, the Service's targetPort. */
  readonly port: number;
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
}
