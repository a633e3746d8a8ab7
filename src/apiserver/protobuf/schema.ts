/**
 * The wire facts of the Kubernetes API messages: which message an apiVersion/kind is encoded as,
 * and each message's fields (number, JSON name, type, and the Go facts JSON encoding depends on).
 * They come from k8s-proto.json, generated from upstream's generated.proto and Go struct tags by
 * scripts/gen-k8s-proto.mjs; this module indexes it lazily, one message at a time.
 */
import table from "./k8s-proto.json" with { type: "json" };

/** One field of a message, as the decoder needs it. */
export interface FieldInfo {
  /** The JSON name; for an inline field, the proto name (its fields land in the parent). */
  readonly name: string;
  readonly number: number;
  /** "string", "bool", "int32", "int64", "bytes", or a message's full name. */
  readonly type: string;
  /** Message fields: the message; undefined for scalars. */
  readonly message: MessageInfo | undefined;
  readonly repeated: boolean;
  /** A map<string, type>: entries have key = 1, value = 2. */
  readonly map: boolean;
  /** An embedded Go struct: JSON flattens its fields into the parent object. */
  readonly inline: boolean;
  /** The Go field is a pointer: present on the wire means set, even to "", false or 0. */
  readonly pointer: boolean;
  /** The Go field has no omitempty: JSON carries its zero value. */
  readonly keepZero: boolean;
}

/** How a message turns into JSON when its fields are not simply an object. */
export type SpecialForm =
  /** meta/v1 Time: RFC 3339 in seconds, null when zero. */
  | "time"
  /** meta/v1 MicroTime: RFC 3339 with 6 fractional digits, null when zero. */
  | "microTime"
  /** resource.Quantity: its string. */
  | "quantity"
  /** intstr.IntOrString: a number or a string. */
  | "intOrString"
  /** runtime.RawExtension, meta/v1 FieldsV1: bytes holding a JSON document (or an embedded object). */
  | "rawJSON"
  /** A Go named []string type (authentication ExtraValue, ...): the array of field 1. */
  | "stringArray";

export interface MessageInfo {
  readonly name: string;
  readonly fields: readonly FieldInfo[];
  readonly byNumber: ReadonlyMap<number, FieldInfo>;
  readonly special: SpecialForm | undefined;
}

type FieldRow = [name: string, number: number, type: string, flags?: string];

interface Table {
  readonly source: Readonly<Record<string, string>>;
  readonly groupVersions: Readonly<
    Record<string, { readonly package: string; readonly kinds: readonly string[] }>
  >;
  readonly metaKinds: readonly string[];
  readonly arrays: readonly string[];
  readonly messages: Readonly<Record<string, readonly FieldRow[]>>;
}

const TABLE = table as unknown as Table;

const META = "k8s.io.apimachinery.pkg.apis.meta.v1";

const SPECIAL: ReadonlyMap<string, SpecialForm> = new Map<string, SpecialForm>([
  [`${META}.Time`, "time"],
  [`${META}.MicroTime`, "microTime"],
  [`${META}.FieldsV1`, "rawJSON"],
  ["k8s.io.apimachinery.pkg.runtime.RawExtension", "rawJSON"],
  ["k8s.io.apimachinery.pkg.api.resource.Quantity", "quantity"],
  ["k8s.io.apimachinery.pkg.util.intstr.IntOrString", "intOrString"],
  ...TABLE.arrays.map((name) => [name, "stringArray"] as const),
]);

const SCALARS = new Set(["string", "bool", "int32", "int64", "bytes"]);

const cache = new Map<string, MessageInfo>();

/** The message with this full name (e.g. "k8s.io.api.apps.v1.Deployment"), if the table has it. */
export function messageInfo(name: string): MessageInfo | undefined {
  const cached = cache.get(name);
  if (cached) return cached;
  if (!Object.hasOwn(TABLE.messages, name)) return undefined;
  const fields: FieldInfo[] = [];
  const byNumber = new Map<number, FieldInfo>();
  const info: MessageInfo = { name, fields, byNumber, special: SPECIAL.get(name) };
  // Cached before its fields resolve their types, so that a message may refer to itself.
  cache.set(name, info);
  for (const [fieldName, number, type, flags = ""] of TABLE.messages[name]!) {
    const field: FieldInfo = {
      name: fieldName,
      number,
      type,
      message: SCALARS.has(type) ? undefined : messageInfo(type),
      repeated: flags.includes("r"),
      map: flags.includes("m"),
      inline: flags.includes("i"),
      pointer: flags.includes("p"),
      keepZero: flags.includes("k"),
    };
    if (!SCALARS.has(type) && !field.message)
      throw new Error(`k8s-proto.json: ${name} refers to missing ${type}`);
    fields.push(field);
    byNumber.set(number, field);
  }
  return info;
}

/**
 * The message an object of this apiVersion and kind is encoded as: the kinds each group version
 * registers, and the meta/v1 options kinds (DeleteOptions, ...) under any of them or meta.k8s.io/v1.
 */
export function messageForKind(apiVersion: string, kind: string): MessageInfo | undefined {
  const gv = Object.hasOwn(TABLE.groupVersions, apiVersion) ? TABLE.groupVersions[apiVersion] : undefined;
  if (gv?.kinds.includes(kind)) return messageInfo(`${gv.package}.${kind}`);
  if ((gv || apiVersion === "meta.k8s.io/v1") && TABLE.metaKinds.includes(kind)) {
    return messageInfo(`${META}.${kind}`);
  }
  return undefined;
}

/** The apiVersions whose kinds can be decoded, for error messages and discovery of support. */
export function supportedGroupVersions(): readonly string[] {
  return Object.keys(TABLE.groupVersions);
}
