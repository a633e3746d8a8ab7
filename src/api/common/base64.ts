/**
 * Base64 as Go's encoding/json reads `[]byte` fields (Secret data, ConfigMap binaryData):
 * standard alphabet with padding, CR and LF ignored. Errors carry Go's wording and byte offset.
 */

const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const decodeMap = new Map([...alphabet].map((c, i) => [c.charCodeAt(0), i]));
const CR = 13;
const LF = 10;
const PAD = 61;

/** Go's `illegal base64 data at input byte N` for malformed input, or undefined when it decodes. */
export function base64Error(s: string): string | undefined {
  const src = Buffer.from(s, "utf8");
  const fail = (at: number) => `illegal base64 data at input byte ${at}`;
  let si = 0;
  while (si < src.length) {
    let j = 0;
    for (; j < 4; j++) {
      if (si === src.length) {
        if (j === 0) return undefined;
        return fail(si - j);
      }
      const c = src[si]!;
      si++;
      if (decodeMap.has(c)) continue;
      if (c === LF || c === CR) {
        j--;
        continue;
      }
      if (c !== PAD) return fail(si - 1);
      if (j === 0 || j === 1) return fail(si - 1);
      if (j === 2) {
        while (si < src.length && (src[si] === LF || src[si] === CR)) si++;
        if (si === src.length) return fail(src.length);
        if (src[si] !== PAD) return fail(si - 1);
        si++;
      }
      while (si < src.length && (src[si] === LF || src[si] === CR)) si++;
      return si < src.length ? fail(si) : undefined;
    }
  }
  return undefined;
}

/** The number of bytes a valid base64 string decodes to. */
export function base64DecodedLength(s: string): number {
  return Buffer.from(s.replace(/[\r\n]/g, ""), "base64").length;
}
