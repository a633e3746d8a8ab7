/**
 * Decodes a request body in Kubernetes' protobuf encoding (what kubectl's typed clients send with
 * `Content-Type: application/vnd.kubernetes.protobuf`) into the JSON object the same client would
 * have sent with `Content-Type: application/json`.
 *
 * The encoding (apimachinery's runtime/serializer/protobuf): the 4 bytes `k8s\x00`, then a
 * runtime.Unknown message {typeMeta {apiVersion, kind} = 1, raw = 2, contentEncoding = 3,
 * contentType = 4} whose `raw` is the object's own message (k8s.io.api.apps.v1.Deployment, ...).
 *
 * "The same JSON" is Go's encoding/json of the Go object upstream decodes the message into, since
 * that is what a Go client writes. The Go encoder's writer (gogo-protobuf) writes every non-pointer
 * scalar, even when zero, so zero values are judged by the Go struct tags kept in the schema:
 *
 *   - a pointer field (`replicas *int32`, `automountServiceAccountToken *bool`,
 *     `storageClassName *string`) is set when present on the wire, so `0`, `false` and `""` stay;
 *   - a non-pointer scalar with `omitempty` is left out when zero (`"paused": false` is not sent);
 *     without `omitempty` its zero value stays (`"port": 0`, `"disruptionsAllowed": 0`);
 *   - a message field present on the wire is an object, even `{}` (`"status": {}`,
 *     `"resources": {}`), as Go writes structs whatever their tag;
 *   - meta/v1 Time and MicroTime: RFC 3339 strings, or null for the zero time, as Go writes
 *     them (`"creationTimestamp": null`);
 *   - IntOrString: a number or a string; present means set, so a zero `targetPort` is `0`
 *     (Go writes that too; Service defaulting treats 0 like unset, as upstream's does);
 *   - Quantity: its string; bytes: base64; RawExtension and FieldsV1: the JSON they hold (a raw
 *     object in the protobuf encoding is decoded in turn).
 *
 * One deliberate difference: an empty list or map is always left out, where Go writes `null` for a
 * nil slice or map without `omitempty`; for Kubernetes' API null and absent lists mean the same.
 * Fields this schema does not know (newer than it) are skipped, as upstream skips unknown fields.
 * int64 values past 2^53 lose precision, as JSON.parse of the JSON body would.
 */
import { ProtobufDecodeError } from "./errors.js";
import {
  type Context,
  expectWireType,
  intOrString,
  invalid,
  located,
  quantity,
  smallFields,
  stringArray,
  text,
  time,
  utf8,
} from "./forms.js";
import { type FieldInfo, type MessageInfo, messageForKind } from "./schema.js";
import { Reader, type Span, WIRE_BYTES, WIRE_VARINT } from "./wire.js";

/** The magic prefix of Kubernetes' protobuf encoding. */
const MAGIC = Uint8Array.of(0x6b, 0x38, 0x73, 0x00);

/**
 * How deep messages may nest. The schema's own types nest about 15 deep at most (a CronJob's
 * container's probe's HTTP headers); only objects embedded in RawExtension bytes can go further.
 */
export const MAX_DEPTH = 64;

export interface DecodeOptions {
  /**
   * apiVersion and kind to assume when the envelope leaves them empty (upstream takes them from
   * the request URL's resource). Envelope values win; kubectl always sends both.
   */
  readonly defaults?: { readonly apiVersion?: string; readonly kind?: string };
}

/** A decoded object: apiVersion and kind from the envelope, then the object's fields. */
export interface DecodedObject {
  readonly kind: string;
  readonly apiVersion: string;
  readonly [field: string]: unknown;
}

/**
 * Decodes a protobuf request body (see the module comment for the JSON it yields).
 * @throws ProtobufDecodeError for anything but a well-formed body of a kind in the schema; its
 *   `code` says which problem (NotProtobuf, Malformed, UnknownKind, ...).
 */
export function decodeProtobufBody(bytes: Uint8Array, options: DecodeOptions = {}): DecodedObject {
  return decodeEnvelope(bytes, { depth: 0, path: "" }, options);
}

function decodeEnvelope(bytes: Uint8Array, ctx: Context, options: DecodeOptions): DecodedObject {
  const where = ctx.path ? ` (in ${ctx.path})` : "";
  if (bytes.length === 0) throw new ProtobufDecodeError("NotProtobuf", `empty protobuf body${where}`);
  if (bytes.length < MAGIC.length || MAGIC.some((b, i) => bytes[i] !== b)) {
    throw new ProtobufDecodeError(
      "NotProtobuf",
      `body does not start with the Kubernetes protobuf prefix "k8s\\x00"${where}`,
    );
  }
  if (bytes.length === MAGIC.length) {
    throw new ProtobufDecodeError("Malformed", `protobuf body has a prefix but no object${where}`);
  }
  let apiVersion = "";
  let kind = "";
  let raw: Span = { start: 0, end: 0 };
  let contentEncoding = "";
  located(ctx, () => {
    const r = new Reader(bytes, { start: MAGIC.length, end: bytes.length });
    while (!r.done) {
      const { number, wireType } = r.tag();
      if (number >= 1 && number <= 4) expectWireType(wireType, WIRE_BYTES, number, "runtime.Unknown");
      switch (number) {
        case 1:
          ({ apiVersion, kind } = typeMeta(new Reader(bytes, r.bytes()), apiVersion, kind));
          break;
        case 2:
          raw = r.bytes();
          break;
        case 3:
          contentEncoding = text(bytes, r.bytes());
          break;
        default:
          r.skip(wireType);
      }
    }
  });
  apiVersion ||= options.defaults?.apiVersion ?? "";
  kind ||= options.defaults?.kind ?? "";
  if (!apiVersion || !kind) {
    throw new ProtobufDecodeError(
      "MissingKind",
      `protobuf body does not name its ${kind ? "apiVersion" : "kind"}${where}`,
      { apiVersion, kind },
    );
  }
  const type = { apiVersion, kind };
  if (contentEncoding) {
    throw new ProtobufDecodeError(
      "UnsupportedEncoding",
      `protobuf body of ${apiVersion}, Kind=${kind} has content encoding "${contentEncoding}"; none is supported${where}`,
      type,
    );
  }
  const message = messageForKind(apiVersion, kind);
  if (!message) {
    throw new ProtobufDecodeError(
      "UnknownKind",
      `no protobuf schema for apiVersion "${apiVersion}", kind "${kind}"${where}; send it as application/json`,
      type,
    );
  }
  try {
    return { kind, apiVersion, ...decodeMessage(bytes, raw, message, ctx) };
  } catch (err) {
    if (err instanceof ProtobufDecodeError && err.kind === undefined) {
      throw new ProtobufDecodeError(err.code, `${apiVersion}, Kind=${kind}: ${err.message}`, type);
    }
    throw err;
  }
}

function typeMeta(r: Reader, apiVersion: string, kind: string): { apiVersion: string; kind: string } {
  while (!r.done) {
    const { number, wireType } = r.tag();
    if (number === 1 || number === 2) {
      expectWireType(wireType, WIRE_BYTES, number, "runtime.TypeMeta");
      const value = text(r.buf, r.bytes());
      if (number === 1) apiVersion = value;
      else kind = value;
    } else {
      r.skip(wireType);
    }
  }
  return { apiVersion, kind };
}

/** Where a field's values collect while its message is read (fields may repeat on the wire). */
type Slot =
  /** A scalar; the last occurrence wins. */
  | { readonly kind: "scalar"; value: unknown }
  /** A singular message: proto merges repeated occurrences, i.e. decodes their concatenation. */
  | { readonly kind: "spans"; readonly spans: Span[] }
  | { readonly kind: "list"; readonly items: unknown[] }
  | { readonly kind: "map"; readonly entries: Map<string, unknown> };

function decodeMessage(
  buf: Uint8Array,
  span: Span,
  message: MessageInfo,
  ctx: Context,
): Record<string, unknown> {
  if (ctx.depth >= MAX_DEPTH) {
    throw new ProtobufDecodeError("TooDeep", `objects nest deeper than ${MAX_DEPTH} levels at ${ctx.path}`);
  }
  const slots = new Map<FieldInfo, Slot>();
  located(ctx, () => {
    const r = new Reader(buf, span);
    while (!r.done) {
      const { number, wireType } = r.tag();
      const field = message.byNumber.get(number);
      if (!field) {
        r.skip(wireType);
        continue;
      }
      readField(r, field, wireType, slots, ctx);
    }
  });

  const out: Record<string, unknown> = {};
  for (const field of message.fields) {
    const slot = slots.get(field);
    if (!slot) continue;
    const path = join(ctx.path, field.name);
    switch (slot.kind) {
      case "list":
        if (slot.items.length > 0) out[field.name] = slot.items;
        break;
      case "map":
        if (slot.entries.size > 0) out[field.name] = Object.fromEntries(slot.entries);
        break;
      case "spans": {
        const [merged, span] = concat(buf, slot.spans);
        const value = messageValue(merged, span, field.message!, { depth: ctx.depth + 1, path });
        if (field.inline) Object.assign(out, value);
        else out[field.name] = value;
        break;
      }
      case "scalar":
        if (field.pointer || field.keepZero || !isZero(slot.value)) out[field.name] = slot.value;
        break;
    }
  }
  return out;
}

function readField(
  r: Reader,
  field: FieldInfo,
  wireType: number,
  slots: Map<FieldInfo, Slot>,
  ctx: Context,
): void {
  const path = join(ctx.path, field.name);
  if (field.map) {
    expectWireType(wireType, WIRE_BYTES, field.number, path);
    const [key, value] = mapEntry(r.buf, r.bytes(), field, { depth: ctx.depth + 1, path });
    slotOf(slots, field, "map").entries.set(key, value);
    return;
  }
  const packable =
    field.repeated && (field.type === "int32" || field.type === "int64" || field.type === "bool");
  if (packable && wireType === WIRE_BYTES) {
    const packed = new Reader(r.buf, r.bytes());
    const items = slotOf(slots, field, "list").items;
    while (!packed.done) items.push(scalar(packed, field.type));
    return;
  }
  expectWireType(wireType, wireTypeOf(field), field.number, path);
  if (field.message && !field.repeated) {
    slotOf(slots, field, "spans").spans.push(r.bytes());
    return;
  }
  if (!field.repeated) {
    slots.set(field, { kind: "scalar", value: scalar(r, field.type) });
    return;
  }
  const items = slotOf(slots, field, "list").items;
  items.push(
    field.message
      ? messageValue(r.buf, r.bytes(), field.message, {
          depth: ctx.depth + 1,
          path: `${path}[${items.length}]`,
        })
      : scalar(r, field.type),
  );
}

/** The wire type a (non-packed) value of the field has: length-delimited or varint. */
function wireTypeOf(field: FieldInfo): number {
  return field.message || field.type === "string" || field.type === "bytes" ? WIRE_BYTES : WIRE_VARINT;
}

function slotOf<K extends "spans" | "list" | "map">(slots: Map<FieldInfo, Slot>, field: FieldInfo, kind: K) {
  let slot = slots.get(field);
  if (!slot) {
    slot =
      kind === "spans"
        ? { kind, spans: [] }
        : kind === "list"
          ? { kind, items: [] }
          : { kind: "map", entries: new Map() };
    slots.set(field, slot);
  }
  return slot as Extract<Slot, { kind: K }>;
}

function scalar(r: Reader, type: string): unknown {
  switch (type) {
    case "string":
      return text(r.buf, r.bytes());
    case "bytes": {
      const { start, end } = r.bytes();
      return Buffer.from(r.buf.buffer, r.buf.byteOffset + start, end - start).toString("base64");
    }
    case "bool":
      return r.bool();
    case "int32":
      return r.int32();
    default:
      return r.int64();
  }
}

function mapEntry(buf: Uint8Array, span: Span, field: FieldInfo, ctx: Context): [string, unknown] {
  const r = new Reader(buf, span);
  let key = "";
  let value: unknown;
  let valueSpan: Span | undefined;
  while (!r.done) {
    const { number, wireType } = r.tag();
    if (number === 1) {
      expectWireType(wireType, WIRE_BYTES, 1, `${ctx.path} key`);
      key = text(buf, r.bytes());
    } else if (number === 2) {
      if (field.message) {
        expectWireType(wireType, WIRE_BYTES, 2, `${ctx.path} value`);
        valueSpan = r.bytes();
      } else {
        expectWireType(wireType, wireTypeOf(field), 2, `${ctx.path} value`);
        value = scalar(r, field.type);
      }
    } else {
      r.skip(wireType);
    }
  }
  // A missing value is the type's zero value, as in Go.
  const path = `${ctx.path}[${JSON.stringify(key)}]`;
  if (field.message)
    return [key, messageValue(buf, valueSpan ?? { start: 0, end: 0 }, field.message, { ...ctx, path })];
  return [key, value ?? zeroOf(field.type)];
}

function zeroOf(type: string): unknown {
  return type === "string" || type === "bytes" ? "" : type === "bool" ? false : 0;
}

function isZero(value: unknown): boolean {
  return value === "" || value === false || value === 0;
}

/** A message-typed value: an object, or its special JSON form. */
function messageValue(buf: Uint8Array, span: Span, message: MessageInfo, ctx: Context): unknown {
  switch (message.special) {
    case undefined:
      return decodeMessage(buf, span, message, ctx);
    case "time":
    case "microTime":
      return time(buf, span, message.special === "microTime", ctx);
    case "quantity":
      return quantity(buf, span, ctx);
    case "intOrString":
      return intOrString(buf, span, ctx);
    case "stringArray":
      return stringArray(buf, span, ctx);
    case "rawJSON": {
      // RawExtension {raw = 1}, FieldsV1 {Raw = 1}
      const { spans } = smallFields(buf, span, [WIRE_BYTES], ctx);
      return spans[1] ? embedded(buf, spans[1], ctx) : null;
    }
  }
}

/** RawExtension / FieldsV1 bytes: an embedded protobuf object, or JSON. */
function embedded(buf: Uint8Array, span: Span, ctx: Context): unknown {
  const bytes = buf.subarray(span.start, span.end);
  if (bytes.length === 0) return null;
  if (MAGIC.every((b, i) => bytes[i] === b)) {
    return decodeEnvelope(bytes, { depth: ctx.depth + 1, path: ctx.path }, {});
  }
  try {
    return JSON.parse(utf8.decode(bytes));
  } catch (err) {
    throw invalid(ctx, `embedded data that is not JSON (${(err as Error).message})`);
  }
}

/**
 * A singular message field that occurs more than once is, in protobuf, the merge of the
 * occurrences: the same as decoding their bytes end to end. Kubernetes' clients write each once.
 */
function concat(buf: Uint8Array, spans: readonly Span[]): [Uint8Array, Span] {
  if (spans.length === 1) return [buf, spans[0]!];
  const parts = spans.map((s) => buf.subarray(s.start, s.end));
  const joined = Buffer.concat(parts);
  return [joined, { start: 0, end: joined.length }];
}

function join(path: string, name: string): string {
  return path ? `${path}.${name}` : name;
}
