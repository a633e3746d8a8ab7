/**
 * The embedded store: one SQLite file, like kine's SQLite backend but in process, so watches
 * are fed from the write path instead of polling. See schema.ts for the file layout, batch.ts
 * for group commit and durability, watch.ts for watch delivery.
 */
import type { DiskObserver, Store } from "../types.js";
import { type Clock, systemClock } from "./clock.js";
import { openDatabase } from "./open.js";
import { SqliteStore } from "./store.js";

export type { Clock } from "./clock.js";

export interface SqliteStoreOptions {
  /** The database file. Missing parent directories are created; a missing file is created. */
  readonly file: string;
  /** Time source for TTL expiry (default: the system clock and Node timers). */
  readonly clock?: Clock;
  /**
   * How long to wait (ms) for another process holding the file to let go before failing with
   * an error naming the file. Default 1000.
   */
  readonly lockTimeoutMs?: number;
  /** Read the whole file with `PRAGMA quick_check` when opening, to refuse a damaged one. Default true. */
  readonly verify?: boolean;
  /** Told the duration of every WAL fsync and checkpoint. */
  readonly observer?: DiskObserver;
}

/**
 * Opens the store in `opts.file`, locking it against other processes. Rejects with an error
 * naming the file when it is locked, unreadable or not an intact k8ts database (CorruptError);
 * such a file is left as it is, never replaced.
 */
export async function openSqliteStore(opts: SqliteStoreOptions): Promise<Store> {
  const db = openDatabase({
    file: opts.file,
    lockTimeoutMs: opts.lockTimeoutMs ?? 1000,
    verify: opts.verify ?? true,
  });
  return new SqliteStore(db, opts.file, opts.clock ?? systemClock, opts.observer);
}
