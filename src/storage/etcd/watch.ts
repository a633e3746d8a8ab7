import type { IDuplexStream, IEvent, IWatchRequest, IWatchResponse, WatchClient } from "etcd3";
import { logger } from "../../util/log.js";
import {
  CompactedError,
  type StoreError,
  UnavailableError,
  type WatchEvent,
  type Watcher,
} from "../types.js";
import { toKeyValue } from "./convert.js";

const log = logger("etcd-watch");

type Stream = IDuplexStream<IWatchRequest, IWatchResponse>;

export interface WatchMuxOptions {
  readonly client: WatchClient;
  /** How long to keep reconnecting a broken watch stream before failing its watches (ms). */
  readonly reconnectTimeoutMs: number;
  /** How long to wait for etcd to confirm a new watch (ms). */
  readonly createTimeoutMs: number;
  /** Builds the error for a watch etcd cancelled because `requested` was compacted. */
  readonly compacted: (requested: number, compactRevision: number) => Promise<StoreError>;
}

export interface WatchRequest {
  readonly key: Buffer;
  readonly rangeEnd: Buffer;
  readonly afterRevision: number;
  readonly handler: (ev: WatchEvent) => void;
}

interface Sub {
  readonly id: number;
  readonly req: WatchRequest;
  /** Revision of the last event delivered; a resumed watch starts right after it. */
  lastRevision: number;
  /** The stream generation this watch was last created on (0: not yet). */
  sentOn: number;
  created: boolean;
  closed: boolean;
  readonly established: Deferred<void>;
  readonly done: Deferred<void>;
}

interface Deferred<T> {
  readonly promise: Promise<T>;
  resolve(v: T): void;
  reject(err: Error): void;
}

function deferred<T>(): Deferred<T> {
  let resolve!: (v: T) => void;
  let reject!: (err: Error) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  // Nobody may be listening (e.g. `done` of a watch whose creation failed).
  promise.catch(() => undefined);
  return { promise, resolve, reject };
}

/** Writes to a stream that may have failed without telling yet; its error event follows. */
function send(stream: Stream, req: IWatchRequest): void {
  try {
    stream.write(req);
  } catch (err) {
    log.debug("watch stream write failed", { error: err instanceof Error ? err.message : String(err) });
  }
}

/**
 * All of a store's watches, multiplexed on one etcd watch stream (as etcd's own client does).
 *
 * Why not etcd3's WatchManager: on reconnect it resumes from the revision in the last response
 * header, which can be past events it has not delivered yet (catch-up responses carry the
 * current revision), and it hides the compact revision of a cancelled watch. Here each watch
 * remembers the revision of the last event it delivered and resumes right after it, so a
 * broken stream neither loses nor repeats events; a watch whose resume point was compacted
 * meanwhile ends with CompactedError.
 */
export class WatchMux {
  private readonly subs = new Map<number, Sub>();
  private nextId = 1;
  private stream: Stream | undefined;
  private generation = 0;
  private connecting = false;
  private outageSince: number | undefined;
  private retryTimer: NodeJS.Timeout | undefined;
  private backoffMs = 100;
  private closed = false;

  constructor(private readonly opts: WatchMuxOptions) {}

  /** Starts a watch; resolves once etcd confirmed it. */
  async add(req: WatchRequest): Promise<Watcher> {
    if (this.closed) throw new UnavailableError("store is closed");
    const sub: Sub = {
      id: this.nextId++,
      req,
      lastRevision: req.afterRevision,
      sentOn: 0,
      created: false,
      closed: false,
      established: deferred(),
      done: deferred(),
    };
    this.subs.set(sub.id, sub);
    if (this.stream) this.sendCreate(this.stream, sub);
    else this.connect();
    const timer = setTimeout(() => {
      this.fail(
        sub,
        new UnavailableError(`etcd did not confirm the watch within ${this.opts.createTimeoutMs} ms`),
      );
    }, this.opts.createTimeoutMs);
    try {
      await sub.established.promise;
    } finally {
      clearTimeout(timer);
    }
    return {
      close: () => this.cancel(sub),
      done: sub.done.promise,
    };
  }

  /** Ends every watch (their `done` resolves) and the stream. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    clearTimeout(this.retryTimer);
    for (const sub of [...this.subs.values()]) {
      this.cancel(sub);
      sub.established.reject(new UnavailableError("store is closed"));
    }
    const s = this.stream;
    this.stream = undefined;
    s?.cancel();
  }

  private cancel(sub: Sub): void {
    if (this.detach(sub)) sub.done.resolve();
  }

  private fail(sub: Sub, err: Error): void {
    if (!this.detach(sub)) return;
    sub.established.reject(err);
    sub.done.reject(err);
  }

  /** Stops delivery to `sub` and forgets it; false when that already happened. */
  private detach(sub: Sub): boolean {
    if (sub.closed) return false;
    sub.closed = true;
    this.subs.delete(sub.id);
    if (this.stream && sub.created) send(this.stream, { cancel_request: { watch_id: sub.id } });
    return true;
  }

  private sendCreate(stream: Stream, sub: Sub): void {
    sub.sentOn = this.generation;
    sub.created = false;
    send(stream, {
      create_request: {
        key: sub.req.key,
        range_end: sub.req.rangeEnd,
        start_revision: sub.lastRevision + 1,
        prev_kv: true,
        watch_id: sub.id,
      },
    });
  }

  private connect(): void {
    if (this.connecting || this.stream || this.closed) return;
    this.connecting = true;
    this.opts.client.watch().then(
      (stream) => {
        this.connecting = false;
        if (this.closed || this.subs.size === 0) {
          stream.cancel();
          return;
        }
        this.generation++;
        this.stream = stream;
        stream.on("data", (res) => {
          if (this.stream === stream) this.onResponse(stream, res);
        });
        stream.on("error", (err) => this.onBroken(stream, err));
        stream.on("end", () => this.onBroken(stream, new Error("watch stream ended")));
        for (const sub of this.subs.values()) this.sendCreate(stream, sub);
      },
      (err: unknown) => {
        this.connecting = false;
        this.onBroken(undefined, err instanceof Error ? err : new Error(String(err)));
      },
    );
  }

  private onBroken(stream: Stream | undefined, err: Error): void {
    if (this.closed || stream !== this.stream) return;
    this.stream = undefined;
    stream?.cancel();
    if (this.subs.size === 0) {
      this.outageSince = undefined;
      return;
    }
    for (const sub of this.subs.values()) sub.created = false;
    this.outageSince ??= Date.now();
    if (Date.now() - this.outageSince >= this.opts.reconnectTimeoutMs) {
      const reason = new UnavailableError(`etcd watch stream failed: ${err.message}`);
      this.outageSince = undefined;
      for (const sub of [...this.subs.values()]) this.fail(sub, reason);
      return;
    }
    log.debug("watch stream broken, reconnecting", { error: err.message, inMs: this.backoffMs });
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => this.connect(), this.backoffMs);
    this.backoffMs = Math.min(this.backoffMs * 2, 2_000);
  }

  private onResponse(stream: Stream, res: IWatchResponse): void {
    this.outageSince = undefined;
    this.backoffMs = 100;
    const sub = this.subs.get(Number(res.watch_id));
    if (!sub || sub.sentOn !== this.generation) {
      // A watch we gave up on (closed, or timed out before etcd confirmed it): stop it.
      if (!res.canceled && Number(res.watch_id) > 0)
        send(stream, { cancel_request: { watch_id: res.watch_id } });
      return;
    }
    if (res.canceled) {
      this.onCanceled(sub, res);
      return;
    }
    if (res.created) {
      sub.created = true;
      sub.established.resolve();
    }
    this.deliver(sub, res.events);
  }

  private onCanceled(sub: Sub, res: IWatchResponse): void {
    sub.created = false; // etcd already dropped it: nothing to cancel
    const compactRevision = Number(res.compact_revision);
    if (compactRevision === 0) {
      this.fail(
        sub,
        new UnavailableError(`etcd cancelled the watch: ${res.cancel_reason || "no reason given"}`),
      );
      return;
    }
    const requested = sub.lastRevision;
    if (!this.detach(sub)) return;
    void this.opts
      .compacted(requested, compactRevision)
      .catch(() => new CompactedError(requested, compactRevision, compactRevision))
      .then((err) => {
        sub.established.reject(err);
        sub.done.reject(err);
      });
  }

  private deliver(sub: Sub, events: readonly IEvent[]): void {
    // All events of one revision arrive in one response (fragmenting is off), so skipping
    // what is not after the revision delivered before this response only drops repeats.
    const floor = sub.lastRevision;
    for (const ev of events) {
      if (sub.closed) return;
      const kv = toKeyValue(ev.kv);
      if (kv.modRevision <= floor) continue;
      const type = ev.type === "Delete" ? "DELETE" : "PUT";
      const event: WatchEvent = ev.prev_kv ? { type, kv, prevKv: toKeyValue(ev.prev_kv) } : { type, kv };
      sub.lastRevision = kv.modRevision;
      try {
        sub.req.handler(event);
      } catch (err) {
        log.error("watch handler threw", { error: err instanceof Error ? err.message : String(err) });
      }
    }
  }
}
