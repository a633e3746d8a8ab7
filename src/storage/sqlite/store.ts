import type Database from "better-sqlite3";
import { checkTtl, checkWrite } from "../limits.js";
import {
  CompactedError,
  type DeleteOptions,
  type DiskObserver,
  InvalidError,
  type KeyValue,
  type RangeOptions,
  type RangeResult,
  type Store,
  UnavailableError,
  type UpdateOptions,
  type WatchEvent,
  type Watcher,
  type WatchOptions,
  type WriteOptions,
} from "../types.js";
import { GroupCommitter, type RevisionState } from "./batch.js";
import type { Clock } from "./clock.js";
import { compactOp } from "./compact.js";
import { RemainingCounts } from "./counts.js";
import { createOp } from "./create.js";
import { deleteOp } from "./delete.js";
import { translateError } from "./errors.js";
import { FileSync } from "./file-sync.js";
import { getKey } from "./get.js";
import { checkpointUnsynced } from "./open.js";
import { rangeKeys } from "./range.js";
import { prepareStatements, type Statements } from "./statements.js";
import { ExpirySweeper, expireOp } from "./ttl.js";
import { updateOp } from "./update.js";
import { WatchHub } from "./watch.js";

/**
 * The Store over one SQLite file. Reads run synchronously on the one connection, so each sees
 * exactly the state after the last commit; writes go through the group committer.
 */
export class SqliteStore implements Store {
  private readonly stmts: Statements;
  private readonly state: RevisionState;
  private readonly writer: GroupCommitter;
  private readonly hub: WatchHub;
  private readonly sweeper: ExpirySweeper;
  private readonly counts = new RemainingCounts();
  private readonly wal: FileSync;
  private readonly dbFile: FileSync;
  private closed = false;

  constructor(
    private readonly db: Database.Database,
    private readonly file: string,
    clock: Clock,
    observer?: DiskObserver,
  ) {
    this.stmts = prepareStatements(db);
    /** How long the copy of the checkpoint now running took (seconds), before its sync. */
    let checkpointCopy = 0;
    /**
     * `file`'s sync, telling `observe` its duration: the system call's, timed on the sync thread,
     * plus `before()` (what the operation did before syncing).
     */
    const timed =
      (file: FileSync, before: () => number, observe: ((seconds: number) => void) | undefined) =>
      (done: (err: Error | null) => void): void =>
        file.sync((err, seconds) => {
          if (!err) observe?.(before() + seconds);
          done(err);
        });
    this.state = this.readState();
    this.wal = new FileSync(`${file}-wal`);
    this.dbFile = new FileSync(file);
    // Watches replay history only up to what was acknowledged (durable), never past it.
    this.hub = new WatchHub(this.stmts, this.state);
    this.sweeper = new ExpirySweeper({
      clock,
      nextExpiry: () => this.stmts.nextExpiry.get({ rev: this.state.revision }) ?? undefined,
      expire: () => this.writer.submit(expireOp),
    });
    this.writer = new GroupCommitter({
      file,
      stmts: this.stmts,
      clock,
      state: this.state,
      reload: () => this.readState(),
      sync: timed(this.wal, () => 0, observer && ((s) => observer.walFsync(s))),
      syncNow: () => this.wal.syncNow(),
      checkpoint: () => {
        const start = performance.now();
        checkpointUnsynced(db);
        checkpointCopy = (performance.now() - start) / 1000;
      },
      syncDb: timed(this.dbFile, () => checkpointCopy, observer && ((s) => observer.checkpoint(s))),
      syncDbNow: () => this.dbFile.syncNow(),
      committed: (events, earliestExpiry, revision) => {
        this.hub.dispatch(events, revision);
        if (earliestExpiry !== undefined) this.sweeper.noteExpiry(earliestExpiry);
      },
    });
    this.sweeper.reschedule();
  }

  async get(
    key: string,
    opts: { readonly revision?: number } = {},
  ): Promise<{ revision: number; kv?: KeyValue }> {
    return this.read(() => getKey(this.stmts, this.state, key, opts));
  }

  async range(prefix: string, opts: RangeOptions = {}): Promise<RangeResult> {
    return this.read(() => rangeKeys(this.stmts, this.state, this.counts, prefix, opts));
  }

  async create(key: string, value: string, opts: WriteOptions = {}): Promise<KeyValue> {
    this.checkOpen();
    checkWrite(key, value);
    checkTtl(opts.ttlSeconds);
    return this.writer.submit(createOp(key, value, opts), value.length);
  }

  async update(key: string, value: string, opts: UpdateOptions = {}): Promise<KeyValue> {
    this.checkOpen();
    checkWrite(key, value);
    checkTtl(opts.ttlSeconds);
    return this.writer.submit(updateOp(key, value, opts), value.length);
  }

  async delete(key: string, opts: DeleteOptions = {}): Promise<{ revision: number; prevKv: KeyValue }> {
    this.checkOpen();
    checkWrite(key, "");
    return this.writer.submit(deleteOp(key, opts));
  }

  async watch(prefix: string, opts: WatchOptions, handler: (ev: WatchEvent) => void): Promise<Watcher> {
    this.checkOpen();
    const after = opts.afterRevision;
    if (!Number.isInteger(after) || after < 0) {
      throw new InvalidError(`afterRevision must be a non-negative integer, got ${after}`);
    }
    if (after < this.state.compacted)
      throw new CompactedError(after, this.state.compacted, this.state.revision);
    return this.hub.add(prefix, after, handler, opts.onProgress);
  }

  async currentRevision(): Promise<number> {
    this.checkOpen();
    return this.state.revision;
  }

  async compact(revision: number): Promise<void> {
    this.checkOpen();
    return this.writer.submit(compactOp(revision));
  }

  async compactedRevision(): Promise<number> {
    this.checkOpen();
    return this.state.compacted;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.sweeper.stop();
    // Writes already accepted are committed (or rejected), never dropped.
    this.writer.drain();
    this.hub.closeAll();
    this.db.close();
    this.wal.close();
    this.dbFile.close();
  }

  private readState(): RevisionState {
    return {
      revision: this.stmts.sequence.get() ?? 0,
      compacted: this.stmts.getMeta.get("compact_revision") ?? 0,
    };
  }

  private read<T>(fn: () => T): T {
    this.checkOpen();
    try {
      return fn();
    } catch (err) {
      throw translateError(err, this.file);
    }
  }

  private checkOpen(): void {
    if (this.closed) throw new UnavailableError(`store ${this.file} is closed`);
  }
}
