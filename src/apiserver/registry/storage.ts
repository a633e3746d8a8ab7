/**
 * Storage of one resource: keys, encoding, and translation of store errors into API Status
 * errors. Knows nothing of strategies; the handlers decide what to write.
 */
import type { KubeObject } from "../../api/types.js";
import { type KeyValue, type Store, StoreError } from "../../storage/types.js";
import { ApiError, errors, type GroupResource } from "../status.js";
import { decode, WatchCache, withResourceVersion } from "./cache.js";
import { withRevision } from "./revision.js";
import { rememberText } from "./texts.js";

export interface PageOptions {
  readonly revision?: number;
  readonly limit?: number;
  readonly continue?: string;
}

export interface ListPage<T> {
  readonly revision: number;
  readonly items: T[];
  readonly continue?: string;
  readonly remaining?: number;
}

/**
 * Encodes an object for storage: everything but its resourceVersion (the key's modRevision).
 * apiVersion, kind and metadata always come first, so `withResourceVersion` (cache.ts) can
 * find the top-level metadata without parsing.
 */
export function encode(obj: Readonly<KubeObject>): string {
  // Usually already in that shape (creates have no resourceVersion): written as it is.
  if (obj.metadata.resourceVersion === undefined) {
    const [a, k, m] = Object.keys(obj);
    if (a === "apiVersion" && k === "kind" && m === "metadata") return JSON.stringify(obj);
  }
  const { resourceVersion: _rv, ...metadata } = obj.metadata;
  const { apiVersion, kind, metadata: _m, ...rest } = obj;
  return JSON.stringify({ apiVersion, kind, metadata, ...rest });
}

export class ResourceStorage {
  readonly gr: GroupResource;
  readonly cache: WatchCache;
  private readonly root: string;

  constructor(
    readonly store: Store,
    gr: GroupResource,
    readonly namespaced: boolean,
    private readonly ttlSeconds?: number,
  ) {
    this.gr = gr;
    this.root = `/registry/${gr.group || "core"}/${gr.resource}/`;
    this.cache = new WatchCache({ store, prefix: this.root });
  }

  /**
   * The object as stored at `revision`, with its JSON text (`value` + resourceVersion)
   * remembered: the watch cache's bytes of it, which it made when the write's event reached it
   * (before the write was acknowledged), or else the text.
   */
  private written(key: string, obj: Readonly<KubeObject>, value: string, revision: number): KubeObject {
    const out = withRevision(obj, revision);
    rememberText(out, this.cache.bytesAt(key, revision) ?? withResourceVersion(value, revision));
    return out;
  }

  key(namespace: string, name: string): string {
    return this.namespaced ? `${this.root}${namespace}/${name}` : `${this.root}${name}`;
  }

  /** The watch cache's object `namespace/name`, if it has it (it may lag storage a little). */
  cached(namespace: string, name: string): Readonly<KubeObject> | undefined {
    return this.cache.get(this.key(namespace, name));
  }

  /** The prefix of every object in `namespace` ("" = all namespaces). */
  prefix(namespace: string): string {
    return this.namespaced && namespace ? `${this.root}${namespace}/` : this.root;
  }

  /** Maps a store error to the Status the API answers with. */
  translate(err: unknown, name: string): Error {
    if (!(err instanceof StoreError)) return err instanceof Error ? err : new Error(String(err));
    switch (err.code) {
      case "KeyExists":
        return errors.alreadyExists(this.gr, name);
      case "NotFound":
        return errors.notFound(this.gr, name);
      case "Conflict":
        return errors.conflict(
          this.gr,
          name,
          "the object has been modified; please apply your changes to the latest version and try again",
        );
      case "TooLarge":
        return new ApiError(413, "RequestEntityTooLarge", `etcdserver: request is too large`);
      case "Compacted":
        return errors.gone(`too old resource version: ${err.message}`);
      case "Unavailable":
        return errors.unavailable(err.message);
      case "Invalid":
        return errors.badRequest(err.message);
      default:
        return errors.internal(err.message);
    }
  }

  async get(namespace: string, name: string, revision?: number): Promise<KubeObject> {
    const r = await this.store
      .get(this.key(namespace, name), revision ? { revision } : undefined)
      .catch((e) => {
        throw this.translate(e, name);
      });
    if (!r.kv) throw errors.notFound(this.gr, name);
    return decode(r.kv);
  }

  async tryGet(namespace: string, name: string): Promise<KubeObject | undefined> {
    const r = await this.store.get(this.key(namespace, name)).catch((e) => {
      throw this.translate(e, name);
    });
    return r.kv ? decode(r.kv) : undefined;
  }

  /** A page straight from storage (consistent at one revision), items decoded. */
  listPage(namespace: string, opts: PageOptions): Promise<ListPage<KubeObject>> {
    return this.page(namespace, opts, decode);
  }

  /** Like listPage, but items stay JSON text (with resourceVersion): the fast path of plain lists. */
  listPageRaw(namespace: string, opts: PageOptions): Promise<ListPage<string>> {
    return this.page(namespace, opts, (kv) => withResourceVersion(kv.value, kv.modRevision));
  }

  private async page<T>(
    namespace: string,
    opts: PageOptions,
    item: (kv: KeyValue) => T,
  ): Promise<ListPage<T>> {
    const r = await this.store.range(this.prefix(namespace), opts).catch((e) => {
      throw this.listError(e, opts.continue);
    });
    return {
      revision: r.revision,
      items: r.items.map(item),
      continue: r.continue,
      remaining: r.more ? r.count - r.items.length : undefined,
    };
  }

  private listError(e: unknown, cont: string | undefined): Error {
    if (e instanceof StoreError && e.code === "Invalid")
      return errors.badRequest(`continue key is not valid: ${e.message}`);
    if (e instanceof StoreError && e.code === "Compacted" && cont) {
      return errors.gone(
        "The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter.",
      );
    }
    return this.translate(e, "");
  }

  async create(obj: Readonly<KubeObject>): Promise<KubeObject> {
    const name = obj.metadata.name ?? "";
    const key = this.key(obj.metadata.namespace ?? "", name);
    const value = encode(obj);
    // The watch cache takes the object as written instead of parsing the stored text again.
    this.cache.expect(key, value, obj);
    try {
      const kv = await this.store.create(key, value, { ttlSeconds: this.ttlSeconds });
      return this.written(key, obj, value, kv.modRevision);
    } catch (e) {
      this.cache.unexpect(key, value);
      throw this.translate(e, name);
    }
  }

  /** Writes `obj`; CAS on `expectedRevision` when given. */
  async update(obj: Readonly<KubeObject>, expectedRevision?: number): Promise<KubeObject> {
    const name = obj.metadata.name ?? "";
    const key = this.key(obj.metadata.namespace ?? "", name);
    const value = encode(obj);
    this.cache.expect(key, value, obj);
    try {
      const kv = await this.store.update(key, value, {
        expectedModRevision: expectedRevision,
        ttlSeconds: this.ttlSeconds,
      });
      return this.written(key, obj, value, kv.modRevision);
    } catch (e) {
      this.cache.unexpect(key, value);
      throw this.translate(e, name);
    }
  }

  /** Deletes; returns the last state with the delete's revision as resourceVersion. */
  async delete(namespace: string, name: string, expectedRevision?: number): Promise<KubeObject> {
    try {
      const r = await this.store.delete(this.key(namespace, name), { expectedModRevision: expectedRevision });
      const obj = decode(r.prevKv);
      obj.metadata.resourceVersion = String(r.revision);
      return obj;
    } catch (e) {
      throw this.translate(e, name);
    }
  }
}
