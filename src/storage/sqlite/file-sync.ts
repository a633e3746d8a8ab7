import { closeSync, fdatasyncSync, fsyncSync, openSync } from "node:fs";
import { dirname } from "node:path";
import { type SyncDone, syncOnThread } from "./sync-thread.js";

/**
 * fdatasync of one of SQLite's files (the WAL, the database) through a descriptor of our own.
 * SQLite keeps both files (same inodes) while the connection is open: checkpoints rewind the WAL
 * and at most truncate it, they never replace it. The descriptor is opened at the first sync,
 * after the first COMMIT created the WAL, and the directory is synced once then so that the
 * file's entry is durable too.
 */
export class FileSync {
  private fd: number | undefined;

  constructor(private readonly path: string) {}

  /** fdatasync on the sync thread; `done` gets the system call's duration (0 if it never ran). */
  sync(done: SyncDone): void {
    let fd: number;
    try {
      fd = this.open();
    } catch (err) {
      done(err as Error, 0);
      return;
    }
    syncOnThread(fd, done);
  }

  syncNow(): void {
    fdatasyncSync(this.open());
  }

  close(): void {
    if (this.fd === undefined) return;
    closeSync(this.fd);
    this.fd = undefined;
  }

  private open(): number {
    if (this.fd !== undefined) return this.fd;
    const fd = openSync(this.path, "r");
    try {
      const dir = openSync(dirname(this.path), "r");
      try {
        fsyncSync(dir);
      } finally {
        closeSync(dir);
      }
    } catch (err) {
      closeSync(fd);
      throw err;
    }
    this.fd = fd;
    return fd;
  }
}
