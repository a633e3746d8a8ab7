import { closeSync, fsyncSync, mkdirSync, openSync, statSync } from "node:fs";
import { dirname, resolve } from "node:path";
import Database from "better-sqlite3";
import { CorruptError } from "../types.js";
import { translateError } from "./errors.js";
import { SCHEMA, SCHEMA_VERSION, TABLES } from "./schema.js";

export interface OpenDatabaseOptions {
  readonly file: string;
  /** How long to wait for another process to release the file's lock (ms). */
  readonly lockTimeoutMs: number;
  /** Run `PRAGMA quick_check` (reads the whole file) before serving. */
  readonly verify: boolean;
}

/**
 * Opens (or creates) the database file, locks it for this process and checks it is an intact
 * k8ts database. A file that exists but cannot be read as one is an error naming the file; it
 * is never replaced by an empty database.
 */
export function openDatabase(opts: OpenDatabaseOptions): Database.Database {
  const { file } = opts;
  const dir = dirname(resolve(file));
  const createdDirs = mkdirSync(dir, { recursive: true });
  const isNew = fileSize(file) === 0;
  let db: Database.Database | undefined;
  try {
    db = new Database(file, { timeout: opts.lockTimeoutMs });
    // One process owns the file. EXCLUSIVE before entering WAL mode also means SQLite keeps the
    // WAL index in heap memory instead of a -shm file. The lock is taken by the first access
    // below and held until close; a second process gets SQLITE_BUSY ("is locked").
    db.pragma("locking_mode = EXCLUSIVE");
    // Reading the header happens here: a file that is not a database fails with SQLITE_NOTADB
    // before anything is written to it.
    const mode = db.pragma("journal_mode = WAL", { simple: true });
    if (mode !== "wal") throw new CorruptError(`database file ${file}: cannot enable WAL mode (got ${mode})`);
    // WAL + synchronous=NORMAL: COMMIT writes the WAL but fsyncs only at checkpoints. On its own
    // that survives kill -9 (the data is in the OS page cache) but a power cut could roll back
    // the last commits; the group committer (batch.ts) therefore fdatasyncs the WAL on the
    // thread pool and acknowledges a write only after that, which is as durable as FULL
    // without holding the event loop during the fsync.
    db.pragma("synchronous = NORMAL");
    // Checkpoints are the group committer's (checkpointUnsynced below), not COMMIT's.
    db.pragma("wal_autocheckpoint = 0");
    // The WAL is reused after each checkpoint; cap what it keeps on disk after a burst.
    db.pragma("journal_size_limit = 67108864");
    db.pragma("cache_size = -32768");
    db.pragma("foreign_keys = OFF");
    ensureSchema(db, file);
    if (opts.verify) verify(db, file);
    if (isNew) syncDirs(dir, createdDirs);
    return db;
  } catch (err) {
    try {
      db?.close();
    } catch {
      // already failing; the original error is the one to report
    }
    throw translateError(err, file);
  }
}

/**
 * Copies the WAL into the database file without fsyncing either: for the group committer
 * (batch.ts), which runs it only when the WAL is already on disk and syncs the database file
 * itself, off the event loop, before the next write transaction starts the WAL over.
 */
export function checkpointUnsynced(db: Database.Database): void {
  db.pragma("synchronous = OFF");
  try {
    db.pragma("wal_checkpoint(PASSIVE)");
  } finally {
    db.pragma("synchronous = NORMAL");
  }
}

function ensureSchema(db: Database.Database, file: string): void {
  // BEGIN IMMEDIATE takes the write lock now, so "locked by another process" shows up at open.
  db.exec("BEGIN IMMEDIATE");
  try {
    const tables = (
      db
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
        .all() as {
        name: string;
      }[]
    ).map((r) => r.name);
    if (tables.length === 0) {
      db.exec(SCHEMA);
    } else {
      const missing = TABLES.filter((t) => !tables.includes(t));
      if (missing.length > 0) {
        throw new CorruptError(
          `database file ${file} is not a k8ts database (has tables ${tables.join(", ")}; missing ${missing.join(", ")})`,
        );
      }
      const row = db.prepare("SELECT value FROM meta WHERE key = 'schema_version'").get() as
        | { value: number }
        | undefined;
      if (row?.value !== SCHEMA_VERSION) {
        throw new CorruptError(
          `database file ${file} has schema version ${row?.value ?? "(none)"}; this k8ts reads version ${SCHEMA_VERSION}`,
        );
      }
    }
    db.exec("COMMIT");
  } catch (err) {
    if (db.inTransaction) db.exec("ROLLBACK");
    throw err;
  }
}

function verify(db: Database.Database, file: string): void {
  const rows = db.pragma("quick_check(10)") as { quick_check: string }[];
  const problems = rows.map((r) => r.quick_check).filter((s) => s !== "ok");
  if (problems.length > 0) {
    throw new CorruptError(`database file ${file} is corrupt: ${problems.join("; ")}`);
  }
}

function fileSize(file: string): number {
  try {
    return statSync(file).size;
  } catch {
    return 0;
  }
}

/**
 * A new file's directory entry (and any directories just made) must reach the disk too, or a
 * power cut could lose the whole file; SQLite syncs the directory only for its journal files.
 */
function syncDirs(dir: string, firstCreated: string | undefined): void {
  const dirs = [dir];
  if (firstCreated !== undefined) {
    // mkdir made firstCreated..dir; their parents' entries changed too.
    const top = dirname(resolve(firstCreated));
    for (let d = dir; d !== top && d !== dirname(d); ) {
      d = dirname(d);
      dirs.push(d);
    }
  }
  for (const d of dirs) {
    const fd = openSync(d, "r");
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  }
}
