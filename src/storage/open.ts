import { join } from "node:path";
import { UserError } from "../util/errors.js";
import { type CompactorOptions, startCompactor } from "./compactor.js";
import type { DiskObserver, Store } from "./types.js";

export interface OpenStoreOptions {
  /** `--datastore-endpoint`: empty for the embedded SQLite file, `http(s)://` or `etcd://` for etcd. */
  readonly endpoint?: string;
  /** `--data-dir`: where the SQLite file lives. */
  readonly dataDir: string;
  /** Automatic compaction; `false` turns it off. */
  readonly compaction?: CompactorOptions | false;
  /** Makes what is told the embedded store's disk latencies; not called for etcd (it keeps its own). */
  readonly diskObserver?: () => DiskObserver;
}

/** Opens the store the endpoint names (chosen by URL scheme) and starts its compactor. */
export async function openStore(opts: OpenStoreOptions): Promise<Store> {
  const endpoint = opts.endpoint ?? "";
  let store: Store;
  if (endpoint === "" || endpoint.startsWith("sqlite://")) {
    const file = endpoint === "" ? join(opts.dataDir, "db", "state.db") : endpoint.slice("sqlite://".length);
    // Backends load on demand: the etcd client (gRPC) is heavy to load when unused.
    const { openSqliteStore } = await import("./sqlite/index.js");
    store = await openSqliteStore({ file, observer: opts.diskObserver?.() });
  } else if (/^(https?|etcd):\/\//.test(endpoint)) {
    const endpoints = endpoint.split(",").map((e) => e.replace(/^etcd:\/\//, "http://"));
    const { openEtcdStore } = await import("./etcd/index.js");
    store = await openEtcdStore({ endpoints });
  } else {
    throw new UserError(
      `--datastore-endpoint ${JSON.stringify(endpoint)}: unsupported scheme (use sqlite://FILE, http://HOST:PORT or etcd://HOST:PORT)`,
    );
  }
  if (opts.compaction === false) return store;
  const stop = startCompactor(store, opts.compaction);
  const close = store.close.bind(store);
  return Object.assign(store, {
    close: async () => {
      stop();
      await close();
    },
  });
}
