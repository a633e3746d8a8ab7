/**
 * Remembers, for pages handed out with a continue token, how many keys remain after them, so
 * the next page need not count them again. Sound because a page is read at a fixed revision and
 * a revision's content never changes (reads of compacted revisions fail before looking here).
 * Turns paging through N keys from O(N^2/limit) counting work into O(N).
 */
export class RemainingCounts {
  private readonly entries = new Map<string, number>();

  constructor(private readonly capacity = 1024) {}

  get(revision: number, prefix: string, afterKey: string): number | undefined {
    return this.entries.get(cacheKey(revision, prefix, afterKey));
  }

  set(revision: number, prefix: string, afterKey: string, remaining: number): void {
    if (this.entries.size >= this.capacity) {
      // Oldest first: a Map iterates in insertion order.
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    this.entries.set(cacheKey(revision, prefix, afterKey), remaining);
  }
}

function cacheKey(revision: number, prefix: string, afterKey: string): string {
  return `${revision}\0${prefix.length}\0${prefix}${afterKey}`;
}
