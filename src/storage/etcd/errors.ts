import { InvalidError, StoreError, TooLargeError, UnavailableError } from "../types.js";

/** What etcd reports when a read or watch asks for history that was compacted. */
export function isCompactedError(err: unknown): boolean {
  return err instanceof Error && err.message.includes("required revision has been compacted");
}

/** What etcd reports when a read asks for a revision it has not reached yet. */
export function isFutureRevisionError(err: unknown): boolean {
  return err instanceof Error && err.message.includes("required revision is a future revision");
}

/** What etcd (or its gRPC layer) reports when a request is over `--max-request-bytes`. */
function isTooLarge(err: Error): boolean {
  return err.message.includes("request is too large") || err.message.includes("larger than max");
}

/**
 * Translates an etcd client error into the store's errors. Logical refusals that the caller
 * must handle specially (compaction) are checked before calling this; everything that means
 * "etcd could not answer" (connection refused, deadline, leader election, circuit open, the
 * client closed) becomes UnavailableError, since retrying later may succeed.
 *
 * @param key the key a write was for, to name it in TooLargeError.
 * @param bytes the size of the value written, for TooLargeError.
 */
export function translateError(err: unknown, key?: string, bytes?: number): StoreError {
  if (err instanceof StoreError) return err;
  if (!(err instanceof Error)) return new UnavailableError(`etcd: ${String(err)}`);
  if (isTooLarge(err) && key !== undefined) return new TooLargeError(key, bytes ?? 0);
  if (isFutureRevisionError(err)) return new InvalidError("etcd: requested revision is in the future");
  return new UnavailableError(`etcd: ${err.message}`);
}
