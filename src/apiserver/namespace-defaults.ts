/**
 * What every namespace holds from its first moments, as two of upstream's kube-controller-manager
 * controllers keep it:
 * - the `default` ServiceAccount (the serviceaccounts controller), which pods run as unless they
 *   name another;
 * - the `kube-root-ca.crt` ConfigMap with the cluster's CA certificate (the
 *   root-ca-cert-publisher), which pods use to verify the API server.
 *
 * Each is created when its namespace appears and again when it is deleted; the ConfigMap's data
 * and description are put back when changed. Nothing is created in a terminating namespace, so
 * namespace deletion still finishes.
 */
import { clone, deepEqual } from "../api/common/values.js";
import type { KubeObject, ResourceDef } from "../api/types.js";
import { logger } from "../util/log.js";
import { every } from "../util/periodic.js";
import type { Api } from "./api.js";
import type { ResourceStorage } from "./registry/storage.js";
import { createObject, updateObject } from "./rest/objects.js";
import { ApiError } from "./status.js";

const log = logger("namespace-defaults");

export const DEFAULT_SERVICE_ACCOUNT = "default";
export const ROOT_CA_CONFIGMAP = "kube-root-ca.crt";
/** The annotation upstream's publisher puts on the ConfigMap, with upstream's words. */
const DESCRIPTION_ANNOTATION = "kubernetes.io/description";
const DESCRIPTION =
  "Contains a CA bundle that can be used to verify the kube-apiserver when using internal endpoints such as the internal service IP or kubernetes.default.svc. No other usage is guaranteed across distributions of Kubernetes clusters.";
/** The field manager upstream's controllers write as. */
const MANAGER = "kube-controller-manager";

interface Kinds {
  readonly namespaces: ResourceDef;
  readonly serviceAccounts: ResourceDef;
  readonly configMaps: ResourceDef;
}

/** A create or update that lost a race or met a namespace being deleted: nothing to do. */
function settled(e: unknown): boolean {
  return e instanceof ApiError && (e.code === 409 || e.code === 404 || e.code === 403);
}

async function ensureServiceAccount(api: Api, kinds: Kinds, ns: string): Promise<void> {
  if (api.storage(kinds.serviceAccounts).cached(ns, DEFAULT_SERVICE_ACCOUNT)) return;
  const sa: KubeObject = {
    apiVersion: "v1",
    kind: "ServiceAccount",
    metadata: { name: DEFAULT_SERVICE_ACCOUNT, namespace: ns },
  };
  await createObject(api, kinds.serviceAccounts, sa, { dryRun: false, fieldManager: MANAGER });
}

async function ensureRootCA(api: Api, kinds: Kinds, ns: string, caCert: string): Promise<void> {
  const current = api.storage(kinds.configMaps).cached(ns, ROOT_CA_CONFIGMAP);
  const data = { "ca.crt": caCert };
  if (!current) {
    const cm: KubeObject = {
      apiVersion: "v1",
      kind: "ConfigMap",
      metadata: {
        name: ROOT_CA_CONFIGMAP,
        namespace: ns,
        annotations: { [DESCRIPTION_ANNOTATION]: DESCRIPTION },
      },
      data,
    };
    await createObject(api, kinds.configMaps, cm, { dryRun: false, fieldManager: MANAGER });
    return;
  }
  if (deepEqual(current.data, data) && current.metadata.annotations?.[DESCRIPTION_ANNOTATION]) return;
  // The cached object is shared: the update works on a copy (it may be behind storage; then the
  // update conflicts, and the newer version's event brings the namespace back here).
  const next = clone(current) as KubeObject;
  next.metadata.annotations = { ...next.metadata.annotations, [DESCRIPTION_ANNOTATION]: DESCRIPTION };
  next.data = data;
  await updateObject(api, kinds.configMaps, ns, ROOT_CA_CONFIGMAP, next, "", {
    dryRun: false,
    fieldManager: MANAGER,
  });
}

/** Brings namespace `ns` to what it should hold, unless it is gone or terminating. */
async function sync(api: Api, kinds: Kinds, ns: string, caCert: string): Promise<void> {
  // Read from the watch caches: a stale read costs a create or update that conflicts (settled).
  const namespace = api.storage(kinds.namespaces).cached("", ns);
  if (!namespace || namespace.metadata.deletionTimestamp) return;
  for (const ensure of [
    () => ensureServiceAccount(api, kinds, ns),
    () => ensureRootCA(api, kinds, ns, caCert),
  ]) {
    try {
      await ensure();
    } catch (e) {
      if (!settled(e)) throw e;
    }
  }
}

/**
 * Starts keeping every namespace's default ServiceAccount and root CA ConfigMap (`caCert`: the
 * cluster CA, PEM). Resolves once the namespaces that exist now have been brought up to date;
 * runs until the returned function is called.
 */
export async function startNamespaceDefaults(api: Api, caCert: string): Promise<() => void> {
  const namespaces = api.lookup("", "v1", "namespaces");
  const serviceAccounts = api.lookup("", "v1", "serviceaccounts");
  const configMaps = api.lookup("", "v1", "configmaps");
  if (!namespaces || !serviceAccounts || !configMaps) return () => {};
  const kinds: Kinds = { namespaces, serviceAccounts, configMaps };

  // Namespaces to sync, one at a time in arrival order; a failed one waits for the resync.
  const queue = new Set<string>();
  let draining: Promise<void> | undefined;
  const drain = async () => {
    for (const ns of queue) {
      queue.delete(ns);
      try {
        await sync(api, kinds, ns, caCert);
      } catch (err) {
        log.warn("namespace defaults failed, retrying", { namespace: ns, error: String(err) });
      }
    }
    draining = undefined;
  };
  const enqueue = (ns: string) => {
    queue.add(ns);
    draining ??= drain();
  };
  const all = () => {
    const storage = api.storage(namespaces);
    for (const ns of storage.cache.list(storage.prefix("")).items) enqueue(ns.metadata.name ?? "");
    return draining ?? Promise.resolve();
  };

  const follow = async (
    storage: ResourceStorage,
    react: (ev: { type: string; object: Readonly<KubeObject> }) => void,
  ) => {
    await storage.cache.ready();
    return storage.cache.subscribe(storage.cache.currentRevision, react);
  };
  const stops = [
    await follow(api.storage(namespaces), (ev) => {
      if (ev.type !== "DELETED") enqueue(ev.object.metadata.name ?? "");
    }),
    await follow(api.storage(serviceAccounts), (ev) => {
      if (ev.type === "DELETED" && ev.object.metadata.name === DEFAULT_SERVICE_ACCOUNT)
        enqueue(ev.object.metadata.namespace ?? "");
    }),
    await follow(api.storage(configMaps), (ev) => {
      if (ev.type !== "ADDED" && ev.object.metadata.name === ROOT_CA_CONFIGMAP)
        enqueue(ev.object.metadata.namespace ?? "");
    }),
    // A resync now and then retries what failed (upstream's informers resync too).
    every(30_000, log, "namespace defaults resync", all),
  ];
  await all();
  return () => {
    for (const stop of stops) stop();
  };
}
