import type { KeyValue } from "../types.js";
import type { RevisionState } from "./batch.js";
import { readRevision } from "./read.js";
import { type Statements, toKeyValue } from "./statements.js";

/** The key's newest row at the read revision, unless it is a tombstone. */
export function getKey(
  stmts: Statements,
  state: RevisionState,
  key: string,
  opts: { readonly revision?: number },
): { revision: number; kv?: KeyValue } {
  const revision = readRevision(state, opts.revision);
  const row = stmts.latestAt.get(key, revision);
  if (row === undefined || row.deleted === 1) return { revision };
  return { revision, kv: toKeyValue(row) };
}
