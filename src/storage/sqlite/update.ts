import { ConflictError, type KeyValue, NotFoundError, type UpdateOptions } from "../types.js";
import { toKeyValue } from "./statements.js";
import { expiry } from "./ttl.js";
import type { Tx } from "./tx.js";

/**
 * Update: a row replacing the key's newest one. NotFoundError when the key is not live,
 * ConflictError (with the current value) when expectedModRevision no longer matches.
 * Like an etcd put without a lease, an update without ttlSeconds removes any expiry.
 */
export function updateOp(key: string, value: string, opts: UpdateOptions) {
  return (tx: Tx): KeyValue => {
    const cur = tx.stmts.latest.get(key);
    if (cur === undefined || cur.deleted === 1) throw new NotFoundError(key);
    if (opts.expectedModRevision !== undefined && cur.id !== opts.expectedModRevision) {
      throw new ConflictError(key, toKeyValue(cur));
    }
    const rev = tx.nextRevision();
    const { lease, expiresAt } = expiry(tx, rev, opts.ttlSeconds);
    const row = {
      id: rev,
      name: key,
      deleted: 0,
      create_revision: cur.create_revision,
      prev_revision: cur.id,
      version: cur.version + 1,
      lease,
      expires_at: expiresAt,
      value,
    };
    tx.stmts.insert.run(rev, key, 0, row.create_revision, cur.id, row.version, lease, expiresAt, value);
    const kv = toKeyValue(row);
    tx.emit({ type: "PUT", kv, prevKv: toKeyValue(cur) });
    return kv;
  };
}
