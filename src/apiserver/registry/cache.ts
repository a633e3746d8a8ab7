/**
 * The watch cache of one stored resource: one storage watch keeps an in-memory copy of every
 * object plus a window of recent events, so N API watchers cost one storage watch and
 * `list?resourceVersion=0` never touches storage.
 */
import type { KubeObject, ResourceDef } from "../../api/types.js";
import { prefixEnd } from "../../storage/limits.js";
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

const META = '"metadata":{';
const LINE_END = Buffer.from("}\n");

/** A stored value with its resourceVersion set, as JSON text, without parsing it. */
export function withResourceVersion(value: string, modRevision: number): string {
  const at = value.indexOf(META);
  if (at < 0)
    return JSON.stringify(decode({ key: "", value, createRevision: 0, modRevision, version: 0, lease: 0 }));
  const cut = at + META.length;
  const sep = value[cut] === "}" ? "" : ",";
  return `${value.slice(0, cut)}"resourceVersion":"${modRevision}"${sep}${value.slice(cut)}`;
}

/** An object as meta.k8s.io/v1 PartialObjectMetadata (Table rows, metadata-only lists). */
export function partialMetadata(obj: Readonly<KubeObject>): Record<string, unknown> {
  return { kind: "PartialObjectMetadata", apiVersion: "meta.k8s.io/v1", metadata: obj.metadata };
}

/**
 * Whether a cached object's JSON (bytesOf) is also its JSON as served: the kind is stored as
 * itself, not converted from another version (autoscaling/v1 HPAs are stored as v2).
 */
export function servedAsCached(def: ResourceDef): boolean {
  return !def.storedAs;
}

/** One page of cached objects in key order. */
export interface CachePage {
  /** The revision the page shows the objects at. */
  readonly revision: number;
  readonly items: ReadonlyArray<Readonly<KubeObject>>;
  /** The last key of the page when more objects follow it. */
  readonly lastKey?: string;
  /** How many objects follow the page (-1: not counted, the page was filtered). */
  readonly remaining: number;
}

export interface CacheOptions {
  readonly store: Store;
  /** Storage prefix of the resource, ending in "/". */
  readonly prefix: string;
  /** Events kept (at least; up to an eighth more) for watchers resuming from a recent resourceVersion. */
  readonly windowSize?: number;
}

type Listener = (ev: CacheEvent) => void;

/**
 * K8TS_FREEZE_OBJECTS=1 (the tests run the server so): cached objects are frozen all the way
 * down, so code that changes one in place, and with it what every reader of the cache sees,
 * fails at once instead. Off otherwise: freezing every level of every object costs CPU.
 */
const FREEZE_ALL = process.env.K8TS_FREEZE_OBJECTS === "1";

function freezeAll(v: object): void {
  Object.freeze(v);
  // A frozen level below is frozen all the way down already (shared FieldsV1, or done before).
  for (const c of Object.values(v))
    if (c !== null && typeof c === "object" && !Object.isFrozen(c)) freezeAll(c);
}

/** A write announced by `expect`: its stored text and the object it encodes. */
interface Expected {
  value: string;
  obj: Readonly<KubeObject> | undefined;
}

export class WatchCache {
  private readonly store: Store;
  private readonly prefix: string;
  private readonly windowSize: number;
  /** Objects by the directory of their key (a namespace's prefix), then by key. */
  private readonly items = new Buckets();
  private readonly window: CacheEvent[] = [];
  private readonly listeners = new Set<Listener>();
  private readonly expected = new Map<string, Expected>();
  private watcher?: Watcher;
  /** Every event with revision > startRevision passed through this cache. */
  private startRevision = 0;
  /** Events with revision <= droppedUpTo have left the window. */
  private droppedUpTo = 0;
  private revision = 0;
  /** Every change up to this revision has been applied (storage's progress reports, events). */
  private fresh = 0;
  /** Whether storage reports progress (the SQLite store does; etcd here does not). */
  private progressReported = false;
  private freshWaiters: { revision: number; wake: () => void }[] = [];
  /**
   * The JSON text of each cached object (with its resourceVersion) as UTF-8 bytes, for lists
   * and watches that need no serializing. Bytes rather than a string: a Buffer's contents live
   * outside the JS heap, so the young-generation collector, which copies every object that
   * survives it, does not copy each new object's text twice on its way to the old generation.
   */
  private readonly bytes = new WeakMap<object, Buffer>();
  private readonly partials = new WeakMap<object, Buffer>();
  private lastLine?: { type: EventType; object: object; line: Buffer };
  /** Every key in order; rebuilt after keys were added or removed. */
  private sorted: string[] | undefined;
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
      for (const kv of page.items) this.put(kv.key, Object.freeze(decode(kv)), kv.value, kv.modRevision);
      cont = page.continue;
    } while (cont);
    this.startRevision = this.droppedUpTo = this.revision = this.fresh = rev;
    const onProgress = (revision: number) => {
      this.progressReported = true;
      this.advance(revision);
    };
    this.watcher = await this.store.watch(this.prefix, { afterRevision: rev, onProgress }, (ev) => {
      const key = ev.kv.key;
      const revision = ev.kv.modRevision;
      const prev = this.items.get(key);
      let e: CacheEvent;
      if (ev.type === "DELETE") {
        this.items.delete(key);
        if (prev) this.sorted = undefined;
        const last = prev ?? (ev.prevKv ? decode(ev.prevKv) : undefined);
        if (!last) return;
        // A deleted object is reported with the delete's revision, as upstream does.
        const object = Object.freeze(withRevision(last, revision));
        e = { type: "DELETED", revision, key, object, prev: last };
      } else {
        const written = this.expected.get(key);
        let object: Readonly<KubeObject>;
        if (written?.obj && written.value === ev.kv.value) {
          object = Object.freeze(withRevision(written.obj, revision));
          this.unexpectEntry(key, written);
        } else {
          object = Object.freeze(decode(ev.kv));
        }
        this.put(key, object, ev.kv.value, revision);
        e = { type: prev ? "MODIFIED" : "ADDED", revision, key, object, prev };
      }
      this.revision = revision;
      this.window.push(e);
      // Trimmed an eighth at a time: dropping one event per event moved the whole array each time.
      if (this.window.length > this.windowSize + (this.windowSize >> 3)) {
        const dropped = this.window.splice(0, this.window.length - this.windowSize);
        this.droppedUpTo = dropped[dropped.length - 1]!.revision;
      }
      for (const l of this.listeners) l(e);
      this.advance(revision);
    });
    this.watcher.done.catch((err: unknown) => {
      log.error("storage watch ended", { prefix: this.prefix, error: String(err) });
    });
  }

  private put(key: string, object: Readonly<KubeObject>, value: string, revision: number): void {
    if (FREEZE_ALL) freezeAll(object);
    if (this.items.get(key) === undefined) this.sorted = undefined;
    this.items.set(key, object);
    this.bytes.set(object, Buffer.from(withResourceVersion(value, revision)));
  }

  private advance(revision: number): void {
    if (revision <= this.fresh) return;
    this.fresh = revision;
    if (this.freshWaiters.length === 0) return;
    const woken = this.freshWaiters.filter((w) => w.revision <= revision);
    this.freshWaiters = this.freshWaiters.filter((w) => w.revision > revision);
    for (const w of woken) w.wake();
  }

  /**
   * Resolves true once every change up to `revision` is in the cache, false if storage does
   * not report progress or that takes longer than `timeoutMs` (the caller then reads storage).
   */
  async waitFresh(revision: number, timeoutMs: number): Promise<boolean> {
    await this.ready();
    if (this.fresh >= revision) return true;
    if (!this.progressReported) return false;
    return new Promise<boolean>((resolve) => {
      const w = {
        revision,
        wake: () => {
          clearTimeout(timer);
          resolve(true);
        },
      };
      const timer = setTimeout(() => {
        this.freshWaiters = this.freshWaiters.filter((x) => x !== w);
        resolve(false);
      }, timeoutMs);
      this.freshWaiters.push(w);
    });
  }

  /**
   * A page of the objects under `keyPrefix` in key order, after `afterKey` if given, as of
   * revision `at`: undefined when the cache cannot show that revision (a change under this
   * resource after it, or the cache not yet fresh up to it). Without `at`: as of now. With a
   * `filter`, `limit` counts the objects that pass it, and `remaining` is not known (-1).
   */
  page(
    keyPrefix: string,
    opts: {
      at?: number;
      afterKey?: string;
      limit?: number;
      filter?: (o: Readonly<KubeObject>) => boolean;
    },
  ): CachePage | undefined {
    const at = opts.at ?? this.fresh;
    if (at < this.revision || at > this.fresh) return undefined;
    this.sorted ??= this.items.sortedKeys();
    const keys = this.sorted;
    const from = opts.afterKey !== undefined && opts.afterKey >= keyPrefix ? opts.afterKey : keyPrefix;
    let i = lowerBound(keys, from);
    if (opts.afterKey !== undefined && keys[i] === opts.afterKey) i++;
    const end = lowerBound(keys, prefixEnd(keyPrefix), i);
    const limit = opts.limit && opts.limit > 0 ? opts.limit : Number.POSITIVE_INFINITY;
    const items: Readonly<KubeObject>[] = [];
    let j = i;
    for (; j < end && items.length < limit; j++) {
      const o = this.items.get(keys[j]!)!;
      if (!opts.filter || opts.filter(o)) items.push(o);
    }
    const remaining = end - j;
    return {
      revision: at,
      items,
      remaining: opts.filter ? -1 : remaining,
      ...(remaining > 0 ? { lastKey: keys[j - 1] } : {}),
    };
  }

  /** The JSON of a cached object's PartialObjectMetadata (Table rows), made once per object. */
  partialBytesOf(object: Readonly<KubeObject>): Buffer {
    let b = this.partials.get(object);
    if (b === undefined) {
      b = Buffer.from(JSON.stringify(partialMetadata(object)));
      this.partials.set(object, b);
    }
    return b;
  }

  /** The JSON text of a cached object (as returned by get, list or page) as UTF-8 bytes. */
  bytesOf(object: Readonly<KubeObject>): Buffer {
    let b = this.bytes.get(object);
    if (b === undefined) {
      b = Buffer.from(JSON.stringify(object));
      this.bytes.set(object, b);
    }
    return b;
  }

  /** bytesOf the object cached at `key`, if it is the one written at `revision`. */
  bytesAt(key: string, revision: number): Buffer | undefined {
    const object = this.items.get(key);
    return object?.metadata.resourceVersion === String(revision) ? this.bytes.get(object) : undefined;
  }

  /**
   * The line a watch sends for `object` as a `type` event, made once for all the watchers that
   * send the same event (they are called one after another).
   */
  eventLine(type: EventType, object: Readonly<KubeObject>): Buffer {
    const last = this.lastLine;
    if (last?.object === object && last.type === type) return last.line;
    const line = Buffer.concat([Buffer.from(`{"type":"${type}","object":`), this.bytesOf(object), LINE_END]);
    this.lastLine = { type, object, line };
    return line;
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
    const written = this.expected.get(key);
    if (written?.value === value) this.unexpectEntry(key, written);
  }

  /**
   * Removes an announced write. Its entry lets go of the text and the object too: a Map whose
   * entries come and go keeps its old hash tables, and what their entries referenced, alive
   * through young-generation collections until a full one (one text and object per write).
   */
  private unexpectEntry(key: string, written: Expected): void {
    this.expected.delete(key);
    written.value = "";
    written.obj = undefined;
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
    // As of now the cache can always show its own state: page() is defined.
    return { revision: this.revision, items: this.page(keyPrefix, {})!.items };
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

  /** Every key, in order. */
  sortedKeys(): string[] {
    const out: string[] = [];
    for (const m of this.dirs.values()) for (const k of m.keys()) out.push(k);
    return out.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  }

  /** Entries whose key may start with `prefix` (the caller still checks). */
  *under(prefix: string): IterableIterator<[string, Readonly<KubeObject>]> {
    const exact = this.dirs.get(prefix);
    if (exact) yield* exact;
    // Directories below the prefix: a resource's whole prefix covers every namespace.
    for (const [d, m] of this.dirs) if (d !== prefix && d.startsWith(prefix)) yield* m;
  }
}

/** The first index in sorted `keys` (from `start`) whose key is >= `key`. */
function lowerBound(keys: readonly string[], key: string, start = 0): number {
  let lo = start;
  let hi = keys.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (keys[mid]! < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
