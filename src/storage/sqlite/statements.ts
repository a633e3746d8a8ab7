import type Database from "better-sqlite3";
import type { KeyValue } from "../types.js";

/** One row of the kv log table (see schema.ts). */
export interface Row {
  readonly id: number;
  readonly name: string;
  readonly deleted: number;
  readonly create_revision: number;
  readonly prev_revision: number;
  readonly version: number;
  readonly lease: number;
  readonly expires_at: number | null;
  readonly value: string;
}

/** A live key as listed: id, name, create_revision, version, lease, value. */
export type ItemTuple = [number, string, number, number, number, string];

/** The key value of a listed row. */
export function itemKeyValue(t: ItemTuple): KeyValue {
  return { key: t[1], value: t[5], createRevision: t[2], modRevision: t[0], version: t[3], lease: t[4] };
}

/** A history row joined with the row it replaced (p_* columns are null for creates). */
export interface HistoryRow extends Row {
  readonly p_id: number | null;
  readonly p_create_revision: number | null;
  readonly p_version: number | null;
  readonly p_lease: number | null;
  readonly p_value: string | null;
}

const COLS = "id, name, deleted, create_revision, prev_revision, version, lease, expires_at, value";
const A_COLS = COLS.split(", ")
  .map((c) => `a.${c}`)
  .join(", ");

/** The live row of a key at revision @rev: its newest row <= @rev (callers skip tombstones). */
const IS_LATEST = "a.id = (SELECT MAX(b.id) FROM kv b WHERE b.name = a.name AND b.id <= @rev)";

/** Every query the store runs, prepared once. Named parameters are @-prefixed. */
export function prepareStatements(db: Database.Database) {
  const rangeItems = (lower: ">=" | ">") =>
    db
      .prepare<{ lo: string; hi: string; rev: number; limit: number }, ItemTuple>(
        `SELECT a.id, a.name, a.create_revision, a.version, a.lease, a.value FROM kv a
         WHERE a.name ${lower} @lo AND a.name < @hi AND a.id <= @rev AND a.deleted = 0 AND ${IS_LATEST}
         ORDER BY a.name LIMIT @limit`,
      )
      // Arrays instead of objects: listing builds thousands of rows, and this halves the cost.
      .raw(true);
  const rangeCount = (lower: ">=" | ">") =>
    db
      .prepare<{ lo: string; hi: string; rev: number }, number>(
        `SELECT COUNT(*) FROM kv a
         WHERE a.name ${lower} @lo AND a.name < @hi AND a.id <= @rev AND a.deleted = 0 AND ${IS_LATEST}`,
      )
      .pluck();
  return {
    begin: db.prepare("BEGIN IMMEDIATE"),
    commit: db.prepare("COMMIT"),
    rollback: db.prepare("ROLLBACK"),
    /** The newest row of a key (a tombstone when it was deleted last). */
    latest: db.prepare<[string], Row>(`SELECT ${COLS} FROM kv WHERE name = ? ORDER BY id DESC LIMIT 1`),
    /** The newest row of a key at a revision. */
    latestAt: db.prepare<[string, number], Row>(
      `SELECT ${COLS} FROM kv WHERE name = ? AND id <= ? ORDER BY id DESC LIMIT 1`,
    ),
    insert: db.prepare<[number, string, number, number, number, number, number, number | null, string]>(
      `INSERT INTO kv (${COLS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    /** Live keys in [lo, hi) at a revision, in key order. */
    rangeFrom: rangeItems(">="),
    /** Live keys in (lo, hi) at a revision, in key order (continuing after key lo). */
    rangeAfter: rangeItems(">"),
    countFrom: rangeCount(">="),
    countAfter: rangeCount(">"),
    /** Rows in (after, upTo] for keys in [lo, hi), in revision order, with what they replaced. */
    history: db.prepare<{ after: number; upTo: number; lo: string; hi: string; limit: number }, HistoryRow>(
      `SELECT ${A_COLS}, p.id AS p_id, p.create_revision AS p_create_revision, p.version AS p_version,
              p.lease AS p_lease, p.value AS p_value
       FROM kv a LEFT JOIN kv p ON p.id = a.prev_revision AND a.prev_revision > 0
       WHERE a.id > @after AND a.id <= @upTo AND a.name >= @lo AND a.name < @hi
       ORDER BY a.id LIMIT @limit`,
    ),
    /** Live keys whose expiry time has passed. */
    expired: db.prepare<{ now: number; rev: number }, Row>(
      `SELECT ${A_COLS} FROM kv a
       WHERE a.expires_at IS NOT NULL AND a.expires_at <= @now AND a.deleted = 0 AND ${IS_LATEST}
       ORDER BY a.expires_at, a.id`,
    ),
    /** The earliest expiry time of a live key. */
    nextExpiry: db
      .prepare<{ rev: number }, number>(
        `SELECT a.expires_at FROM kv a
         WHERE a.expires_at IS NOT NULL AND a.deleted = 0 AND ${IS_LATEST}
         ORDER BY a.expires_at LIMIT 1`,
      )
      .pluck(),
    /** Compaction, step 1: rows replaced by a row in (after, upTo]. */
    compactReplaced: db.prepare<{ after: number; upTo: number }>(
      `DELETE FROM kv WHERE id IN
         (SELECT prev_revision FROM kv WHERE id > @after AND id <= @upTo AND prev_revision > 0)`,
    ),
    /** Compaction, step 2: tombstones in (after, upTo]. */
    compactTombstones: db.prepare<{ after: number; upTo: number }>(
      "DELETE FROM kv WHERE id > @after AND id <= @upTo AND deleted = 1",
    ),
    getMeta: db.prepare<[string], number>("SELECT value FROM meta WHERE key = ?").pluck(),
    setMeta: db.prepare<[number, string]>("UPDATE meta SET value = ? WHERE key = ?"),
    /** The largest revision ever used (kept by AUTOINCREMENT even when its row is compacted). */
    sequence: db.prepare<[], number>("SELECT seq FROM sqlite_sequence WHERE name = 'kv'").pluck(),
  };
}

export type Statements = ReturnType<typeof prepareStatements>;

/** The key value a live row holds. */
export function toKeyValue(r: Row): KeyValue {
  return {
    key: r.name,
    value: r.value,
    createRevision: r.create_revision,
    modRevision: r.id,
    version: r.version,
    lease: r.lease,
  };
}

/** What a DELETE event carries, as etcd sends it: the key and the delete's revision only. */
export function tombstoneKeyValue(key: string, revision: number): KeyValue {
  return { key, value: "", createRevision: 0, modRevision: revision, version: 0, lease: 0 };
}
