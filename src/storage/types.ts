/**
 * The store contract: etcd v3 semantics, because the Kubernetes API is built on them.
 *
 * - Every successful write (create, update, delete, TTL expiry) gets a global, strictly
 *   increasing revision. A key carries createRevision, modRevision and version (number of
 *   writes since it was created; 1 after create).
 * - Reads are served consistently at one revision.
 * - Watches deliver every change after a given revision, in revision order, exactly once.
 * - Revisions older than the compacted revision are gone: reading or watching them fails
 *   with {@link CompactedError}.
 *
 * Every backend passes the shared behavior suite in `suite.ts` unchanged; a backend that
 * behaves differently from etcd is a bug in that backend. Details both backends share:
 * - An empty store is at revision 1; revision 0 in options means "current"; a revision in the
 *   future is an InvalidError.
 * - Compacting at or before the compacted revision does nothing.
 * - A compare-and-swap update or delete of a missing key is a NotFoundError.
 * - A continue token is only valid for the prefix it was issued for (else InvalidError).
 * - UnavailableError is ambiguous: the write may or may not have been applied (a broken
 *   connection to etcd; a failed fsync, after which the SQLite store refuses further writes).
 */

/** etcd's default request size limit (1.5 MiB); larger values are refused whole. */
export const MAX_VALUE_BYTES = 1.5 * 1024 * 1024;

/** One key at one revision. */
export interface KeyValue {
  readonly key: string;
  /** The stored bytes as UTF-8 text (k8ts stores JSON). */
  readonly value: string;
  readonly createRevision: number;
  readonly modRevision: number;
  /** Writes since creation: 1 after create, +1 on each update. */
  readonly version: number;
  /** Lease (TTL) id the key is attached to, 0 when none. */
  readonly lease: number;
}

export interface RangeOptions {
  /** Read at this revision (default: the current one). Older than compacted: CompactedError. */
  readonly revision?: number;
  /** At most this many items (0 or absent: all). */
  readonly limit?: number;
  /**
   * Token from a previous page's `continue`: the next page is read at the same revision as
   * the first one, starting after its last key.
   */
  readonly continue?: string;
  /** Only count matching keys (items stay empty). */
  readonly countOnly?: boolean;
}

export interface RangeResult {
  /** The revision the page was read at. */
  readonly revision: number;
  /** Keys in byte order. */
  readonly items: readonly KeyValue[];
  /** True when keys remain after this page. */
  readonly more: boolean;
  /** Pass as `continue` to get the next page; set only when `more`. */
  readonly continue?: string;
  /** Number of keys under the prefix remaining from this page's start (this page included). */
  readonly count: number;
}

export interface WriteOptions {
  /** Delete the key automatically this many seconds after the write (a lease/TTL). */
  readonly ttlSeconds?: number;
}

export interface UpdateOptions extends WriteOptions {
  /** Compare-and-swap: fail with ConflictError unless the key's modRevision equals this. */
  readonly expectedModRevision?: number;
}

export interface DeleteOptions {
  /** Compare-and-swap: fail with ConflictError unless the key's modRevision equals this. */
  readonly expectedModRevision?: number;
}

export type WatchEventType = "PUT" | "DELETE";

export interface WatchEvent {
  readonly type: WatchEventType;
  /** For PUT the new value; for DELETE the key with modRevision = the delete's revision, value "". */
  readonly kv: KeyValue;
  /** The value before this change (absent on create). */
  readonly prevKv?: KeyValue;
}

export interface WatchOptions {
  /** Deliver changes with revision > afterRevision. Older than compacted: CompactedError. */
  readonly afterRevision: number;
  /**
   * Progress: called with a revision R once every change up to R under the prefix has been
   * delivered (R need not be the revision of a change here). Lets a cache know it is fresh
   * without a write under its own prefix. Optional for backends: one that cannot tell never
   * calls it.
   */
  readonly onProgress?: (revision: number) => void;
}

/** A running watch. */
export interface Watcher {
  /** Stops delivery; no handler call happens after close() returns. Idempotent. */
  close(): void;
  /**
   * Settles when the watch ends: resolves after close(); rejects when the backend ends it
   * (CompactedError when it fell behind compaction, or a transport error).
   */
  readonly done: Promise<void>;
}

/**
 * Told how long the embedded store's disk work took, for its metrics: each fdatasync of the
 * write-ahead log (every acknowledged write waited for one), and each checkpoint (the log's
 * pages copied into the database file and that file synced; writes wait for it to finish).
 * The syncs are timed as system calls, not including the wait for the event loop after them.
 */
export interface DiskObserver {
  walFsync(seconds: number): void;
  checkpoint(seconds: number): void;
}

/**
 * An etcd-semantics key-value store.
 *
 * Concurrency: all methods may be called concurrently; each write is atomic. A write's
 * promise resolves only after the write is durable (survives kill -9 and power loss), and
 * a rejected write left nothing behind.
 */
export interface Store {
  /** The latest value of `key`, or undefined. */
  get(key: string, opts?: { readonly revision?: number }): Promise<{ revision: number; kv?: KeyValue }>;
  /** Keys starting with `prefix`, in key order, read at one revision. */
  range(prefix: string, opts?: RangeOptions): Promise<RangeResult>;
  /** Creates `key`; KeyExistsError if it exists. Returns the new key value. */
  create(key: string, value: string, opts?: WriteOptions): Promise<KeyValue>;
  /** Replaces `key`'s value; NotFoundError if absent, ConflictError if the CAS failed. */
  update(key: string, value: string, opts?: UpdateOptions): Promise<KeyValue>;
  /**
   * Deletes `key`; NotFoundError if absent, ConflictError if the CAS failed.
   * Returns the deleted value and the delete's revision.
   */
  delete(key: string, opts?: DeleteOptions): Promise<{ revision: number; prevKv: KeyValue }>;
  /**
   * Calls `handler` for every change under `prefix` after `afterRevision`, in revision order.
   * Resolves once the watch is established (rejects with CompactedError if too old).
   * The handler runs synchronously per event and must not throw.
   */
  watch(prefix: string, opts: WatchOptions, handler: (ev: WatchEvent) => void): Promise<Watcher>;
  /** The current (latest) revision. */
  currentRevision(): Promise<number>;
  /** Discards history before `revision`; keys' latest values are kept. */
  compact(revision: number): Promise<void>;
  /** The revision history was last compacted at (0 when never). */
  compactedRevision(): Promise<number>;
  /** Releases resources; pending watches end (resolve). */
  close(): Promise<void>;
}

/** Base class of the store's errors; `code` is stable and mapped to API Status reasons. */
export class StoreError extends Error {
  readonly code: StoreErrorCode;
  constructor(code: StoreErrorCode, message: string) {
    super(message);
    this.code = code;
    this.name = "StoreError";
  }
}

export type StoreErrorCode =
  | "KeyExists"
  | "NotFound"
  | "Conflict"
  | "Compacted"
  | "TooLarge"
  | "Unavailable"
  | "Corrupt"
  | "Invalid";

export class KeyExistsError extends StoreError {
  constructor(key: string) {
    super("KeyExists", `key already exists: ${key}`);
  }
}

export class NotFoundError extends StoreError {
  constructor(key: string) {
    super("NotFound", `key not found: ${key}`);
  }
}

export class ConflictError extends StoreError {
  /** The key's current value, when it still exists. */
  readonly current?: KeyValue;
  constructor(key: string, current?: KeyValue) {
    super(
      "Conflict",
      `compare-and-swap failed for ${key}: it was modified (now at revision ${current?.modRevision ?? "deleted"})`,
    );
    this.current = current;
  }
}

export class CompactedError extends StoreError {
  readonly compactedRevision: number;
  readonly currentRevision: number;
  constructor(requested: number, compactedRevision: number, currentRevision: number) {
    super("Compacted", `revision ${requested} has been compacted (history starts at ${compactedRevision})`);
    this.compactedRevision = compactedRevision;
    this.currentRevision = currentRevision;
  }
}

export class TooLargeError extends StoreError {
  constructor(key: string, bytes: number) {
    super("TooLarge", `value for ${key} is ${bytes} bytes, over the ${MAX_VALUE_BYTES}-byte limit`);
  }
}

export class UnavailableError extends StoreError {
  constructor(message: string) {
    super("Unavailable", message);
  }
}

export class CorruptError extends StoreError {
  constructor(message: string) {
    super("Corrupt", message);
  }
}

export class InvalidError extends StoreError {
  constructor(message: string) {
    super("Invalid", message);
  }
}
