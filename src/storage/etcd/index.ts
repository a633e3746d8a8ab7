/**
 * The etcd v3 backend: the store contract is etcd's own, so each operation is one etcd request
 * (a transaction where a condition is involved) and errors are translated, nothing emulated.
 */
import { randomInt } from "node:crypto";
import {
  Etcd3,
  type ICompare,
  type IOptions,
  type IRangeRequest,
  type IRangeResponse,
  isRecoverableError,
} from "etcd3";
import { decodeContinue, encodeContinue } from "../continue.js";
import { checkTtl, checkWrite } from "../limits.js";
import {
  CompactedError,
  ConflictError,
  type DeleteOptions,
  InvalidError,
  KeyExistsError,
  type KeyValue,
  NotFoundError,
  type RangeOptions,
  type RangeResult,
  type Store,
  UnavailableError,
  type UpdateOptions,
  type WatchEvent,
  type Watcher,
  type WatchOptions,
  type WriteOptions,
} from "../types.js";
import { bytes, keyAfter, prefixRangeEnd, rangeStart, toKeyValue } from "./convert.js";
import { isCompactedError, isFutureRevisionError, translateError } from "./errors.js";
import { WatchMux } from "./watch.js";

export interface EtcdStoreOptions {
  /** Client URLs of the etcd members: `http://HOST:PORT` (or `https://` for TLS). */
  readonly endpoints: readonly string[];
  /** Deadline of each request (ms, default 30 s); past it the request fails with UnavailableError. */
  readonly requestTimeoutMs?: number;
  /**
   * How long a broken watch stream is re-established (resuming every watch after its last
   * delivered event) before its watches fail with UnavailableError (ms, default 30 s).
   */
  readonly watchReconnectTimeoutMs?: number;
}

type GlobalPolicy = NonNullable<NonNullable<IOptions["faultHandling"]>["global"]>;

/**
 * etcd3 retries every call that failed with a transport error three times by default. A write
 * may have been applied before its connection broke, and retrying it would report a false
 * KeyExists or Conflict, so the client does not retry; reads are retried here instead.
 */
const noRetry = {
  execute: <T>(fn: (ctx: { signal: AbortSignal }) => PromiseLike<T> | T) =>
    Promise.resolve().then(() => fn({ signal: new AbortController().signal })),
} as unknown as GlobalPolicy;

/** The key probed for revision-only reads (any key works; this one is never written). */
const PROBE_KEY = Buffer.from([0]);

/** Opens a store on an etcd v3 cluster; UnavailableError when no endpoint answers. */
export async function openEtcdStore(opts: EtcdStoreOptions): Promise<Store> {
  if (opts.endpoints.length === 0) throw new InvalidError("etcd: no endpoints given");
  const requestTimeoutMs = opts.requestTimeoutMs ?? 30_000;
  const client = new Etcd3({
    hosts: [...opts.endpoints],
    grpcOptions: {
      // Ranges and watch batches of large values exceed gRPC's default 4 MiB.
      "grpc.max_receive_message_length": -1,
      "grpc.keepalive_time_ms": 30_000,
      "grpc.keepalive_timeout_ms": 10_000,
    },
    defaultCallOptions: (ctx) => (ctx.isStream ? {} : { deadline: Date.now() + requestTimeoutMs }),
    faultHandling: { global: noRetry },
  });
  const store = new EtcdStore(client, opts.endpoints.length, {
    requestTimeoutMs,
    watchReconnectTimeoutMs: opts.watchReconnectTimeoutMs ?? 30_000,
  });
  try {
    await store.currentRevision();
  } catch (err) {
    await store.close();
    const why = err instanceof Error ? err.message : String(err);
    throw new UnavailableError(`cannot reach etcd at ${opts.endpoints.join(", ")}: ${why}`);
  }
  return store;
}

class EtcdStore implements Store {
  private readonly mux: WatchMux;
  /** A lower bound of etcd's compacted revision (it only grows). */
  private knownCompacted = 0;
  private closed = false;

  constructor(
    private readonly client: Etcd3,
    private readonly endpointCount: number,
    timeouts: { readonly requestTimeoutMs: number; readonly watchReconnectTimeoutMs: number },
  ) {
    this.mux = new WatchMux({
      client: client.watchClient,
      reconnectTimeoutMs: timeouts.watchReconnectTimeoutMs,
      createTimeoutMs: timeouts.requestTimeoutMs,
      compacted: async (requested, compactRevision) => {
        this.knownCompacted = Math.max(this.knownCompacted, compactRevision);
        return new CompactedError(requested, compactRevision, await this.currentRevision());
      },
    });
  }

  async get(
    key: string,
    opts?: { readonly revision?: number },
  ): Promise<{ revision: number; kv?: KeyValue }> {
    const revision = opts?.revision ?? 0;
    const res = await this.read({ key: bytes(key), revision });
    return { revision: revision > 0 ? revision : Number(res.header.revision), kv: first(res) };
  }

  async range(prefix: string, opts: RangeOptions = {}): Promise<RangeResult> {
    const p = bytes(prefix);
    let start = rangeStart(p);
    let revision = opts.revision ?? 0;
    if (opts.continue !== undefined) {
      const token = decodeContinue(opts.continue);
      if (!token.afterKey.startsWith(prefix)) throw new InvalidError("continue token is for another prefix");
      start = keyAfter(token.afterKey);
      revision = token.revision;
    }
    const res = await this.read({
      key: start,
      range_end: prefixRangeEnd(p),
      revision,
      limit: opts.countOnly ? 0 : Math.max(0, opts.limit ?? 0),
      count_only: opts.countOnly ?? false,
    });
    // The header carries the current revision even for a read at an older one.
    const readAt = revision > 0 ? revision : Number(res.header.revision);
    const items = res.kvs.map(toKeyValue);
    const last = items.at(-1);
    const more = res.more && last !== undefined;
    return {
      revision: readAt,
      items,
      more,
      continue: more ? encodeContinue({ revision: readAt, afterKey: last.key }) : undefined,
      count: Number(res.count),
    };
  }

  async create(key: string, value: string, opts: WriteOptions = {}): Promise<KeyValue> {
    checkWrite(key, value);
    checkTtl(opts.ttlSeconds);
    const k = bytes(key);
    const lease = await this.grantLease(opts.ttlSeconds);
    const res = await this.write(key, value, () =>
      this.client.kv.txn({
        compare: [{ key: k, target: "Create", result: "Equal", create_revision: 0 }],
        success: [{ request_put: { key: k, value: bytes(value), lease } }],
      }),
    );
    if (!res.succeeded) {
      this.revokeLease(lease);
      throw new KeyExistsError(key);
    }
    const revision = Number(res.header.revision);
    return { key, value, createRevision: revision, modRevision: revision, version: 1, lease };
  }

  async update(key: string, value: string, opts: UpdateOptions = {}): Promise<KeyValue> {
    checkWrite(key, value);
    checkTtl(opts.ttlSeconds);
    const k = bytes(key);
    const lease = await this.grantLease(opts.ttlSeconds);
    const res = await this.write(key, value, () =>
      this.client.kv.txn({
        compare: existsAt(k, opts.expectedModRevision),
        // Reading the key back (without its value) in the same transaction gives its new
        // version and createRevision.
        success: [
          { request_put: { key: k, value: bytes(value), lease } },
          { request_range: { key: k, keys_only: true } },
        ],
        failure: [{ request_range: { key: k } }],
      }),
    );
    if (!res.succeeded) {
      this.revokeLease(lease);
      throw casFailure(key, res.responses[0]?.response_range);
    }
    const written = res.responses[1]?.response_range.kvs[0];
    if (!written) throw new UnavailableError(`etcd did not return ${key} after writing it`);
    return { ...toKeyValue(written), value };
  }

  async delete(key: string, opts: DeleteOptions = {}): Promise<{ revision: number; prevKv: KeyValue }> {
    if (key.length === 0) throw new InvalidError("key must not be empty");
    const k = bytes(key);
    const res = await this.write(key, "", () =>
      this.client.kv.txn({
        compare: existsAt(k, opts.expectedModRevision),
        success: [{ request_delete_range: { key: k, prev_kv: true } }],
        failure: [{ request_range: { key: k } }],
      }),
    );
    if (!res.succeeded) throw casFailure(key, res.responses[0]?.response_range);
    const prev = res.responses[0]?.response_delete_range.prev_kvs[0];
    if (!prev) throw new NotFoundError(key);
    return { revision: Number(res.header.revision), prevKv: toKeyValue(prev) };
  }

  async watch(prefix: string, opts: WatchOptions, handler: (ev: WatchEvent) => void): Promise<Watcher> {
    // etcd accepts a watch from the compacted revision itself, but the history at it may be
    // gone (a delete at exactly that revision is); refuse like a read at afterRevision would.
    if (!(await this.readableAt(Math.max(opts.afterRevision, 1), true))) {
      throw await this.compactedError(opts.afterRevision);
    }
    const p = bytes(prefix);
    return this.mux.add({
      key: rangeStart(p),
      rangeEnd: prefixRangeEnd(p),
      afterRevision: opts.afterRevision,
      handler,
    });
  }

  async currentRevision(): Promise<number> {
    const res = await this.read({ key: PROBE_KEY, count_only: true });
    return Number(res.header.revision);
  }

  async compact(revision: number): Promise<void> {
    if (revision <= 0) return;
    try {
      await this.client.kv.compact({ revision });
      this.knownCompacted = Math.max(this.knownCompacted, revision);
    } catch (err) {
      // Compacting at or before the compacted revision is a no-op, as the contract reads.
      if (isCompactedError(err)) return;
      throw translateError(err);
    }
  }

  /**
   * etcd does not report its compacted revision, but a read at revision r fails exactly when
   * r is below it: binary search from the last one known (one request when it is unchanged).
   */
  async compactedRevision(): Promise<number> {
    let lo = Math.max(this.knownCompacted, 1);
    let hi = await this.currentRevision();
    if (lo >= hi || (await this.readableAt(lo))) {
      hi = Math.min(lo, hi);
    } else {
      lo++;
      while (lo < hi) {
        const mid = Math.floor((lo + hi) / 2);
        if (await this.readableAt(mid)) hi = mid;
        else lo = mid + 1;
      }
    }
    this.knownCompacted = Math.max(this.knownCompacted, hi);
    // Reading at revision 1 always works after "compacting" at 1, which discards nothing.
    return hi <= 1 ? 0 : hi;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.mux.close();
    this.client.close();
  }

  /** A range request; retried on another endpoint after a transport error (reads are safe to repeat). */
  private async read(req: IRangeRequest): Promise<IRangeResponse> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.client.kv.range(req);
      } catch (err) {
        if (isCompactedError(err)) throw await this.compactedError(Number(req.revision));
        if (attempt < this.endpointCount && err instanceof Error && isRecoverableError(err)) continue;
        throw translateError(err);
      }
    }
  }

  private async write<T>(key: string, value: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      throw translateError(err, key, Buffer.byteLength(value, "utf8"));
    }
  }

  /** Whether history at `revision` is still there (a future revision counts when `futureOk`). */
  private async readableAt(revision: number, futureOk = false): Promise<boolean> {
    try {
      await this.client.kv.range({ key: PROBE_KEY, revision, count_only: true });
      return true;
    } catch (err) {
      if (isCompactedError(err)) return false;
      if (futureOk && isFutureRevisionError(err)) return true;
      throw translateError(err);
    }
  }

  private async compactedError(requested: number): Promise<CompactedError> {
    const compacted = await this.compactedRevision();
    return new CompactedError(requested, compacted, await this.currentRevision());
  }

  /**
   * A fresh lease for one write, with an id chosen here below 2^53 so that KeyValue.lease (a
   * number) holds it exactly; etcd's own ids use all 64 bits.
   */
  private async grantLease(ttlSeconds: number | undefined): Promise<number> {
    if (ttlSeconds === undefined) return 0;
    for (let attempt = 1; ; attempt++) {
      const id = randomInt(1, 2 ** 21) * 2 ** 32 + randomInt(0, 2 ** 32);
      try {
        await this.client.leaseClient.leaseGrant({ ID: id, TTL: ttlSeconds });
        return id;
      } catch (err) {
        if (attempt < 3 && err instanceof Error && err.message.includes("lease already exists")) continue;
        throw translateError(err);
      }
    }
  }

  /** Drops the lease of a write that did not happen (best effort: it expires anyway). */
  private revokeLease(lease: number): void {
    if (lease === 0) return;
    this.client.leaseClient.leaseRevoke({ ID: lease }).catch(() => undefined);
  }
}

/** Conditions of an update or delete: the key exists (and, for CAS, is at `modRevision`). */
function existsAt(key: Buffer, modRevision: number | undefined): ICompare[] {
  const exists: ICompare = { key, target: "Create", result: "Greater", create_revision: 0 };
  if (modRevision === undefined) return [exists];
  return [exists, { key, target: "Mod", result: "Equal", mod_revision: modRevision }];
}

/** The error for a failed update/delete transaction, from the key's current value. */
function casFailure(key: string, current: IRangeResponse | undefined): Error {
  const kv = current?.kvs[0];
  return kv ? new ConflictError(key, toKeyValue(kv)) : new NotFoundError(key);
}

function first(res: IRangeResponse): KeyValue | undefined {
  const kv = res.kvs[0];
  return kv ? toKeyValue(kv) : undefined;
}
