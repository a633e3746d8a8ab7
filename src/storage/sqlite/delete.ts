import { ConflictError, type DeleteOptions, type KeyValue, NotFoundError } from "../types.js";
import { type Row, toKeyValue, tombstoneKeyValue } from "./statements.js";
import type { Tx } from "./tx.js";

/**
 * Delete: a tombstone row replacing the key's newest one. NotFoundError when the key is not
 * live, ConflictError (with the current value) when expectedModRevision no longer matches.
 */
export function deleteOp(key: string, opts: DeleteOptions) {
  return (tx: Tx): { revision: number; prevKv: KeyValue } => {
    const cur = tx.stmts.latest.get(key);
    if (cur === undefined || cur.deleted === 1) throw new NotFoundError(key);
    if (opts.expectedModRevision !== undefined && cur.id !== opts.expectedModRevision) {
      throw new ConflictError(key, toKeyValue(cur));
    }
    return { revision: writeTombstone(tx, cur), prevKv: toKeyValue(cur) };
  };
}

/** Appends the tombstone for live row `cur` and emits its DELETE event; returns its revision. */
export function writeTombstone(tx: Tx, cur: Row): number {
  const rev = tx.nextRevision();
  tx.stmts.insert.run(rev, cur.name, 1, 0, cur.id, 0, 0, null, "");
  tx.emit({ type: "DELETE", kv: tombstoneKeyValue(cur.name, rev), prevKv: toKeyValue(cur) });
  return rev;
}
