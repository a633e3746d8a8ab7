/**
 * The messages whose JSON form is not an object of their fields (meta/v1 Time and MicroTime,
 * resource.Quantity, intstr.IntOrString, named []string types), and the helpers the decoder
 * shares with them: error context and wire-type checks.
 */
import { ProtobufDecodeError } from "./errors.js";
import { Reader, type Span, WIRE_BYTES, WIRE_VARINT } from "./wire.js";

/** Where the decoder is: nesting depth and the JSON path of the value ("" at the object's root). */
export interface Context {
  readonly depth: number;
  readonly path: string;
}

export const utf8 = new TextDecoder("utf-8");

/** resource.Quantity {string = 1}: upstream parses it on decoding, so an empty message is "0". */
export function quantity(buf: Uint8Array, span: Span, ctx: Context): string {
  const { spans } = smallFields(buf, span, [WIRE_BYTES], ctx);
  if (!spans[1]) return "0";
  const s = text(buf, spans[1]);
  if (s === "") throw invalid(ctx, "an empty quantity");
  return s;
}

/** intstr.IntOrString {type = 1 (0 int, 1 string), intVal = 2, strVal = 3}: a number or a string. */
export function intOrString(buf: Uint8Array, span: Span, ctx: Context): number | string {
  const { numbers, spans } = smallFields(buf, span, [WIRE_VARINT, WIRE_VARINT, WIRE_BYTES], ctx);
  const type = numbers[1] ?? 0;
  if (type === 0) return (numbers[2] ?? 0) | 0;
  if (type === 1) return spans[3] ? text(buf, spans[3]) : "";
  throw invalid(ctx, `IntOrString type ${type} (0 is int, 1 is string)`);
}

/** A Go named []string type ({repeated string items = 1}): the array. */
export function stringArray(buf: Uint8Array, span: Span, ctx: Context): string[] {
  const items: string[] = [];
  located(ctx, () => {
    const r = new Reader(buf, span);
    while (!r.done) {
      const { number, wireType } = r.tag();
      if (number !== 1) r.skip(wireType);
      else {
        expectWireType(wireType, WIRE_BYTES, 1, ctx.path);
        items.push(text(buf, r.bytes()));
      }
    }
  });
  return items;
}

/**
 * The fields of the small helper messages (Timestamp, Quantity, IntOrString, RawExtension), whose
 * field N + 1 has wire type `wireTypes[N]`: the last value of each, varints as int64.
 */
export function smallFields(
  buf: Uint8Array,
  span: Span,
  wireTypes: readonly number[],
  ctx: Context,
): { numbers: Record<number, number>; spans: Record<number, Span> } {
  const numbers: Record<number, number> = {};
  const spans: Record<number, Span> = {};
  located(ctx, () => {
    const r = new Reader(buf, span);
    while (!r.done) {
      const { number, wireType } = r.tag();
      const expected = wireTypes[number - 1];
      if (expected === undefined) {
        r.skip(wireType);
        continue;
      }
      expectWireType(wireType, expected, number, ctx.path);
      if (expected === WIRE_VARINT) numbers[number] = r.int64();
      else spans[number] = r.bytes();
    }
  });
  return { numbers, spans };
}

// 0000-01-01T00:00:00Z and 9999-12-31T23:59:59Z: Go's JSON encoder refuses times outside them.
const MIN_SECONDS = -62167219200;
const MAX_SECONDS = 253402300799;

/**
 * meta/v1 Time and MicroTime ({seconds = 1, nanos = 2}). An empty message is the zero time (null in
 * JSON). Time drops the nanoseconds, as upstream's decoder does; MicroTime truncates them to
 * microseconds.
 */
export function time(buf: Uint8Array, span: Span, micro: boolean, ctx: Context): string | null {
  if (span.end === span.start) return null;
  const { numbers } = smallFields(buf, span, [WIRE_VARINT, WIRE_VARINT], ctx);
  let seconds = numbers[1] ?? 0;
  let micros = 0;
  if (micro && numbers[2] !== undefined) {
    const nanos = numbers[2] | 0;
    const truncated = nanos - (nanos % 1000);
    const carry = Math.floor(truncated / 1e9);
    seconds += carry;
    micros = (truncated - carry * 1e9) / 1000;
  }
  if (!(seconds >= MIN_SECONDS && seconds <= MAX_SECONDS)) {
    throw invalid(ctx, `a time of ${seconds} seconds, outside the years 0 to 9999`);
  }
  const base = new Date(seconds * 1000).toISOString().slice(0, 19);
  return micro ? `${base}.${String(micros).padStart(6, "0")}Z` : `${base}Z`;
}

export function text(buf: Uint8Array, span: Span): string {
  return utf8.decode(buf.subarray(span.start, span.end));
}

export function expectWireType(actual: number, expected: number, number: number, where: string): void {
  if (actual !== expected) {
    const err = new ProtobufDecodeError(
      "Malformed",
      `malformed protobuf: field ${number} of ${where || "the object"} has wire type ${actual}, expected ${expected}`,
    );
    locatedErrors.add(err);
    throw err;
  }
}

export function invalid(ctx: Context, what: string): ProtobufDecodeError {
  return new ProtobufDecodeError("InvalidValue", `${ctx.path || "the object"} holds ${what}`);
}

/** Errors the wire reader throws know a byte offset; this adds the JSON path they happened under. */
const locatedErrors = new WeakSet<Error>();
export function located(ctx: Context, read: () => void): void {
  try {
    read();
  } catch (err) {
    if (!(err instanceof ProtobufDecodeError) || locatedErrors.has(err) || err.code !== "Malformed")
      throw err;
    const at = new ProtobufDecodeError(err.code, `${err.message}${ctx.path ? ` (in ${ctx.path})` : ""}`);
    locatedErrors.add(at);
    throw at;
  }
}
