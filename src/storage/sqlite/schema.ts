/**
 * The file layout, kine-style: one append-only log table whose row id IS the revision.
 *
 * Every write appends a row: a create (prev_revision 0), an update (prev_revision = the row it
 * replaces) or a delete tombstone (deleted 1, prev_revision = the row it deletes). The value of
 * a key at revision R is its row with the largest id <= R, unless that row is a tombstone.
 * AUTOINCREMENT makes SQLite remember the largest id ever used (in sqlite_sequence), so the
 * current revision survives compaction deleting the newest rows (tombstones).
 */
export const SCHEMA_VERSION = 1;

export const SCHEMA = `
CREATE TABLE kv (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  name TEXT NOT NULL,
  deleted INTEGER NOT NULL,
  create_revision INTEGER NOT NULL,
  prev_revision INTEGER NOT NULL,
  version INTEGER NOT NULL,
  lease INTEGER NOT NULL,
  expires_at INTEGER,
  value TEXT NOT NULL
);
-- (name, id) finds a key's row at a revision; deleted makes counting a covering scan.
CREATE INDEX kv_name_id ON kv (name, id, deleted);
CREATE INDEX kv_expires_at ON kv (expires_at) WHERE expires_at IS NOT NULL;
CREATE TABLE meta (
  key TEXT PRIMARY KEY,
  value INTEGER NOT NULL
) WITHOUT ROWID;
INSERT INTO meta (key, value) VALUES ('schema_version', ${SCHEMA_VERSION}), ('compact_revision', 0);
-- Like etcd, an empty store is at revision 1 and the first write gets revision 2.
INSERT INTO sqlite_sequence (name, seq) VALUES ('kv', 1);
`;

/** The tables a k8ts database has; a file with other tables is someone else's database. */
export const TABLES = ["kv", "meta"] as const;
