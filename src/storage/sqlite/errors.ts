import { CorruptError, StoreError, UnavailableError } from "../types.js";

/**
 * Translates an error from SQLite into the store's errors, naming the database file so that a
 * person reading it knows which file to look at. StoreErrors pass through unchanged.
 */
export function translateError(err: unknown, file: string): StoreError {
  if (err instanceof StoreError) return err;
  const code = sqliteCode(err);
  const msg = err instanceof Error ? err.message : String(err);
  switch (code) {
    case "SQLITE_CORRUPT":
    case "SQLITE_NOTADB":
      return new CorruptError(`database file ${file} is corrupt or not a SQLite database (${msg})`);
    case "SQLITE_BUSY":
    case "SQLITE_LOCKED":
      return new UnavailableError(
        `database file ${file} is locked: another process (another k8ts?) has it open (${msg})`,
      );
    case "SQLITE_FULL":
      return new UnavailableError(`cannot write database file ${file}: the disk is full (${msg})`);
    case "SQLITE_CANTOPEN":
      return new UnavailableError(`cannot open database file ${file} (${msg})`);
    default:
      if (code?.startsWith("SQLITE_READONLY")) {
        return new UnavailableError(`cannot write database file ${file}: it is read-only (${msg})`);
      }
      if (code?.startsWith("SQLITE_IOERR")) {
        return new UnavailableError(`I/O error on database file ${file} (${msg})`);
      }
      if (code?.startsWith("SQLITE_CORRUPT")) {
        return new CorruptError(`database file ${file} is corrupt (${msg})`);
      }
      if (code?.startsWith("SQLITE_CANTOPEN")) {
        return new UnavailableError(`cannot open database file ${file} (${msg})`);
      }
      return new UnavailableError(`database file ${file}: ${msg}`);
  }
}

/** The SQLite result code name (better-sqlite3 puts it on `err.code`), if any. */
export function sqliteCode(err: unknown): string | undefined {
  if (typeof err === "object" && err !== null && "code" in err && typeof err.code === "string") {
    return err.code;
  }
  return undefined;
}
