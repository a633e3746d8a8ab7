/**
 * fdatasync on a thread of our own, timed where it runs. libuv's fs.fdatasync would do the
 * same work on its pool, but its callback reaches us only when the event loop next looks, so a
 * duration measured around it includes however long the loop was busy (under load, most of
 * it). The thread here times the system call itself, which is what etcd's
 * `etcd_disk_wal_fsync_duration_seconds` reports, and posts the result back.
 *
 * One thread serves every store in the process; it keeps the process alive only while a sync
 * is in flight. If it dies, the syncs in flight fail, and the next sync starts a new one.
 */
import { Worker } from "node:worker_threads";

/** A sync's outcome: the error, and how long the system call took (seconds). */
export type SyncDone = (err: Error | null, seconds: number) => void;

interface Reply {
  readonly id: number;
  readonly seconds: number;
  readonly error?: { readonly message: string; readonly code?: string };
}

class SyncThread {
  private readonly worker: Worker;
  private readonly pending = new Map<number, SyncDone>();
  private nextId = 0;
  dead = false;

  constructor() {
    this.worker = new Worker(new URL("./sync-worker.js", import.meta.url));
    this.worker.on("message", (reply: Reply) => {
      const done = this.pending.get(reply.id);
      if (!done) return;
      this.pending.delete(reply.id);
      if (this.pending.size === 0) this.worker.unref();
      if (!reply.error) {
        done(null, reply.seconds);
        return;
      }
      const err = Object.assign(new Error(reply.error.message), { code: reply.error.code });
      done(err, reply.seconds);
    });
    this.worker.on("error", (err) => this.die(err));
    this.worker.on("exit", (code) => this.die(new Error(`the fsync thread exited with code ${code}`)));
    // After the listeners: adding a "message" listener refs the worker's port again.
    this.worker.unref();
  }

  /** The thread keeps the process alive only while a sync is in flight, as libuv's would. */
  sync(fd: number, done: SyncDone): void {
    const id = this.nextId++;
    if (this.pending.size === 0) this.worker.ref();
    this.pending.set(id, done);
    this.worker.postMessage({ id, fd });
  }

  private die(err: Error): void {
    this.dead = true;
    const pending = [...this.pending.values()];
    this.pending.clear();
    for (const done of pending) done(err, 0);
  }
}

let thread: SyncThread | undefined;

/** fdatasync(fd) on the sync thread; `done` runs on the event loop with the call's duration. */
export function syncOnThread(fd: number, done: SyncDone): void {
  if (!thread || thread.dead) thread = new SyncThread();
  thread.sync(fd, done);
}
