import type { Store } from "../types.js";

// Placeholder replaced by the sqlite backend.
export async function openSqliteStore(_opts: unknown): Promise<Store> {
  throw new Error("not implemented");
}
