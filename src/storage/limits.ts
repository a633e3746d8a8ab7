import { InvalidError, MAX_VALUE_BYTES, TooLargeError } from "./types.js";

/** Refuses a write before it reaches a backend: empty keys and values over etcd's limit. */
export function checkWrite(key: string, value: string): void {
  if (key.length === 0) throw new InvalidError("key must not be empty");
  const bytes = Buffer.byteLength(value, "utf8");
  if (bytes > MAX_VALUE_BYTES) throw new TooLargeError(key, bytes);
}

/** Refuses TTLs that are not whole positive seconds. */
export function checkTtl(ttlSeconds: number | undefined): void {
  if (ttlSeconds === undefined) return;
  if (!Number.isInteger(ttlSeconds) || ttlSeconds <= 0) {
    throw new InvalidError(`ttlSeconds must be a positive integer, got ${ttlSeconds}`);
  }
}

/** The exclusive end of the key range covering every key that starts with `prefix`. */
export function prefixEnd(prefix: string): string {
  // Keys are compared as UTF-8 bytes; "\u{10FFFF}" sorts after every character used in keys.
  return prefix + "\u{10FFFF}";
}
