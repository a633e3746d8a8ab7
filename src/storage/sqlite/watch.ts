import { logger } from "../../util/log.js";
import { prefixEnd } from "../limits.js";
import { CompactedError, type KeyValue, type WatchEvent, type Watcher } from "../types.js";
import type { RevisionState } from "./batch.js";
import { type HistoryRow, type Statements, toKeyValue, tombstoneKeyValue } from "./statements.js";

const log = logger("sqlite");

/** History rows read per step of a replay; the loop gets a turn between steps. */
const REPLAY_PAGE = 256;

/** A key's first four path segments' prefix ("/registry/core/pods/"), or undefined when shorter. */
function rootOf(key: string): string | undefined {
  let at = -1;
  for (let i = 0; i < 4; i++) {
    at = key.indexOf("/", at + 1);
    if (at < 0) return undefined;
  }
  return key.slice(0, at + 1);
}

/**
 * Watches, fed by the write path in this process (never by polling the table).
 *
 * A new watch first replays history rows (afterRevision, R] from the table, where R was the
 * last dispatched (acknowledged) revision when it was registered, page by page; events
 * dispatched meanwhile (> R) wait in its queue and follow the replay. Once caught up, events
 * are delivered synchronously as each commit is acknowledged. Every event is delivered once,
 * in revision order, with no gap.
 */
export class WatchHub {
  private readonly watchers = new Set<HubWatcher>();
  /** Watchers by the root of their prefix, so an event is offered only to those it can match. */
  private readonly byRoot = new Map<string, Set<HubWatcher>>();
  /** Watchers whose prefix is shorter than a root: offered every event. */
  private readonly broad = new Set<HubWatcher>();

  /** The latest revision whose events were dispatched (history beyond it is not yet acknowledged). */
  private dispatched: number;

  constructor(
    private readonly stmts: Statements,
    private readonly state: RevisionState,
  ) {
    this.dispatched = state.revision;
  }

  /** Registers a watch; the caller has checked afterRevision against compaction. */
  add(
    prefix: string,
    afterRevision: number,
    handler: (ev: WatchEvent) => void,
    onProgress?: (revision: number) => void,
  ): Watcher {
    const source: WatchSource = {
      history: (after, upTo) => {
        if (this.state.compacted > after) {
          throw new CompactedError(after, this.state.compacted, this.state.revision);
        }
        return this.stmts.history.all({ after, upTo, lo: prefix, hi: prefixEnd(prefix), limit: REPLAY_PAGE });
      },
      remove: (w) => {
        this.watchers.delete(w);
        const root = rootOf(prefix);
        if (root === undefined) this.broad.delete(w);
        else {
          const set = this.byRoot.get(root);
          set?.delete(w);
          if (set?.size === 0) this.byRoot.delete(root);
        }
      },
    };
    const w = new HubWatcher(source, prefix, afterRevision, this.dispatched, handler, onProgress);
    this.watchers.add(w);
    const root = rootOf(prefix);
    if (root === undefined) this.broad.add(w);
    else {
      let set = this.byRoot.get(root);
      if (!set) {
        set = new Set();
        this.byRoot.set(root, set);
      }
      set.add(w);
    }
    setImmediate(() => w.replay());
    return w;
  }

  /** Delivers one acknowledged batch's events (in revision order); the store is now at `revision`. */
  dispatch(events: readonly WatchEvent[], revision: number): void {
    this.dispatched = revision;
    if (this.watchers.size === 0) return;
    for (const ev of events) {
      const root = rootOf(ev.kv.key);
      const matching = root === undefined ? undefined : this.byRoot.get(root);
      if (matching) for (const w of matching) w.offer(ev);
      for (const w of this.broad) w.offer(ev);
    }
    for (const w of this.watchers) w.progress(revision);
  }

  /** Ends every watch (their `done` resolves). */
  closeAll(): void {
    for (const w of [...this.watchers]) w.close();
  }
}

/** What a watcher needs from its hub. */
interface WatchSource {
  /** A page of history rows (after, upTo] under the prefix; CompactedError once they are gone. */
  history(after: number, upTo: number): HistoryRow[];
  /** Stops dispatching to `w`. */
  remove(w: HubWatcher): void;
}

class HubWatcher implements Watcher {
  readonly done: Promise<void>;
  private resolveDone!: () => void;
  private rejectDone!: (err: unknown) => void;
  /** Revision of the last event delivered (or known not to match). */
  private cursor: number;
  /** Live events that arrived during the replay. */
  private pending: WatchEvent[] = [];
  private live = false;
  private closed = false;

  constructor(
    private readonly source: WatchSource,
    private readonly prefix: string,
    afterRevision: number,
    private readonly replayTo: number,
    private readonly handler: (ev: WatchEvent) => void,
    private readonly onProgress?: (revision: number) => void,
  ) {
    this.cursor = afterRevision;
    this.done = new Promise<void>((resolve, reject) => {
      this.resolveDone = resolve;
      this.rejectDone = reject;
    });
    // A watch that ends by failing is reported through `done`; nobody listening is not a crash.
    this.done.catch(() => {});
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.pending = [];
    this.source.remove(this);
    this.resolveDone();
  }

  offer(ev: WatchEvent): void {
    if (this.closed || !ev.kv.key.startsWith(this.prefix)) return;
    if (this.live) this.deliver(ev);
    else this.pending.push(ev);
  }

  /** Every change up to `revision` was dispatched: reported once this watcher has delivered them. */
  progress(revision: number): void {
    if (this.live && !this.closed) this.onProgress?.(revision);
  }

  /** One replay step; re-schedules itself until caught up, then goes live. */
  replay(): void {
    if (this.closed) return;
    if (this.cursor < this.replayTo) {
      let rows: HistoryRow[];
      try {
        rows = this.source.history(this.cursor, this.replayTo);
      } catch (err) {
        this.fail(err);
        return;
      }
      for (const row of rows) {
        if (this.closed) return;
        this.deliver(historyEvent(row));
      }
      if (rows.length === REPLAY_PAGE) {
        setImmediate(() => this.replay());
        return;
      }
      this.cursor = Math.max(this.cursor, this.replayTo);
    }
    const queued = this.pending;
    this.pending = [];
    for (const ev of queued) {
      if (this.closed) return;
      this.deliver(ev);
    }
    this.live = true;
    this.onProgress?.(Math.max(this.cursor, this.replayTo));
  }

  private deliver(ev: WatchEvent): void {
    const rev = ev.kv.modRevision;
    if (rev <= this.cursor) return;
    this.cursor = rev;
    try {
      this.handler(ev);
    } catch (err) {
      log.error("watch handler threw; it must not", {
        error: err instanceof Error ? err.message : String(err),
      });
    }
  }

  private fail(err: unknown): void {
    if (this.closed) return;
    this.closed = true;
    this.pending = [];
    this.source.remove(this);
    this.rejectDone(err);
  }
}

function historyEvent(r: HistoryRow): WatchEvent {
  const prevKv: KeyValue | undefined =
    r.p_id === null
      ? undefined
      : {
          key: r.name,
          value: r.p_value!,
          createRevision: r.p_create_revision!,
          modRevision: r.p_id,
          version: r.p_version!,
          lease: r.p_lease!,
        };
  if (r.deleted === 1) return { type: "DELETE", kv: tombstoneKeyValue(r.name, r.id), prevKv };
  return prevKv === undefined
    ? { type: "PUT", kv: toKeyValue(r) }
    : { type: "PUT", kv: toKeyValue(r), prevKv };
}
