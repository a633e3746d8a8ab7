/**
 * HTTP plumbing shared by every handler: body reading with limits, decoding of JSON/YAML
 * bodies into objects, content negotiation and writing JSON or Status responses. Works with
 * both `http` and `http2` compat requests.
 */
import type { IncomingHttpHeaders } from "node:http";
import { parse as parseYaml } from "yaml";
import { yamlTooDeep } from "./patch/json.js";
import { decodeProtobufBody, isProtobufMediaType, ProtobufDecodeError } from "./protobuf/index.js";
import { ApiError, errors } from "./status.js";

/** The request shape node:http's IncomingMessage and h2.ts's StreamRequest provide. */
export interface Req {
  readonly method?: string;
  readonly url?: string;
  readonly headers: IncomingHttpHeaders;
  readonly socket: unknown;
  readonly readableEnded?: boolean;
  readonly readableFlowing?: boolean | null;
  readonly destroyed?: boolean;
  on(event: "data", fn: (chunk: Buffer) => void): unknown;
  on(event: "end" | "close", fn: () => void): unknown;
  on(event: "error", fn: (err: unknown) => void): unknown;
  // biome-ignore lint/suspicious/noExplicitAny: the listener given to on()
  removeListener(event: "data" | "end" | "close" | "error", fn: (...args: any[]) => void): unknown;
  destroy?(err?: Error): void;
}

export interface Res {
  statusCode: number;
  setHeader(name: string, value: string | number | readonly string[]): unknown;
  getHeader(name: string): unknown;
  readonly headersSent: boolean;
  writeHead(code: number, headers?: Record<string, string | number>): unknown;
  /** Sends the headers now (HTTP/1.1 responses otherwise wait for the first body byte). */
  flushHeaders?(): void;
  write(chunk: string | Buffer, cb?: (err?: Error | null) => void): boolean;
  end(chunk?: string | Buffer): unknown;
  once(event: "drain" | "close", fn: () => void): unknown;
  readonly writableLength?: number;
  readonly destroyed?: boolean;
}

/** Request body limit, as kube-apiserver's 3 MiB. */
export const MAX_BODY_BYTES = 3 * 1024 * 1024;
/** A body still arriving after this long is refused (a slow or stuck client), as upstream's 60 s request timeout. */
export const BODY_TIMEOUT_MS = 60_000;
/** Deepest nesting accepted in a body: protects recursive code further on. */
export const MAX_DEPTH = 100;

/**
 * Reads a request body up to `limit` bytes. A larger body is read to its end and discarded
 * (up to a hard cap, past which the connection is dropped) so the client gets the 413 answer
 * instead of a reset connection.
 */
interface Deadline {
  readonly at: number;
  /** Dropped once the body is read (see readBody). */
  expire: (() => void) | undefined;
}

/**
 * Bodies being read, with their deadlines. One timer checks them every second: a timer per
 * request costs more than the whole check (deadlines are seconds, a second late is fine).
 */
const reading = new Set<Deadline>();
let deadlineTimer: NodeJS.Timeout | undefined;

function watchDeadline(d: Deadline): void {
  reading.add(d);
  if (deadlineTimer !== undefined) return;
  deadlineTimer = setInterval(() => {
    const now = Date.now();
    for (const e of reading) if (e.at <= now) e.expire?.();
    if (reading.size === 0) {
      clearInterval(deadlineTimer);
      deadlineTimer = undefined;
    }
  }, 1000);
}

export function readBody(req: Req, limit = MAX_BODY_BYTES, timeoutMs = BODY_TIMEOUT_MS): Promise<Buffer> {
  return new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let total = 0;
    const finish = (err?: unknown) => {
      reading.delete(deadline);
      // A Set with entries coming and going keeps its old hash tables, and whatever their
      // entries referenced, alive through young-generation collections until a full one.
      // Through this closure that was the whole request (measured on POSTs that fail at once:
      // 2.1 KB promoted to the old generation per request, 0.3 KB without it).
      deadline.expire = undefined;
      req.removeListener("data", onData);
      req.removeListener("end", onEnd);
      req.removeListener("error", onError);
      req.removeListener("close", onClose);
      if (err !== undefined) reject(err);
      else if (total > limit) reject(errors.tooLarge(limit));
      else resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks));
    };
    const onData = (c: Buffer) => {
      total += c.length;
      if (total <= limit) chunks.push(c);
      else if (total > limit * 4) {
        finish(errors.tooLarge(limit));
        req.destroy?.();
      }
    };
    const onEnd = () => finish();
    const onError = (e: unknown) => finish(e);
    // Closed before its end: the client went away (nobody gets the answer).
    const onClose = () => finish(errors.badRequest("the request was closed before its body ended"));
    const deadline: Deadline = {
      at: Date.now() + timeoutMs,
      expire: () => finish(errors.timeout(`the request body did not arrive within ${timeoutMs / 1000}s`)),
    };
    watchDeadline(deadline);
    if (req.readableEnded) {
      finish();
      return;
    }
    req.on("data", onData);
    req.on("end", onEnd);
    req.on("error", onError);
    req.on("close", onClose);
  });
}

/** Discards what is left of a request body (bounded), so an early error answer reaches the client. */
export async function drainBody(req: Req): Promise<void> {
  if (req.readableEnded || req.destroyed || req.readableFlowing) return;
  await readBody(req, MAX_BODY_BYTES, 5_000).catch(() => {});
}

const utf8 = new TextDecoder("utf-8", { fatal: true });

/** Decodes UTF-8 strictly: invalid bytes are a 400, not replacement characters. */
export function text(body: Buffer): string {
  try {
    return utf8.decode(body);
  } catch {
    throw errors.badRequest("the request body is not valid UTF-8");
  }
}

/** The media type of a Content-Type header, lower-cased, without parameters. */
export function mediaType(header: string | undefined): string {
  return (header ?? "").split(";")[0]!.trim().toLowerCase();
}

function depthOf(v: unknown): number {
  let max = 0;
  const stack: [unknown, number][] = [[v, 1]];
  while (stack.length) {
    const [x, d] = stack.pop()!;
    if (d > max) max = d;
    if (d > MAX_DEPTH) return d;
    if (x && typeof x === "object")
      for (const c of Object.values(x)) if (c && typeof c === "object") stack.push([c, d + 1]);
  }
  return max;
}

/** Parses a JSON or YAML body into a plain value, with upstream-like 400 messages. */
export function decodeBody(body: Buffer, contentType: string): unknown {
  if (isProtobufMediaType(contentType)) {
    try {
      return decodeProtobufBody(body);
    } catch (e) {
      if (e instanceof ProtobufDecodeError) throw errors.badRequest(e.message);
      throw e;
    }
  }
  const s = text(body);
  let v: unknown;
  if (contentType === "application/yaml" || contentType === "application/apply-patch+yaml") {
    // The YAML parser recurses per level: refuse deep nesting before it overflows the stack.
    if (yamlTooDeep(s)) throw errors.badRequest(`the request body is nested deeper than ${MAX_DEPTH} levels`);
    try {
      v = parseYaml(s, { maxAliasCount: 100 });
    } catch (e) {
      throw errors.badRequest(
        `error converting YAML to JSON: ${e instanceof Error ? e.message.split("\n")[0] : e}`,
      );
    }
  } else {
    try {
      v = JSON.parse(s);
    } catch (e) {
      throw errors.badRequest(
        `couldn't get version/kind; json parse error: ${e instanceof Error ? e.message : e}`,
      );
    }
    // Valid JSON: its nesting is read off the text, cheaper than walking the parsed value.
    if (jsonDepth(s) > MAX_DEPTH)
      throw errors.badRequest(`the request body is nested deeper than ${MAX_DEPTH} levels`);
    return v;
  }
  if (depthOf(v) > MAX_DEPTH)
    throw errors.badRequest(`the request body is nested deeper than ${MAX_DEPTH} levels`);
  return v;
}

/** The deepest nesting of objects and arrays in valid JSON text (stops counting past MAX_DEPTH). */
export function jsonDepth(s: string): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > max) {
        max = depth;
        if (max > MAX_DEPTH) return max;
      }
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return max;
}

export interface Negotiated {
  /** "Table", "PartialObjectMetadata", "PartialObjectMetadataList" or "" for the object itself. */
  readonly as: string;
}

/** What the client asked for in Accept. 406 when it accepts nothing we can produce. */
export function negotiate(accept: string | undefined): Negotiated {
  if (!accept) return { as: "" };
  let jsonOk = false;
  for (const raw of accept.split(",")) {
    const [type, ...params] = raw.split(";").map((p) => p.trim());
    const p = Object.fromEntries(params.map((x) => x.split("=").map((y) => y.trim()) as [string, string]));
    if (
      type !== "application/json" &&
      type !== "*/*" &&
      type !== "application/*" &&
      type !== "application/yaml"
    )
      continue;
    if (p.as) {
      if (p.g === "meta.k8s.io" && (p.v === "v1" || p.v === "v1beta1")) {
        if (p.as === "Table" || p.as === "PartialObjectMetadata" || p.as === "PartialObjectMetadataList") {
          return { as: p.as };
        }
      }
      continue;
    }
    jsonOk = true;
  }
  if (!jsonOk) throw errors.notAcceptable(["application/json", "application/yaml"]);
  return { as: "" };
}

/** Sends `body`: an object to encode, or JSON already encoded as text or bytes. */
export function sendJson(res: Res, code: number, body: unknown): void {
  // Encoded once: the length and the bytes from one pass over the text (lists are megabytes).
  const b = Buffer.isBuffer(body)
    ? body
    : Buffer.from(typeof body === "string" ? body : JSON.stringify(body));
  if (!res.headersSent) {
    res.statusCode = code;
    res.setHeader("Content-Type", "application/json");
    res.setHeader("Content-Length", b.length);
  }
  res.end(b);
}

export function sendError(res: Res, err: unknown): void {
  const e = err instanceof ApiError ? err : errors.internal(err instanceof Error ? err.message : String(err));
  if (res.headersSent) {
    res.end();
    return;
  }
  // As upstream's ErrorNegotiated: a Status that says when to retry says it in the header too.
  if (e.details?.retryAfterSeconds) res.setHeader("Retry-After", String(e.details.retryAfterSeconds));
  sendJson(res, e.code, e.toStatus());
}
