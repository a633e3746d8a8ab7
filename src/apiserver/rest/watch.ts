/**
 * The watch verb: a stream of `{"type": ..., "object": ...}` lines, served from the watch
 * cache (or straight from storage when resuming from before the cache's window), with
 * upstream's resourceVersion semantics, selectors, bookmarks and Table output.
 */
import { apiVersionOf } from "../../api/registry.js";
import type { KubeObject } from "../../api/types.js";
import type { WatchEvent } from "../../storage/types.js";
import { StoreError } from "../../storage/types.js";
import type { Api } from "../api.js";
import type { Negotiated, Req, Res } from "../http.js";
import { type CacheEvent, decode, type EventType, servedAsCached } from "../registry/cache.js";
import { errors, statusObject } from "../status.js";
import { parseBool, type RequestInfo } from "./request.js";
import { matcherFor } from "./select.js";
import { partialMetadata, toTable } from "./table.js";

/** Watchers whose unsent output grows past this are closed (a slow client). */
const MAX_BUFFERED = 16 * 1024 * 1024;
const BOOKMARK_MS = 60_000;

export async function watchHandler(
  api: Api,
  info: RequestInfo,
  req: Req,
  res: Res,
  want: Negotiated,
): Promise<void> {
  const q = info.query;
  const def = info.def;
  const storage = api.storage(def);
  const matches = matcherFor(def, q);
  const rvParam = q.get("resourceVersion") ?? "";
  const sendInitial = parseBool(q.get("sendInitialEvents"));
  const bookmarks = parseBool(q.get("allowWatchBookmarks"));
  const timeout = Math.min(Number(q.get("timeoutSeconds") ?? 1800) || 1800, 3600);
  if (rvParam !== "" && !/^\d+$/.test(rvParam))
    throw errors.badRequest(`invalid resource version: ${rvParam}`);
  if (sendInitial && !bookmarks) {
    throw errors.invalid("meta.k8s.io", "ListOptions", "", [
      {
        type: "FieldValueForbidden",
        field: "allowWatchBookmarks",
        message: "Forbidden: sendInitialEvents requires setting allowWatchBookmarks=true",
      },
    ]);
  }
  await storage.cache.ready();
  const keyPrefix = storage.prefix(info.namespace);

  res.writeHead(200, { "Content-Type": "application/json", "Cache-Control": "no-cache, private" });
  // A watch may stay silent for a long time; the client must see it established now.
  res.flushHeaders?.();
  let first = true;
  let closed = false;
  let lastRv = 0;
  const writeLine = (line: string | Buffer) => {
    if (closed) return;
    res.write(line);
    if ((res.writableLength ?? 0) > MAX_BUFFERED) finish();
  };
  const write = (type: EventType | "BOOKMARK" | "ERROR", object: unknown) =>
    writeLine(`${JSON.stringify({ type, object })}\n`);
  // Plain JSON of a kind stored as itself: the cached text is the object's text, serialized
  // once for every watcher.
  const raw = want.as === "" && servedAsCached(def);
  const render = (obj: Readonly<KubeObject>): unknown => {
    const o = api.fromStored(def, obj);
    if (want.as === "Table") {
      const t = toTable(def, [o], {
        now: api.now(),
        includeObject: q.get("includeObject"),
        withColumns: first,
      });
      first = false;
      return t;
    }
    if (want.as === "PartialObjectMetadata") return partialMetadata(o);
    return o;
  };
  const send = (type: EventType, obj: Readonly<KubeObject>) => {
    if (raw) writeLine(storage.cache.eventLine(type, obj));
    else write(type, render(obj));
  };
  const onEvent = (e: CacheEvent) => {
    if (!e.key.startsWith(keyPrefix)) return;
    lastRv = e.revision;
    const now = e.type !== "DELETED" && matches(e.object);
    const before = e.prev !== undefined && matches(e.prev);
    if (e.type === "DELETED") {
      if (before) send("DELETED", e.object);
    } else if (now && (e.type === "ADDED" || !before)) send("ADDED", e.object);
    else if (now) send("MODIFIED", e.object);
    else if (before) send("DELETED", e.object);
  };

  let stop: () => void = () => {};
  const finish = () => {
    if (closed) return;
    closed = true;
    stop();
    clearTimeout(timer);
    clearInterval(bm);
    res.end();
  };
  req.on("close", finish);
  const timer = setTimeout(finish, timeout * 1000);
  timer.unref();
  const bm = setInterval(() => {
    if (bookmarks)
      write(
        "BOOKMARK",
        bookmark(apiVersionOf(def), def.kind, Math.max(lastRv, storage.cache.currentRevision)),
      );
  }, BOOKMARK_MS);
  bm.unref();

  if (rvParam === "" || rvParam === "0" || sendInitial) {
    const snap = storage.cache.list(keyPrefix);
    for (const o of snap.items) if (matches(o)) send("ADDED", o);
    lastRv = snap.revision;
    if (sendInitial) {
      write("BOOKMARK", bookmark(apiVersionOf(def), def.kind, snap.revision, true));
    }
    stop = storage.cache.subscribe(snap.revision, onEvent);
    return;
  }
  const from = Number(rvParam);
  lastRv = from;
  if (storage.cache.canReplayFrom(from)) {
    stop = storage.cache.subscribe(from, onEvent);
    return;
  }
  // Older than the cache: replay from storage itself, which knows what was compacted.
  try {
    const w = await api.store.watch(keyPrefix, { afterRevision: from }, (ev: WatchEvent) => {
      const obj = ev.type === "DELETE" ? (ev.prevKv ? decode(ev.prevKv) : undefined) : decode(ev.kv);
      if (!obj) return;
      if (ev.type === "DELETE") obj.metadata.resourceVersion = String(ev.kv.modRevision);
      const prev = ev.prevKv ? decode(ev.prevKv) : undefined;
      onEvent({
        type: ev.type === "DELETE" ? "DELETED" : ev.prevKv ? "MODIFIED" : "ADDED",
        revision: ev.kv.modRevision,
        key: ev.kv.key,
        object: obj,
        prev,
      });
    });
    stop = () => w.close();
    w.done.catch((err: unknown) => {
      if (err instanceof StoreError && err.code === "Compacted")
        write("ERROR", statusObject(410, "Expired", `too old resource version: ${from}`));
      finish();
    });
  } catch (err) {
    if (err instanceof StoreError && err.code === "Compacted") {
      write(
        "ERROR",
        statusObject(
          410,
          "Expired",
          `too old resource version: ${from} (${(err as { compactedRevision?: number }).compactedRevision ?? 0})`,
        ),
      );
      finish();
      return;
    }
    throw err;
  }
}

function bookmark(apiVersion: string, kind: string, rv: number, initialEnd = false): Record<string, unknown> {
  return {
    kind,
    apiVersion,
    metadata: {
      resourceVersion: String(rv),
      ...(initialEnd ? { annotations: { "k8s.io/initial-events-end": "true" } } : {}),
    },
  };
}
