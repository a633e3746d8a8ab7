import { decodeContinue, encodeContinue } from "../continue.js";
import { prefixEnd } from "../limits.js";
import { InvalidError, type RangeOptions, type RangeResult } from "../types.js";
import type { RevisionState } from "./batch.js";
import type { RemainingCounts } from "./counts.js";
import { readRevision } from "./read.js";
import { itemKeyValue, type Statements } from "./statements.js";

/**
 * Live keys under `prefix` at one revision, in byte order (SQLite compares TEXT as UTF-8 bytes).
 * A continue token resumes after its last key at its revision. `count` covers the keys from this
 * page's start; it is counted only when the page is full (otherwise it is the page's length),
 * and for a continued page it is usually known from the previous one.
 */
export function rangeKeys(
  stmts: Statements,
  state: RevisionState,
  counts: RemainingCounts,
  prefix: string,
  opts: RangeOptions,
): RangeResult {
  const limit = opts.limit ?? 0;
  if (!Number.isInteger(limit) || limit < 0) {
    throw new InvalidError(`limit must be a non-negative integer, got ${limit}`);
  }
  let revision: number;
  let afterKey: string | undefined;
  if (opts.continue !== undefined) {
    const token = decodeContinue(opts.continue);
    if (!token.afterKey.startsWith(prefix)) {
      throw new InvalidError(`continue token is not for keys under ${JSON.stringify(prefix)}`);
    }
    revision = readRevision(state, token.revision);
    afterKey = token.afterKey;
  } else {
    revision = readRevision(state, opts.revision);
  }
  const params = { lo: afterKey ?? prefix, hi: prefixEnd(prefix), rev: revision };
  const count = () =>
    (afterKey !== undefined ? counts.get(revision, prefix, afterKey) : undefined) ??
    (afterKey !== undefined ? stmts.countAfter : stmts.countFrom).get(params) ??
    0;
  if (opts.countOnly) return { revision, items: [], more: false, count: count() };
  const rows = (afterKey !== undefined ? stmts.rangeAfter : stmts.rangeFrom).all({
    ...params,
    limit: limit > 0 ? limit : -1,
  });
  const items = rows.map(itemKeyValue);
  const total = limit > 0 && items.length === limit ? count() : items.length;
  if (total <= items.length) return { revision, items, more: false, count: total };
  const last = items[items.length - 1]!.key;
  counts.set(revision, prefix, last, total - items.length);
  return {
    revision,
    items,
    more: true,
    continue: encodeContinue({ revision, afterKey: last }),
    count: total,
  };
}
