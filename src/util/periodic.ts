import type { Logger } from "./log.js";

/**
 * Runs `fn` every `intervalMs`, never two runs at once (a slow run makes the next tick skip).
 * A run that throws is logged and retried on the next tick. Returns the stop function.
 */
export function every(intervalMs: number, log: Logger, what: string, fn: () => Promise<void>): () => void {
  let busy = false;
  const timer = setInterval(async () => {
    if (busy) return;
    busy = true;
    try {
      await fn();
    } catch (err) {
      log.warn(`${what} failed, retrying`, { error: String(err) });
    } finally {
      busy = false;
    }
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
