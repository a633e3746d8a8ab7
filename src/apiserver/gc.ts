/**
 * Garbage collection by ownerReferences, as upstream's garbage collector does it:
 * - an object whose owners are all gone is deleted (background cascading);
 * - an owner with the `foregroundDeletion` finalizer waits until its dependents are gone;
 * - an owner with the `orphan` finalizer has its dependents' references to it removed.
 * Runs inside the server until the controller manager takes it over.
 */
import type { KubeObject, ResourceDef } from "../api/types.js";
import { logger } from "../util/log.js";
import { every } from "../util/periodic.js";
import type { Api } from "./api.js";
import { deleteObject, updateObject } from "./rest/objects.js";

const log = logger("garbage-collector");

interface Entry {
  readonly def: ResourceDef;
  readonly obj: Readonly<KubeObject>;
}

/**
 * What a sweep looks at: objects with owners (dependents, indexed by owner uid) and owners
 * being deleted with the orphan or foregroundDeletion finalizer. Everything else (most
 * objects) is skipped after one look at its metadata, so a sweep costs little more than a
 * pass over the caches.
 */
function snapshot(api: Api): { candidates: Entry[]; dependents: Map<string, Entry[]> } {
  const candidates: Entry[] = [];
  const dependents = new Map<string, Entry[]>();
  for (const def of api.storedResources) {
    const storage = api.storage(def);
    for (const obj of storage.cache.values(storage.prefix(""))) {
      const m = obj.metadata;
      const refs = m.ownerReferences;
      const finalizing =
        m.deletionTimestamp !== undefined &&
        (m.finalizers?.includes("orphan") || m.finalizers?.includes("foregroundDeletion"));
      if (!refs?.length && !finalizing) continue;
      const e = { def, obj };
      candidates.push(e);
      for (const ref of refs ?? []) {
        const list = dependents.get(ref.uid);
        if (list) list.push(e);
        else dependents.set(ref.uid, [e]);
      }
    }
  }
  return { candidates, dependents };
}

/** Whether the cache holds the owner `r` names (same kind, name and uid). */
function ownerCached(
  api: Api,
  r: { apiVersion: string; kind: string; name: string; uid: string },
  ns: string,
) {
  const def = api.lookupKind(r.apiVersion, r.kind);
  if (!def || def.storedAs) return false;
  return api.storage(def).cached(ns, r.name)?.metadata.uid === r.uid;
}

const key = (e: Entry) => [e.obj.metadata.namespace ?? "", e.obj.metadata.name ?? ""] as const;

async function removeFinalizer(api: Api, e: Entry, finalizer: string): Promise<void> {
  const [ns, name] = key(e);
  const cur = api.fromStored(e.def, await api.storage(e.def).get(ns, name));
  cur.metadata.finalizers = (cur.metadata.finalizers ?? []).filter((f) => f !== finalizer);
  await updateObject(api, e.def, ns, name, cur, "", { dryRun: false });
}

async function sweep(api: Api): Promise<void> {
  const { candidates, dependents } = snapshot(api);
  for (const e of candidates) {
    const m = e.obj.metadata;
    const [ns, name] = key(e);
    if (m.deletionTimestamp && m.finalizers?.includes("orphan")) {
      for (const d of dependents.get(m.uid ?? "") ?? []) {
        const [dns, dname] = key(d);
        const cur = api.fromStored(d.def, await api.storage(d.def).get(dns, dname));
        cur.metadata.ownerReferences = (cur.metadata.ownerReferences ?? []).filter((r) => r.uid !== m.uid);
        if (cur.metadata.ownerReferences.length === 0) delete cur.metadata.ownerReferences;
        await updateObject(api, d.def, dns, dname, cur, "", { dryRun: false });
      }
      await removeFinalizer(api, e, "orphan");
      continue;
    }
    if (m.deletionTimestamp && m.finalizers?.includes("foregroundDeletion")) {
      const deps = dependents.get(m.uid ?? "") ?? [];
      if (deps.length === 0) {
        await removeFinalizer(api, e, "foregroundDeletion");
        continue;
      }
      for (const d of deps) {
        if (d.obj.metadata.deletionTimestamp) continue;
        const [dns, dname] = key(d);
        await deleteObject(api, d.def, dns, dname, { dryRun: false, propagationPolicy: "Foreground" });
      }
      continue;
    }
    if (!m.ownerReferences?.length || m.deletionTimestamp) continue;
    if (m.ownerReferences.some((r) => ownerCached(api, r, ns))) continue;
    // Every owner looks gone from the caches: confirm against storage before deleting, with
    // the object as it is now (this sweep may have orphaned it already).
    const current = (await api.storage(e.def).tryGet(ns, name))?.metadata;
    if (!current?.ownerReferences?.length || current.deletionTimestamp) continue;
    let alive = false;
    for (const r of current.ownerReferences) {
      const def = api.lookupKind(r.apiVersion, r.kind);
      if (!def) continue;
      const owner = await api.storage(def).tryGet(def.namespaced ? ns : "", r.name);
      if (owner?.metadata.uid === r.uid) alive = true;
    }
    if (!alive) await deleteObject(api, e.def, ns, name, { dryRun: false, propagationPolicy: "Background" });
  }
}

/** Runs until the returned function is called. */
export function startGarbageCollector(api: Api, intervalMs = 1000): () => void {
  let seen = "";
  return every(intervalMs, log, "garbage collection", async () => {
    // Nothing changed since the last clean sweep: nothing to collect.
    const state = api.storedResources.map((d) => api.storage(d).cache.currentRevision).join(",");
    if (state === seen) return;
    await sweep(api);
    seen = state;
  });
}
