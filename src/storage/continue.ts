import { InvalidError } from "./types.js";

/** Where a paged range resumes: the revision of its first page and the last key returned. */
export interface ContinueToken {
  readonly revision: number;
  readonly afterKey: string;
}

/** Encodes a continue token (opaque to callers, base64url JSON). */
export function encodeContinue(t: ContinueToken): string {
  return Buffer.from(JSON.stringify({ r: t.revision, k: t.afterKey }), "utf8").toString("base64url");
}

/** Decodes a continue token; InvalidError when it was not made by encodeContinue. */
export function decodeContinue(token: string): ContinueToken {
  try {
    const o = JSON.parse(Buffer.from(token, "base64url").toString("utf8")) as { r?: unknown; k?: unknown };
    if (typeof o.r === "number" && Number.isInteger(o.r) && o.r > 0 && typeof o.k === "string") {
      return { revision: o.r, afterKey: o.k };
    }
  } catch {
    // fall through to the error below
  }
  throw new InvalidError("continue token is not valid");
}
