import { KeyExistsError, type KeyValue, type WriteOptions } from "../types.js";
import { toKeyValue } from "./statements.js";
import { expiry } from "./ttl.js";
import type { Tx } from "./tx.js";

/** Create: a row with prev_revision 0; KeyExistsError when the key is live. */
export function createOp(key: string, value: string, opts: WriteOptions) {
  return (tx: Tx): KeyValue => {
    const cur = tx.stmts.latest.get(key);
    if (cur !== undefined && cur.deleted === 0) throw new KeyExistsError(key);
    const rev = tx.nextRevision();
    const { lease, expiresAt } = expiry(tx, rev, opts.ttlSeconds);
    tx.stmts.insert.run(rev, key, 0, rev, 0, 1, lease, expiresAt, value);
    const kv = toKeyValue({
      id: rev,
      name: key,
      deleted: 0,
      create_revision: rev,
      prev_revision: 0,
      version: 1,
      lease,
      expires_at: expiresAt,
      value,
    });
    tx.emit({ type: "PUT", kv });
    return kv;
  };
}
