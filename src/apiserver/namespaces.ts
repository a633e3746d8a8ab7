/**
 * Finishes namespace deletion, as upstream's namespace controller: once a namespace is
 * Terminating, every object in it is deleted, then the namespace itself. While content
 * remains, the namespace's status conditions say what is left and which finalizers hold it
 * (what `kubectl describe namespace` shows for a namespace stuck in Terminating).
 */
import type { KubeObject } from "../api/types.js";
import { logger } from "../util/log.js";
import { every } from "../util/periodic.js";
import { rfc3339 } from "../util/time.js";
import type { Api } from "./api.js";
import { deleteObject, updateObject } from "./rest/objects.js";
import { ApiError } from "./status.js";

const log = logger("namespace-finalizer");

interface NamespaceCondition {
  type: string;
  status: "True" | "False";
  lastTransitionTime?: string;
  reason: string;
  message: string;
}

/** The conditions the namespace deleter maintains, in upstream's order, with their "ok" forms. */
const conditionTypes: ReadonlyArray<readonly [type: string, reason: string, message: string]> = [
  ["NamespaceDeletionDiscoveryFailure", "ResourcesDiscovered", "All resources successfully discovered"],
  [
    "NamespaceDeletionGroupVersionParsingFailure",
    "ParsedGroupVersions",
    "All legacy kube types successfully parsed",
  ],
  [
    "NamespaceDeletionContentFailure",
    "ContentDeleted",
    "All content successfully deleted, may be waiting on finalization",
  ],
  ["NamespaceContentRemaining", "ContentRemoved", "All content successfully removed"],
  ["NamespaceFinalizersRemaining", "ContentHasNoFinalizers", "All content-preserving finalizers finished"],
];

/** What one pass over a terminating namespace left behind. */
interface Leftovers {
  /** `<resource>.<group>` → objects still there. */
  readonly byResource: Map<string, number>;
  /** finalizer → objects it still holds. */
  readonly byFinalizer: Map<string, number>;
  readonly failures: string[];
}

const bump = (m: Map<string, number>, k: string) => m.set(k, (m.get(k) ?? 0) + 1);
const is404 = (e: unknown) => e instanceof ApiError && e.code === 404;

async function deleteContent(api: Api, ns: string): Promise<Leftovers> {
  const left: Leftovers = { byResource: new Map(), byFinalizer: new Map(), failures: [] };
  for (const def of api.storedResources) {
    if (!def.namespaced) continue;
    const storage = api.storage(def);
    for (const o of storage.cache.list(storage.prefix(ns)).items) {
      let remaining: Readonly<KubeObject> | undefined = o;
      if (!o.metadata.deletionTimestamp) {
        try {
          const r = await deleteObject(api, def, ns, o.metadata.name ?? "", {
            dryRun: false,
            gracePeriodSeconds: 0,
          });
          remaining = r.gone ? undefined : r.object;
        } catch (e) {
          if (is404(e)) remaining = undefined;
          else
            left.failures.push(`${def.resource}.${def.group}: ${e instanceof Error ? e.message : String(e)}`);
        }
      }
      if (!remaining) continue;
      bump(left.byResource, `${def.resource}.${def.group}`);
      for (const f of remaining.metadata.finalizers ?? []) bump(left.byFinalizer, f);
    }
  }
  return left;
}

/** The conditions upstream's namespaceConditionUpdater derives from a pass (failures only). */
function failing(left: Leftovers): Map<string, Omit<NamespaceCondition, "type">> {
  const out = new Map<string, Omit<NamespaceCondition, "type">>();
  const counted = (m: Map<string, number>, unit: (k: string, n: number) => string) =>
    [...m]
      .map(([k, n]) => unit(k, n))
      .sort()
      .join(", ");
  if (left.failures.length) {
    out.set("NamespaceDeletionContentFailure", {
      status: "True",
      reason: "ContentDeletionFailed",
      message: `Failed to delete all resource types, ${left.failures.length} remaining: ${[...left.failures].sort().join(", ")}`,
    });
  }
  if (left.byResource.size) {
    out.set("NamespaceContentRemaining", {
      status: "True",
      reason: "SomeResourcesRemain",
      message: `Some resources are remaining: ${counted(left.byResource, (k, n) => `${k} has ${n} resource instances`)}`,
    });
  }
  if (left.byFinalizer.size) {
    out.set("NamespaceFinalizersRemaining", {
      status: "True",
      reason: "SomeFinalizersRemain",
      message: `Some content in the namespace has finalizers remaining: ${counted(left.byFinalizer, (k, n) => `${k} in ${n} resource instances`)}`,
    });
  }
  return out;
}

/** Upstream's updateConditions: returns whether `conditions` changed. */
function updateConditions(
  conditions: NamespaceCondition[],
  failures: Map<string, Omit<NamespaceCondition, "type">>,
  now: string,
): boolean {
  let changed = false;
  for (const [type, reason, message] of conditionTypes) {
    const want = failures.get(type) ?? { status: "False" as const, reason, message };
    const old = conditions.find((c) => c.type === type);
    if (!old) {
      conditions.push({
        type,
        status: want.status,
        lastTransitionTime: now,
        reason: want.reason,
        message: want.message,
      });
      changed = true;
    } else if (old.status !== want.status || old.reason !== want.reason || old.message !== want.message) {
      if (old.status !== want.status) old.lastTransitionTime = now;
      old.status = want.status;
      old.reason = want.reason;
      old.message = want.message;
      changed = true;
    }
  }
  return changed;
}

async function finalize(api: Api, ns: Readonly<KubeObject>): Promise<void> {
  const name = ns.metadata.name ?? "";
  const nsDef = api.lookup("", "v1", "namespaces")!;
  const left = await deleteContent(api, name);
  if (left.byResource.size === 0 && left.failures.length === 0) {
    await api
      .storage(nsDef)
      .delete("", name)
      .catch(() => {});
    return;
  }
  const cur = api.fromStored(nsDef, await api.storage(nsDef).get("", name));
  const status = (cur.status ?? {}) as { conditions?: NamespaceCondition[] };
  const conditions = structuredClone(status.conditions ?? []);
  if (!updateConditions(conditions, failing(left), rfc3339(api.now()))) return;
  cur.status = { ...status, conditions };
  try {
    await updateObject(api, nsDef, "", name, cur, "status", {
      dryRun: false,
      fieldManager: "kube-controller-manager",
    });
  } catch (e) {
    // Changed meanwhile: the next pass looks again.
    if (!(e instanceof ApiError && (e.code === 409 || e.code === 404))) throw e;
  }
}

/** Runs until the returned function is called. */
export function startNamespaceFinalizer(api: Api, intervalMs = 1000): () => void {
  const nsDef = api.lookup("", "v1", "namespaces");
  if (!nsDef) return () => {};
  const storage = api.storage(nsDef);
  return every(intervalMs, log, "namespace finalization", async () => {
    for (const ns of storage.cache.list(storage.prefix("")).items) {
      if (ns.metadata.deletionTimestamp) await finalize(api, ns);
    }
  });
}
