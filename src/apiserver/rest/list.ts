/**
 * list: from the watch cache when it can answer exactly what storage would (as upstream's
 * consistent reads from cache), else from storage.
 *
 * - `resourceVersion` unset (the usual, consistent list): the store's current revision is
 *   read, the cache waits until it has applied every change up to it (with the SQLite store
 *   that is at most one fsync away), and the objects come from memory, already parsed and with
 *   their JSON text at hand. Stores that do not report watch progress (etcd here) are read
 *   directly, as before.
 * - `continue`: the token holds the revision of the first page; the cache answers if nothing
 *   under the resource changed since, storage (which keeps old revisions) otherwise.
 * - `resourceVersion=0`: whatever the cache holds, without waiting (upstream's "any").
 */
import { apiVersionOf } from "../../api/registry.js";
import type { KubeObject, ResourceDef } from "../../api/types.js";
import { decodeContinue, encodeContinue } from "../../storage/continue.js";
import type { Api } from "../api.js";
import type { Negotiated } from "../http.js";
import { type CachePage, servedAsCached } from "../registry/cache.js";
import type { ResourceStorage } from "../registry/storage.js";
import { errors } from "../status.js";
import { jsonArrayBytes } from "./json-bytes.js";
import type { RequestInfo } from "./request.js";
import { matcherFor } from "./select.js";
import { partialMetadata, toTable, toTableBytes } from "./table.js";

/** How long a consistent list waits for the cache to catch up before reading storage instead. */
const FRESH_WAIT_MS = 250;

/** ListMeta: the list's resourceVersion, and where the next page starts when there is one. */
function listMeta(
  revision: number,
  next: string | undefined,
  remaining: number | undefined,
): Record<string, unknown> {
  return {
    resourceVersion: String(revision),
    ...(next ? { continue: next } : {}),
    ...(remaining ? { remainingItemCount: remaining } : {}),
  };
}

/**
 * A list of objects given as JSON (texts from storage, bytes from the cache), written without
 * parsing them.
 */
function rawList(
  def: ResourceDef,
  revision: number,
  next: string | undefined,
  remaining: number | undefined,
  items: readonly (string | Buffer)[],
): Buffer {
  const meta = JSON.stringify(listMeta(revision, next, remaining));
  const head = `{"kind":${JSON.stringify(def.listKind ?? `${def.kind}List`)},"apiVersion":${JSON.stringify(apiVersionOf(def))},"metadata":${meta},"items":[`;
  return jsonArrayBytes(
    head,
    items.map((item) => [item]),
  );
}

interface ListRequest {
  readonly rv: string;
  readonly exact: boolean;
  readonly limit: number;
  readonly cont: string | undefined;
  readonly filter: ((o: Readonly<KubeObject>) => boolean) | undefined;
}

/** The page the watch cache can answer with, or undefined when storage must. */
async function fromCache(
  storage: ResourceStorage,
  namespace: string,
  r: ListRequest,
): Promise<CachePage | undefined> {
  const prefix = storage.prefix(namespace);
  const cache = storage.cache;
  const page = (at?: number, afterKey?: string, limit = r.limit) =>
    cache.page(prefix, { at, afterKey, limit, filter: r.filter });
  if (r.cont !== undefined) {
    let token: { revision: number; afterKey: string };
    try {
      token = decodeContinue(r.cont);
    } catch {
      return undefined; // storage reports the bad token
    }
    return token.afterKey.startsWith(prefix) ? page(token.revision, token.afterKey) : undefined;
  }
  if (r.rv === "0") {
    await cache.ready();
    // Upstream serves resourceVersion=0 from its cache without paging.
    return page(undefined, undefined, 0);
  }
  if (r.exact) {
    await cache.ready();
    return page(Number(r.rv));
  }
  // Unset: consistent. Set (NotOlderThan): at least as new as it.
  const want = r.rv === "" ? await storage.store.currentRevision() : Number(r.rv);
  return (await cache.waitFresh(want, FRESH_WAIT_MS)) ? page() : undefined;
}

/** One page of a list, from the cache or from storage. */
interface ListResult {
  readonly revision: number;
  readonly next: string | undefined;
  readonly remaining: number | undefined;
  readonly items: readonly Readonly<KubeObject>[];
}

/** A page read from storage, filtered by `matches`, items converted to the request's version. */
async function fromStorage(
  api: Api,
  def: ResourceDef,
  namespace: string,
  r: ListRequest & { matches: (o: Readonly<KubeObject>) => boolean },
): Promise<ListResult> {
  const storage = api.storage(def);
  let items: KubeObject[] = [];
  let token = r.cont;
  let at = r.exact ? Number(r.rv) : undefined;
  let revision: number;
  let remaining: number | undefined;
  for (;;) {
    const page = await storage.listPage(namespace, {
      revision: at,
      limit: r.limit ? r.limit - items.length : undefined,
      continue: token,
    });
    revision = page.revision;
    at = page.revision;
    for (const o of page.items) if (r.matches(o)) items.push(api.fromStored(def, o));
    token = page.continue;
    remaining = page.remaining;
    if (!token || !r.limit || items.length >= r.limit) break;
  }
  items = items.slice(0, r.limit || undefined);
  return { revision, next: token, remaining: r.filter ? undefined : remaining, items };
}

export async function list(api: Api, info: RequestInfo, want: Negotiated): Promise<unknown> {
  const { def, namespace, query: q } = info;
  const storage = api.storage(def);
  const matches = matcherFor(def, q);
  const rv = q.get("resourceVersion") ?? "";
  if (rv !== "" && !/^\d+$/.test(rv)) throw errors.badRequest(`invalid resource version: ${rv}`);
  const selected = !!(q.get("labelSelector") || q.get("fieldSelector"));
  const r: ListRequest = {
    rv,
    exact: rv !== "" && q.get("resourceVersionMatch") === "Exact",
    limit: Number(q.get("limit") ?? 0) || 0,
    cont: q.get("continue") ?? undefined,
    filter: selected ? matches : undefined,
  };
  // Objects of a kind stored as itself are their cached selves: their JSON bytes are at hand.
  const cachedJson = servedAsCached(def);
  const cached = await fromCache(storage, namespace, r);
  if (!cached && want.as === "" && cachedJson && !selected) {
    // Unfiltered JSON straight from storage: the stored text is the answer, unparsed.
    const page = await storage.listPageRaw(namespace, {
      revision: r.exact ? Number(rv) : undefined,
      limit: r.limit || undefined,
      continue: r.cont,
    });
    return rawList(def, page.revision, page.continue, page.remaining, page.items);
  }
  const got: ListResult = cached
    ? {
        revision: cached.revision,
        next:
          cached.lastKey !== undefined
            ? encodeContinue({ revision: cached.revision, afterKey: cached.lastKey })
            : undefined,
        remaining: cached.remaining > 0 ? cached.remaining : undefined,
        items: cached.items,
      }
    : await fromStorage(api, def, namespace, { ...r, matches });
  const { revision, next, remaining } = got;
  const cache = storage.cache;
  if (cached && cachedJson && want.as === "") {
    return rawList(
      def,
      revision,
      next,
      remaining,
      got.items.map((o) => cache.bytesOf(o)),
    );
  }
  if (want.as === "Table") {
    const opts = {
      now: api.now(),
      includeObject: q.get("includeObject"),
      withColumns: true,
      resourceVersion: String(revision),
      continue: next,
      remaining,
    };
    if (cached && cachedJson) {
      const known = {
        object: (o: Readonly<KubeObject>) => cache.bytesOf(o),
        partial: (o: Readonly<KubeObject>) => cache.partialBytesOf(o),
      };
      return toTableBytes(def, got.items, opts, known);
    }
    return toTable(def, cached ? got.items.map((o) => api.fromStored(def, o)) : got.items, opts);
  }
  const items = cached ? got.items.map((o) => api.fromStored(def, o)) : got.items;
  const meta = listMeta(revision, next, remaining);
  if (want.as === "PartialObjectMetadataList" || want.as === "PartialObjectMetadata") {
    return {
      kind: "PartialObjectMetadataList",
      apiVersion: "meta.k8s.io/v1",
      metadata: meta,
      items: items.map(partialMetadata),
    };
  }
  return { kind: def.listKind ?? `${def.kind}List`, apiVersion: apiVersionOf(def), metadata: meta, items };
}
