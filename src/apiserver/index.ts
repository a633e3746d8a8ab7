/**
 * Starts the API server: store, PKI, served kinds, admission, bootstrap objects, HTTPS.
 */
import { join } from "node:path";
import { Registry } from "prom-client";
import { allResources } from "../api/registry.js";
import { openStore } from "../storage/open.js";
import type { Store } from "../storage/types.js";
import { logger } from "../util/log.js";
import { serviceAccountAdmission } from "./admission/service-accounts.js";
import { ipString, parseCidr, serviceAllocation } from "./admission/services.js";
import { Api } from "./api.js";
import { bootstrap } from "./bootstrap.js";
import { ensurePki, hostAddresses } from "./certs.js";
import { diskMetrics } from "./disk-metrics.js";
import { startGarbageCollector } from "./gc.js";
import { writeKubeconfig } from "./kubeconfig.js";
import { startNamespaceDefaults } from "./namespace-defaults.js";
import { startNamespaceFinalizer } from "./namespaces.js";
import { ServiceAccountTokens } from "./sa-tokens.js";
import { startServer } from "./server.js";

const log = logger("server");

/**
 * The address the `kubernetes` Service's endpoints name: the bind address, or for a wildcard
 * bind the host's first non-loopback address of that family (loopback when it has none), as
 * kube-apiserver's default advertise address.
 */
export function advertiseAddress(bindAddress: string): string {
  const v6 = bindAddress === "::";
  if (bindAddress !== "0.0.0.0" && !v6) return bindAddress;
  const family = v6 ? "IPv6" : "IPv4";
  return (
    hostAddresses().find((a) => !a.internal && a.family === family)?.address ?? (v6 ? "::1" : "127.0.0.1")
  );
}

export interface K8tsServerOptions {
  readonly dataDir: string;
  readonly port: number;
  readonly bindAddress: string;
  /** The `kubernetes` Service's endpoint; default from the bind address (see advertiseAddress). */
  readonly advertiseAddress?: string;
  readonly kubeconfig?: string;
  readonly datastoreEndpoint?: string;
  /** Overrides the generated token. */
  readonly token?: string;
  readonly serviceCidr: string;
  readonly tlsSans?: readonly string[];
  /** How often storage history is compacted (ms); default 5 minutes, as kube-apiserver. */
  readonly compactionIntervalMs?: number;
  /** Revisions of history always kept; default 10,000. */
  readonly compactionKeepRevisions?: number;
}

export interface K8tsServer {
  readonly port: number;
  readonly kubeconfig: string;
  readonly api: Api;
  close(): Promise<void>;
}

export async function startK8tsServer(o: K8tsServerOptions): Promise<K8tsServer> {
  const cidr = parseCidr(o.serviceCidr);
  const serviceIp = ipString(cidr.base + 1);
  const registry = new Registry();
  const [store, pki] = await Promise.all([
    openStore({
      endpoint: o.datastoreEndpoint,
      dataDir: o.dataDir,
      diskObserver: () => diskMetrics(registry),
      compaction: { intervalMs: o.compactionIntervalMs, keepRevisions: o.compactionKeepRevisions },
    }),
    ensurePki({ dir: join(o.dataDir, "tls"), serviceIp, extraSans: o.tlsSans }),
  ]);
  const token = o.token ?? pki.token;
  const api = new Api({
    store,
    resources: allResources,
    admission: [serviceAccountAdmission(), serviceAllocation({ serviceCidr: o.serviceCidr })],
    serviceAccountTokens: new ServiceAccountTokens(pki.serviceAccountKey),
  });
  let server: Awaited<ReturnType<typeof startServer>>;
  try {
    await api.start();
    server = await startServer({
      api,
      cert: pki.servingCert,
      key: pki.servingKey,
      caCert: pki.caCert,
      tokens: new Map([
        [token, { name: "system:admin", groups: ["system:masters", "system:authenticated"] }],
      ]),
      host: o.bindAddress,
      port: o.port,
      registry,
    });
  } catch (e) {
    api.stop();
    await store.close();
    throw e;
  }
  await bootstrap(api, {
    serviceIp,
    port: server.port,
    advertiseAddress: o.advertiseAddress ?? advertiseAddress(o.bindAddress),
  });
  const stopNs = startNamespaceFinalizer(api);
  const stopDefaults = await startNamespaceDefaults(api, pki.caCert);
  const stopGc = startGarbageCollector(api);
  const host = o.bindAddress === "0.0.0.0" || o.bindAddress === "::" ? "127.0.0.1" : o.bindAddress;
  const kubeconfig = o.kubeconfig ?? join(o.dataDir, "kubeconfig.yaml");
  writeKubeconfig(kubeconfig, {
    server: `https://${host.includes(":") ? `[${host}]` : host}:${server.port}`,
    caCert: pki.caCert,
    clientCert: pki.adminCert,
    clientKey: pki.adminKey,
  });
  log.info("ready", { port: server.port, kubeconfig });
  return {
    port: server.port,
    kubeconfig,
    api,
    close: async () => {
      stopNs();
      stopDefaults();
      stopGc();
      await server.close();
      api.stop();
      await closeStore(store);
    },
  };
}

async function closeStore(store: Store): Promise<void> {
  await store.close().catch((e: unknown) => log.warn("closing the store failed", { error: String(e) }));
}
