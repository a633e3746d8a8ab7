import { CompactedError, InvalidError } from "../types.js";
import type { RevisionState } from "./batch.js";

/**
 * The revision a read is served at: `requested` if given (etcd treats 0 as "current"), which
 * must be neither compacted nor in the future.
 */
export function readRevision(state: RevisionState, requested: number | undefined): number {
  if (requested === undefined || requested === 0) return state.revision;
  if (!Number.isInteger(requested) || requested < 0) {
    throw new InvalidError(`revision must be a non-negative integer, got ${requested}`);
  }
  if (requested < state.compacted) throw new CompactedError(requested, state.compacted, state.revision);
  if (requested > state.revision) {
    throw new InvalidError(
      `revision ${requested} is in the future (the current revision is ${state.revision})`,
    );
  }
  return requested;
}
