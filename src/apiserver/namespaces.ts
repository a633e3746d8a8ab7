/**
 * Finishes namespace deletion, as upstream's namespace controller: once a namespace is
 * Terminating, every object in it is deleted, then the namespace itself.
 */
import type { KubeObject } from "../api/types.js";
import { logger } from "../util/log.js";
import type { Api } from "./api.js";
import { deleteObject } from "./rest/objects.js";

const log = logger("namespace-finalizer");

async function finalize(api: Api, ns: Readonly<KubeObject>): Promise<void> {
  const name = ns.metadata.name ?? "";
  let remaining = 0;
  for (const def of api.resources) {
    if (!def.namespaced || def.storedAs) continue;
    const storage = api.storage(def);
    for (const o of storage.cache.list(storage.prefix(name)).items) {
      remaining++;
      if (o.metadata.deletionTimestamp) continue;
      await deleteObject(api, def, name, o.metadata.name ?? "", {
        dryRun: false,
        gracePeriodSeconds: 0,
      }).catch(() => {});
    }
  }
  if (remaining > 0) return;
  const nsDef = api.lookup("", "v1", "namespaces")!;
  await api
    .storage(nsDef)
    .delete("", name)
    .catch(() => {});
}

/** Runs until the returned function is called. */
export function startNamespaceFinalizer(api: Api, intervalMs = 1000): () => void {
  const nsDef = api.lookup("", "v1", "namespaces");
  if (!nsDef) return () => {};
  let busy = false;
  const tick = async () => {
    if (busy) return;
    busy = true;
    try {
      const storage = api.storage(nsDef);
      for (const ns of storage.cache.list(storage.prefix("")).items) {
        if (ns.metadata.deletionTimestamp) await finalize(api, ns);
      }
    } catch (e) {
      log.warn("namespace finalization failed", { error: String(e) });
    } finally {
      busy = false;
    }
  };
  const timer = setInterval(tick, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
