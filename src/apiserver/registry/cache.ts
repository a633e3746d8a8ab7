/**
 * The watch cache of one stored resource: one storage watch keeps an in-memory copy of every
 * object plus a window of recent events, so N API watchers cost one storage watch and
 * `list?resourceVersion=0` never touches storage.
 */
import type { KubeObject } from "../../api/types.js";
import type { KeyValue, Store, Watcher } from "../../storage/types.js";
import { logger } from "../../util/log.js";
import { withRevision } from "./revision.js";

const log = logger("watchcache");

export type EventType = "ADDED" | "MODIFIED" | "DELETED";

/** One change, as the API reports it. Objects are shared: read-only. */
export interface CacheEvent {
  readonly type: EventType;
  readonly revision: number;
  readonly key: string;
  readonly object: Readonly<KubeObject>;
  /** The object before the change (MODIFIED, DELETED). */
  readonly prev?: Readonly<KubeObject>;
}

/** Decodes a stored value into an API object whose resourceVersion is the modRevision. */
export function decode(kv: KeyValue): KubeObject {
  const obj = JSON.parse(kv.value) as KubeObject;
  obj.metadata.resourceVersion = String(kv.modRevision);
  return obj;
}

export interface CacheOptions {
  readonly store: Store;
  /** Storage prefix of the resource, ending in "/". */
  readonly prefix: string;
  /** Events kept for watchers resuming from a recent resourceVersion. */
  readonly windowSize?: number;
}

type Listener = (ev: CacheEvent) => void;

export class WatchCache {
  private readonly store: Store;
  private readonly prefix: string;
  private readonly windowSize: number;
  /** Objects by the directory of their key (a namespace's prefix), then by key. */
  private readonly items = new Buckets();
  private readonly window: CacheEvent[] = [];
  private readonly listeners = new Set<Listener>();
  private readonly expected = new Map<string, { value: string; obj: Readonly<KubeObject> }>();
  private watcher?: Watcher;
  /** Every event with revision > startRevision passed through this cache. */
  private startRevision = 0;
  /** Events with revision <= droppedUpTo have left the window. */
  private droppedUpTo = 0;
  private revision = 0;
  private readyPromise?: Promise<void>;

  constructor(opts: CacheOptions) {
    this.store = opts.store;
    this.prefix = opts.prefix;
    this.windowSize = opts.windowSize ?? 10_000;
  }

  /** Loads the objects and starts following storage. Idempotent. */
  ready(): Promise<void> {
    this.readyPromise ??= this.start();
    return this.readyPromise;
  }

  private async start(): Promise<void> {
    let cont: string | undefined;
    let rev = 0;
    do {
      const page = await this.store.range(this.prefix, {
        limit: 5000,
        continue: cont,
        revision: rev || undefined,
      });
      rev = page.revision;
      for (const kv of page.items) this.items.set(kv.key, Object.freeze(decode(kv)));
      cont = page.continue;
    } while (cont);
    this.startRevision = this.droppedUpTo = this.revision = rev;
    this.watcher = await this.store.watch(this.prefix, { afterRevision: rev }, (ev) => {
      const key = ev.kv.key;
      const revision = ev.kv.modRevision;
      const prev = this.items.get(key);
      let e: CacheEvent;
      if (ev.type === "DELETE") {
        this.items.delete(key);
        const last = prev ?? (ev.prevKv ? decode(ev.prevKv) : undefined);
        if (!last) return;
        // A deleted object is reported with the delete's revision, as upstream does.
        const object = Object.freeze({
          ...last,
          metadata: { ...last.metadata, resourceVersion: String(revision) },
        });
        e = { type: "DELETED", revision, key, object, prev: last };
      } else {
        const written = this.expected.get(key);
        let object: Readonly<KubeObject>;
        if (written && written.value === ev.kv.value) {
          this.expected.delete(key);
          object = Object.freeze(withRevision(written.obj, revision));
        } else {
          object = Object.freeze(decode(ev.kv));
        }
        this.items.set(key, object);
        e = { type: prev ? "MODIFIED" : "ADDED", revision, key, object, prev };
      }
      this.revision = revision;
      this.window.push(e);
      if (this.window.length > this.windowSize) {
        const dropped = this.window.splice(0, this.window.length - this.windowSize);
        this.droppedUpTo = dropped[dropped.length - 1]!.revision;
      }
      for (const l of this.listeners) l(e);
    });
    this.watcher.done.catch((err: unknown) => {
      log.error("storage watch ended", { prefix: this.prefix, error: String(err) });
    });
  }

  /** The latest revision this cache has applied. */
  get currentRevision(): number {
    return this.revision;
  }

  /**
   * Announces a write of `value` (the encoding of `obj`) to `key`: when its event arrives the
   * cache takes `obj` rather than parsing `value`. `obj` must not change afterwards.
   */
  expect(key: string, value: string, obj: Readonly<KubeObject>): void {
    this.expected.set(key, { value, obj });
  }

  /** Withdraws an announced write that failed. */
  unexpect(key: string, value: string): void {
    if (this.expected.get(key)?.value === value) this.expected.delete(key);
  }

  /** The cached object at `key`, if the cache has it (it may lag storage a little). */
  get(key: string): Readonly<KubeObject> | undefined {
    return this.items.get(key);
  }

  /** Objects under `keyPrefix`, in no particular order (cheaper than `list`). */
  *values(keyPrefix: string): IterableIterator<Readonly<KubeObject>> {
    for (const [k, v] of this.items.under(keyPrefix)) if (k.startsWith(keyPrefix)) yield v;
  }

  /** Objects under `keyPrefix` (a namespace's prefix or the whole resource), in key order. */
  list(keyPrefix: string): { revision: number; items: ReadonlyArray<Readonly<KubeObject>> } {
    const out: [string, Readonly<KubeObject>][] = [];
    for (const [k, v] of this.items.under(keyPrefix)) if (k.startsWith(keyPrefix)) out.push([k, v]);
    out.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    return { revision: this.revision, items: out.map((e) => e[1]) };
  }

  /**
   * Whether events after `revision` can be replayed from memory. False when the revision is
   * older than what this cache has seen: the caller then watches storage directly.
   */
  canReplayFrom(revision: number): boolean {
    return revision >= this.droppedUpTo && revision >= this.startRevision;
  }

  /**
   * Calls `fn` with every event after `afterRevision` (replayed from the window, then live).
   * Returns the unsubscribe function. Precondition: canReplayFrom(afterRevision).
   */
  subscribe(afterRevision: number, fn: Listener): () => void {
    for (const e of this.window) if (e.revision > afterRevision) fn(e);
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  /** Stops following storage. */
  stop(): void {
    this.watcher?.close();
    this.listeners.clear();
  }
}

/** A map of keys grouped by directory, so one namespace's objects are found without a full scan. */
class Buckets {
  private readonly dirs = new Map<string, Map<string, Readonly<KubeObject>>>();

  private static dir(key: string): string {
    return key.slice(0, key.lastIndexOf("/") + 1);
  }

  get(key: string): Readonly<KubeObject> | undefined {
    return this.dirs.get(Buckets.dir(key))?.get(key);
  }

  set(key: string, v: Readonly<KubeObject>): void {
    const d = Buckets.dir(key);
    let m = this.dirs.get(d);
    if (!m) {
      m = new Map();
      this.dirs.set(d, m);
    }
    m.set(key, v);
  }

  delete(key: string): void {
    const d = Buckets.dir(key);
    const m = this.dirs.get(d);
    m?.delete(key);
    if (m?.size === 0) this.dirs.delete(d);
  }

  /** Entries whose key may start with `prefix` (the caller still checks). */
  *under(prefix: string): IterableIterator<[string, Readonly<KubeObject>]> {
    const exact = this.dirs.get(prefix);
    if (exact) yield* exact;
    // Directories below the prefix: a resource's whole prefix covers every namespace.
    for (const [d, m] of this.dirs) if (d !== prefix && d.startsWith(prefix)) yield* m;
  }
}
