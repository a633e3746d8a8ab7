/**
 * `head`, then `rows` separated by commas, then `]}`, written into one UTF-8 buffer: a JSON list
 * or Table whose rows are mostly JSON the watch cache already keeps as bytes (each row is its
 * parts in order), with no joining and re-encoding of megabytes of text.
 */
export function jsonArrayBytes(head: string, rows: readonly (readonly (string | Buffer)[])[]): Buffer {
  let size = Buffer.byteLength(head) + Math.max(0, rows.length - 1) + 2;
  for (const row of rows)
    for (const part of row) size += typeof part === "string" ? Buffer.byteLength(part) : part.length;
  const out = Buffer.allocUnsafe(size);
  let at = out.write(head);
  for (let i = 0; i < rows.length; i++) {
    if (i > 0) out[at++] = 0x2c; // ,
    for (const part of rows[i]!) {
      if (typeof part === "string") at += out.write(part, at);
      else {
        out.set(part, at);
        at += part.length;
      }
    }
  }
  out.write("]}", at);
  return out;
}
