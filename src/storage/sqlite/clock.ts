/** Time as the SQLite store sees it; injectable so tests control TTL expiry without sleeping. */
export interface Clock {
  /** Milliseconds since the Unix epoch. Expiry times are stored in the file in this unit. */
  now(): number;
  /**
   * Calls `fn` once after `ms` milliseconds. Returns a function that cancels the call.
   * The pending call must not keep the process alive.
   */
  setTimer(fn: () => void, ms: number): () => void;
}

/** setTimeout's limit; longer delays are re-armed when they fire. */
const MAX_DELAY_MS = 2 ** 31 - 1;

/** The wall clock and Node's timers. */
export const systemClock: Clock = {
  now: () => Date.now(),
  setTimer(fn, ms) {
    const t = setTimeout(fn, Math.min(Math.max(ms, 0), MAX_DELAY_MS));
    t.unref();
    return () => clearTimeout(t);
  },
};
