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
import type { CachePage } from "../registry/cache.js";
import type { ResourceStorage } from "../registry/storage.js";
import { errors } from "../status.js";
import type { RequestInfo } from "./request.js";
import { matcherFor } from "./select.js";
import { partialMetadata, toTable, toTableText } from "./table.js";

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

/** A list of objects given as JSON texts, written without parsing them. */
function rawList(
  def: ResourceDef,
  revision: number,
  next: string | undefined,
  remaining: number | undefined,
  texts: readonly string[],
): string {
  const meta = JSON.stringify(listMeta(revision, next, remaining));
  const head = `{"kind":${JSON.stringify(def.listKind ?? `${def.kind}List`)},"apiVersion":${JSON.stringify(apiVersionOf(def))},"metadata":${meta},"items":[`;
  return `${head}${texts.join(",")}]}`;
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

export async function list(api: Api, info: RequestInfo, want: Negotiated): Promise<unknown> {
  const { def, namespace, query: q } = info;
  const storage = api.storage(def);
  const matches = matcherFor(def, q);
  const rv = q.get("resourceVersion") ?? "";
  const limit = Number(q.get("limit") ?? 0) || 0;
  const cont = q.get("continue") ?? undefined;
  if (rv !== "" && !/^\d+$/.test(rv)) throw errors.badRequest(`invalid resource version: ${rv}`);
  const exact = rv !== "" && q.get("resourceVersionMatch") === "Exact";
  const selected = !!(q.get("labelSelector") || q.get("fieldSelector"));
  // Items can be the stored JSON text itself: plain JSON of a kind stored as itself.
  const asText = want.as === "" && !def.storedAs;

  let items: KubeObject[] = [];
  let revision: number;
  let next: string | undefined;
  let remaining: number | undefined;
  const cached = await fromCache(storage, namespace, {
    rv,
    exact,
    limit,
    cont,
    filter: selected ? matches : undefined,
  });
  if (cached) {
    revision = cached.revision;
    next =
      cached.lastKey !== undefined
        ? encodeContinue({ revision: cached.revision, afterKey: cached.lastKey })
        : undefined;
    remaining = cached.remaining > 0 ? cached.remaining : undefined;
    if (asText) {
      const texts = cached.items.map((o) => storage.cache.textOf(o));
      return rawList(def, revision, next, remaining, texts);
    }
    if (want.as === "Table") {
      const cache = storage.cache;
      const texts = {
        object: (o: Readonly<KubeObject>) => cache.textOf(o),
        metadata: (o: Readonly<KubeObject>) => cache.metadataTextOf(o),
      };
      // Objects of a kind stored as itself are their cached selves: their texts are at hand.
      if (!def.storedAs) {
        return toTableText(
          def,
          cached.items,
          {
            now: api.now(),
            includeObject: q.get("includeObject"),
            withColumns: true,
            resourceVersion: String(revision),
            continue: next,
            remaining,
          },
          texts,
        );
      }
    }
    items = cached.items.map((o) => api.fromStored(def, o));
  } else if (asText && !selected) {
    // Unfiltered JSON straight from storage: the stored text is the answer, unparsed.
    const page = await storage.listPageRaw(namespace, {
      revision: exact ? Number(rv) : undefined,
      limit: limit || undefined,
      continue: cont,
    });
    return rawList(def, page.revision, page.continue, page.remaining, page.items);
  } else {
    let token = cont;
    let at = exact ? Number(rv) : undefined;
    for (;;) {
      const page = await storage.listPage(namespace, {
        revision: at,
        limit: limit ? limit - items.length : undefined,
        continue: token,
      });
      revision = page.revision;
      at = page.revision;
      for (const o of page.items) if (matches(o)) items.push(api.fromStored(def, o));
      token = page.continue;
      remaining = page.remaining;
      if (!token || !limit || items.length >= limit) break;
    }
    next = token;
    if (remaining !== undefined && selected) remaining = undefined;
    items = items.slice(0, limit || undefined);
  }
  const rvs = String(revision);
  if (want.as === "Table") {
    return toTable(def, items, {
      now: api.now(),
      includeObject: q.get("includeObject"),
      withColumns: true,
      resourceVersion: rvs,
      continue: next,
      remaining,
    });
  }
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
