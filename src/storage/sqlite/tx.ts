import type { WatchEvent } from "../types.js";
import type { Statements } from "./statements.js";

/**
 * What a write operation sees inside a batch transaction. Operations run one after another,
 * each seeing the writes of the ones before it in the same batch.
 *
 * Rule for operations: check preconditions first and throw a StoreError (which fails only that
 * operation) BEFORE writing anything or taking a revision; any other error fails the whole batch.
 */
export interface Tx {
  readonly stmts: Statements;
  /** The clock's time when the batch began (ms since the epoch). */
  readonly now: number;
  /** The latest revision, including writes earlier in this batch. */
  readonly revision: number;
  /** The compacted revision, including compactions earlier in this batch. */
  compacted: number;
  /** Takes the next revision for a row about to be written. */
  nextRevision(): number;
  /** Queues an event for watchers, delivered only if the batch commits. */
  emit(ev: WatchEvent): void;
  /** Records that a live key now expires at `ms` (so the expiry timer can be armed). */
  expiresAt(ms: number): void;
}
