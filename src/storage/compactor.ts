import { logger } from "../util/log.js";
import type { Store } from "./types.js";

const log = logger("compactor");

export interface CompactorOptions {
  /** How often to compact (ms). Default 5 minutes, as kube-apiserver compacts etcd. */
  readonly intervalMs?: number;
  /** Keep at least this many most recent revisions of history. Default 10,000. */
  readonly keepRevisions?: number;
}

/**
 * Bounds a store's history: every interval, compacts to the revision that was current one
 * interval ago (a time window), but never closer than `keepRevisions` to the head. Runs until
 * the returned function is called.
 */
export function startCompactor(store: Store, opts: CompactorOptions = {}): () => void {
  const intervalMs = opts.intervalMs ?? 5 * 60_000;
  const keep = opts.keepRevisions ?? 10_000;
  let previousHead = 0;
  let running = false;
  const timer = setInterval(async () => {
    if (running) return;
    running = true;
    try {
      const head = await store.currentRevision();
      const target = Math.min(previousHead, head - keep);
      previousHead = head;
      if (target > (await store.compactedRevision())) {
        await store.compact(target);
        log.debug("compacted", { revision: target });
      }
    } catch (err) {
      log.warn("compaction failed", { error: err instanceof Error ? err.message : String(err) });
    } finally {
      running = false;
    }
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
