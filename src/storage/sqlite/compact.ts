import { InvalidError } from "../types.js";
import type { Tx } from "./tx.js";

/**
 * Compaction to `revision`: deletes every row that a row <= revision replaced, and tombstones
 * <= revision. Each key's newest row at `revision` stays, so reads at `revision` and later (and
 * watches from it) still work. Only rows written since the last compaction need looking at.
 * A future revision is invalid (as in etcd); compacting to a revision at or before the
 * compacted one does nothing.
 */
export function compactOp(revision: number) {
  return (tx: Tx): void => {
    if (!Number.isInteger(revision))
      throw new InvalidError(`compact revision must be an integer, got ${revision}`);
    if (revision > tx.revision) {
      throw new InvalidError(
        `cannot compact to revision ${revision}: the current revision is ${tx.revision}`,
      );
    }
    if (revision <= tx.compacted) return;
    const range = { after: tx.compacted, upTo: revision };
    // Replaced rows first: tombstones point at the rows they deleted.
    tx.stmts.compactReplaced.run(range);
    tx.stmts.compactTombstones.run(range);
    tx.stmts.setMeta.run(revision, "compact_revision");
    tx.compacted = revision;
  };
}
