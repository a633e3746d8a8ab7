import type { Store } from "../types.js";

// Placeholder replaced by the etcd backend.
export async function openEtcdStore(_opts: unknown): Promise<Store> {
  throw new Error("not implemented");
}
