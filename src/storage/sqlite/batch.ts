import { StoreError, UnavailableError, type WatchEvent } from "../types.js";
import type { Clock } from "./clock.js";
import { sqliteCode, translateError } from "./errors.js";
import type { Statements } from "./statements.js";
import type { Tx } from "./tx.js";

/** Revision state in memory; it always equals what the file holds after the last commit. */
export interface RevisionState {
  revision: number;
  compacted: number;
}

export interface GroupCommitDeps {
  readonly file: string;
  readonly stmts: Statements;
  readonly clock: Clock;
  readonly state: RevisionState;
  /** Re-reads the revision state from the file (after a failed commit). */
  reload(): RevisionState;
  /**
   * Makes every commit so far durable (fdatasync of the WAL) off the event loop; calls back
   * once it is on disk. `syncNow` does the same synchronously (used when closing).
   */
  sync(done: (err: Error | null) => void): void;
  syncNow(): void;
  /**
   * Copies the WAL's frames into the database file without syncing it (SQLite's automatic
   * checkpoints are off: they run inside a COMMIT, on the event loop, with two fsyncs).
   * `syncDb` then makes the database file durable off the event loop, `syncDbNow` at once.
   */
  checkpoint(): void;
  syncDb(done: (err: Error | null) => void): void;
  syncDbNow(): void;
  /** After a commit is durable, before any write's promise settles: deliver events, arm expiry. */
  committed(events: readonly WatchEvent[], earliestExpiry: number | undefined, revision: number): void;
}

/** A committed batch waiting for its WAL frames to reach the disk. */
interface Unsynced {
  readonly batch: readonly Pending[];
  readonly outcomes: readonly { ok: boolean; value: unknown }[];
  readonly events: readonly WatchEvent[];
  readonly earliestExpiry: number | undefined;
  /** The store's revision after this batch. */
  readonly revision: number;
}

interface Pending {
  readonly op: (tx: Tx) => unknown;
  /** Roughly what the op writes (its value's length), to bound a batch's size. */
  readonly size: number;
  readonly resolve: (v: never) => void;
  readonly reject: (e: unknown) => void;
}

/** Bounds on one transaction (writes, and bytes of values), so a batch cannot hold the loop for long. */
const MAX_BATCH = 1024;
const MAX_BATCH_BYTES = 64 * 1024 * 1024;
/** About what is written between checkpoints: some 400 WAL pages, copied in 2-3 ms. */
const CHECKPOINT_BYTES = 1024 * 1024;
/** What a write adds to the WAL besides its value (the row's other columns, index entries), roughly. */
const WRITE_OVERHEAD = 256;

/**
 * Group commit. Writes submitted in the same turn of the event loop are applied in ONE
 * transaction with ONE fsync, in submission order. Each write's own precondition failure
 * (KeyExists, NotFound, Conflict, ...) fails only that write. If the transaction itself fails
 * (disk full, I/O error, read-only file) it is rolled back and every write in it is rejected:
 * nothing of it was acknowledged and nothing of it stays in the file.
 *
 * Durability without blocking the event loop: the connection runs with synchronous=NORMAL, so
 * COMMIT writes the WAL frames (into the OS page cache) but does not fsync them; the committer
 * then fdatasyncs the WAL file on libuv's thread pool while the loop goes on serving requests
 * and cutting the next batches. A batch's watch events are delivered and its promises settle
 * only after an fdatasync that began after its COMMIT has finished, so an acknowledged write
 * survives power loss exactly as with synchronous=FULL. One fdatasync is in flight at a time;
 * writes that arrive while it runs form the next batch. Reads on the connection may see a
 * committed batch slightly before it is acknowledged (as etcd's reads can run ahead of a
 * client's ack); watches never do.
 *
 * Checkpoints (copying the WAL into the database file so the WAL can start over) run here too,
 * after about CHECKPOINT_BYTES of writes, at a moment when every committed frame is on disk:
 * the copy is made without fsync, the database file is fdatasynced on the thread pool, and no
 * batch is cut until that finished, because the next write transaction rewinds the WAL over the
 * frames just copied. A crash before the database file is synced finds them still in the WAL.
 */
export class GroupCommitter {
  private queue: Pending[] = [];
  private scheduled = false;
  /** Set after an I/O error that may have left the file in an unknown state (see flush). */
  private broken: StoreError | undefined;
  /** Committed batches whose fdatasync has not begun yet, in commit order. */
  private unsynced: Unsynced[] = [];
  /** The batches the fdatasync now in flight covers. */
  private syncing: Unsynced[] | undefined;
  /** Bytes (roughly) committed since the last checkpoint. */
  private sinceCheckpoint = 0;
  /** Set while the database file is synced after a checkpoint: no batch may be cut meanwhile. */
  private checkpointSync: object | undefined;

  constructor(private readonly deps: GroupCommitDeps) {}

  /**
   * Queues `op` for the next batch; settles with its result once the batch committed.
   * `size` is about how many bytes it writes.
   */
  submit<T>(op: (tx: Tx) => T, size = 0): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      if (this.broken !== undefined) {
        reject(this.broken);
        return;
      }
      this.queue.push({ op, size, resolve: resolve as (v: never) => void, reject });
      this.schedule();
    });
  }

  /** Commits whatever is queued now and makes it durable, synchronously (used by close()). */
  drain(): void {
    if (this.checkpointSync !== undefined) {
      this.checkpointSync = undefined;
      try {
        this.deps.syncDbNow();
      } catch (err) {
        this.syncFailed(err);
      }
    }
    while (this.queue.length > 0) this.flush();
    const group = [...(this.syncing ?? []), ...this.unsynced];
    this.syncing = undefined;
    this.unsynced = [];
    if (group.length === 0) return;
    let error: unknown = null;
    try {
      this.deps.syncNow();
    } catch (err) {
      error = err;
    }
    this.synced(group, error);
  }

  private schedule(): void {
    // While an fdatasync is in flight, writes gather in the queue: the batch is cut when it
    // finishes, so each fsync covers as many writes as arrived meanwhile (few large commits
    // write far fewer WAL pages than many small ones).
    if (this.scheduled || this.syncing !== undefined || this.checkpointSync !== undefined) return;
    this.scheduled = true;
    // setImmediate, not a microtask: writers resumed by the previous batch's promises (and
    // anything else runnable now) get to enqueue before this batch is cut.
    setImmediate(() => {
      this.scheduled = false;
      this.flush();
    });
  }

  private flush(): void {
    // Cut when the checkpoint's sync finishes (a flush scheduled before it began ends up here).
    if (this.checkpointSync !== undefined) return;
    let n = 0;
    let bytes = 0;
    for (; n < this.queue.length && n < MAX_BATCH; n++) {
      const size = this.queue[n]!.size;
      if (bytes + size > MAX_BATCH_BYTES && n > 0) break;
      bytes += size;
    }
    const batch = this.queue.splice(0, n);
    if (this.queue.length > 0) this.schedule();
    if (batch.length === 0) return;
    if (this.broken !== undefined) {
      for (const p of batch) p.reject(this.broken);
      return;
    }
    const { stmts, state } = this.deps;
    const events: WatchEvent[] = [];
    let earliestExpiry: number | undefined;
    let revision = state.revision;
    const tx: Tx = {
      stmts,
      now: this.deps.clock.now(),
      get revision() {
        return revision;
      },
      compacted: state.compacted,
      nextRevision: () => ++revision,
      emit: (ev) => events.push(ev),
      expiresAt: (ms) => {
        if (earliestExpiry === undefined || ms < earliestExpiry) earliestExpiry = ms;
      },
    };
    const outcomes: { ok: boolean; value: unknown }[] = [];
    try {
      stmts.begin.run();
      for (const p of batch) {
        try {
          outcomes.push({ ok: true, value: p.op(tx) });
        } catch (err) {
          // A precondition failure: thrown before the op wrote anything (see Tx).
          if (!(err instanceof StoreError)) throw err;
          outcomes.push({ ok: false, value: err });
        }
      }
      stmts.commit.run();
    } catch (err) {
      this.failed(batch, err);
      return;
    }
    state.revision = revision;
    state.compacted = tx.compacted;
    this.sinceCheckpoint += bytes + WRITE_OVERHEAD * batch.length;
    this.unsynced.push({ batch, outcomes, events, earliestExpiry, revision });
    this.startSync();
  }

  private startSync(): void {
    if (this.syncing !== undefined || this.unsynced.length === 0) return;
    const group = this.unsynced;
    this.unsynced = [];
    this.syncing = group;
    this.deps.sync((err) => {
      // drain() may have settled this group already (closing).
      if (this.syncing !== group) return;
      this.syncing = undefined;
      this.synced(group, err);
      if (!err) this.maybeCheckpoint();
      this.startSync();
      if (this.queue.length > 0) this.schedule();
    });
  }

  /** Checkpoints when enough was written and every committed frame is on disk (see above). */
  private maybeCheckpoint(): void {
    if (this.sinceCheckpoint < CHECKPOINT_BYTES || this.unsynced.length > 0 || this.broken) return;
    this.sinceCheckpoint = 0;
    try {
      this.deps.checkpoint();
    } catch (err) {
      // The WAL is intact (a checkpoint only marks it copied once it is); the file is suspect.
      this.syncFailed(err);
      return;
    }
    const token = {};
    this.checkpointSync = token;
    this.deps.syncDb((err) => {
      // drain() may have synced it already (closing).
      if (this.checkpointSync !== token) return;
      this.checkpointSync = undefined;
      if (err) this.syncFailed(err);
      if (this.queue.length > 0) this.schedule();
    });
  }

  /** After a failed fsync (or checkpoint): the file's state on disk is unknown; refuse writes. */
  private syncFailed(err: unknown): StoreError {
    const error = translateError(err, this.deps.file);
    this.broken ??= new UnavailableError(
      `database file ${this.deps.file} could not be synced to disk; refusing further writes until restarted (${error.message})`,
    );
    return this.broken;
  }

  /** Settles a group of committed batches once their fdatasync finished (or failed). */
  private synced(group: readonly Unsynced[], err: unknown): void {
    if (err) {
      // The frames are in the file but may not be on disk; as after any I/O error (see
      // failed()), refuse further writes and let a restart read back what the disk holds.
      const broken = this.syncFailed(err);
      for (const c of group) for (const p of c.batch) p.reject(broken);
      return;
    }
    for (const c of group) {
      this.deps.committed(c.events, c.earliestExpiry, c.revision);
      c.batch.forEach((p, i) => {
        const o = c.outcomes[i]!;
        if (o.ok) p.resolve(o.value as never);
        else p.reject(o.value);
      });
    }
  }

  private failed(batch: readonly Pending[], err: unknown): void {
    const { stmts, file } = this.deps;
    const error = translateError(err, file);
    try {
      // SQLite may already have rolled back (it does for some I/O errors); otherwise do it.
      if (stmts.rollback.database.inTransaction) stmts.rollback.run();
      Object.assign(this.deps.state, this.deps.reload());
    } catch (rollbackErr) {
      this.broken = new UnavailableError(
        `database file ${file} is in an unknown state after a failed write; restart to recover (${translateError(rollbackErr, file).message})`,
      );
    }
    // An I/O error (as opposed to a full disk) can come from a failed fsync, after which the
    // OS may have dropped dirty pages it reports as written: the file's true content is unknown
    // until it is read back from disk, so this process refuses further writes (as PostgreSQL
    // does) and a restart recovers from what is really on disk.
    const code = sqliteCode(err);
    if (this.broken === undefined && code?.startsWith("SQLITE_IOERR")) {
      this.broken = new UnavailableError(
        `database file ${file} had an I/O error; refusing further writes until restarted (${error.message})`,
      );
    }
    for (const p of batch) p.reject(error);
  }
}
