import { logger } from "../../util/log.js";
import type { Clock } from "./clock.js";
import { writeTombstone } from "./delete.js";
import type { Tx } from "./tx.js";

const log = logger("sqlite");

/** How long to wait before retrying expiry after the expiring write failed (ms). */
const RETRY_MS = 1000;

/**
 * The lease and absolute expiry time of a write with `ttlSeconds`. The lease id is the write's
 * revision (unique, non-zero); the expiry time is stored so it survives a restart.
 */
export function expiry(
  tx: Tx,
  revision: number,
  ttlSeconds: number | undefined,
): { lease: number; expiresAt: number | null } {
  if (ttlSeconds === undefined) return { lease: 0, expiresAt: null };
  const expiresAt = tx.now + ttlSeconds * 1000;
  tx.expiresAt(expiresAt);
  return { lease: revision, expiresAt };
}

/** Deletes every live key whose expiry time has passed, each with its own revision. */
export function expireOp(tx: Tx): number {
  const rows = tx.stmts.expired.all({ now: tx.now, rev: tx.revision });
  for (const row of rows) writeTombstone(tx, row);
  return rows.length;
}

export interface ExpirySweeperDeps {
  readonly clock: Clock;
  /** The earliest expiry time of a live key (ms), if any. */
  nextExpiry(): number | undefined;
  /** Runs expireOp in a write batch. */
  expire(): Promise<number>;
}

/** Keeps one timer armed for the earliest expiry time; when it fires, expired keys are deleted. */
export class ExpirySweeper {
  private cancel: (() => void) | undefined;
  private armedAt: number | undefined;
  private running = false;
  private stopped = false;

  constructor(private readonly deps: ExpirySweeperDeps) {}

  /** A committed write made a key expire at `ms`: fire then, if that is sooner than planned. */
  noteExpiry(ms: number): void {
    if (this.running || (this.armedAt !== undefined && this.armedAt <= ms)) return;
    this.arm(ms);
  }

  /** Looks up the earliest expiry and arms the timer for it. */
  reschedule(): void {
    const next = this.deps.nextExpiry();
    if (next === undefined) this.disarm();
    else this.arm(next);
  }

  stop(): void {
    this.stopped = true;
    this.disarm();
  }

  private arm(ms: number): void {
    if (this.stopped) return;
    this.disarm();
    this.armedAt = ms;
    this.cancel = this.deps.clock.setTimer(() => void this.fire(), ms - this.deps.clock.now());
  }

  private disarm(): void {
    this.cancel?.();
    this.cancel = undefined;
    this.armedAt = undefined;
  }

  private async fire(): Promise<void> {
    this.cancel = undefined;
    this.armedAt = undefined;
    if (this.stopped) return;
    this.running = true;
    let retry = false;
    try {
      const n = await this.deps.expire();
      if (n > 0) log.debug("expired keys", { count: n });
    } catch (err) {
      retry = true;
      log.warn("deleting expired keys failed; retrying", {
        error: err instanceof Error ? err.message : String(err),
      });
    } finally {
      this.running = false;
    }
    if (this.stopped) return;
    if (retry) this.arm(this.deps.clock.now() + RETRY_MS);
    else this.reschedule();
  }
}
