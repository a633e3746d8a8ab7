/**
 * The swagger 2.0 document in protobuf form: what kubectl asks /openapi/v2 for
 * (`Accept: application/com.github.proto-openapi.spec.v2@v1.0+protobuf`). kubectl parses only
 * this form of v2 (it has no JSON fallback), and uses v2 for `kubectl explain
 * --output=plaintext-openapiv2` and when OpenAPI v3 cannot answer (e.g. strategic merge patches
 * of kinds without a schema).
 *
 * The message is gnostic's `openapi.v2.Document` (github.com/google/gnostic-models,
 * openapiv2/OpenAPIv2.proto); this encoder writes the subset of it that `openapiV2()` produces,
 * with the field numbers of that file. Vendor extensions are carried as YAML (JSON is YAML),
 * as gnostic does.
 */
import type { ResourceDef } from "../types.js";
import { openapiV2 } from "./v2.js";

/**
 * Content-Type to answer the protobuf document with. kubectl asks with the older
 * `...spec.v2@v1.0+protobuf` (which upstream also accepts), but Go's media type parser rejects
 * the `@` in a response, so upstream answers with this spelling.
 */
export const OPENAPI_V2_PROTOBUF = "application/com.github.proto-openapi.spec.v2.v1.0+protobuf";

const encoded = new WeakMap<object, Uint8Array>();

/** `openapiV2(resources)` encoded as gnostic's openapi.v2.Document protobuf (cached). */
export function openapiV2Protobuf(resources: readonly ResourceDef[]): Uint8Array {
  const doc = openapiV2(resources);
  let bytes = encoded.get(doc);
  if (!bytes) {
    bytes = document(doc as JsonObject);
    encoded.set(doc, bytes);
  }
  return bytes;
}

type Json = string | number | boolean | null | Json[] | JsonObject;
interface JsonObject {
  readonly [key: string]: Json;
}

// --- protobuf wire format ---------------------------------------------------------------

function varint(n: number): number[] {
  const out: number[] = [];
  while (n > 0x7f) {
    out.push((n & 0x7f) | 0x80);
    n = Math.floor(n / 128);
  }
  out.push(n);
  return out;
}

function bytesField(field: number, payload: Uint8Array): Uint8Array {
  const head = Uint8Array.from([...varint((field << 3) | 2), ...varint(payload.length)]);
  return Buffer.concat([head, payload]);
}

function str(field: number, value: Json | undefined): Uint8Array[] {
  return typeof value === "string" && value !== "" ? [bytesField(field, Buffer.from(value, "utf8"))] : [];
}

function strs(field: number, values: Json | undefined): Uint8Array[] {
  return Array.isArray(values) ? values.flatMap((v) => str(field, v)) : [];
}

/** A bool field; proto3 omits false unless it is a oneof member (`always`). */
function bool(field: number, value: Json | undefined, always = false): Uint8Array[] {
  if (typeof value !== "boolean" || (!value && !always)) return [];
  return [Uint8Array.from([...varint(field << 3), value ? 1 : 0])];
}

function msg(field: number, parts: Uint8Array[]): Uint8Array[] {
  return [bytesField(field, Buffer.concat(parts))];
}

// --- openapi.v2 messages ---------------------------------------------------------------

const isObject = (v: Json | undefined): v is JsonObject =>
  typeof v === "object" && v !== null && !Array.isArray(v);
const entries = (v: Json | undefined): [string, Json][] => (isObject(v) ? Object.entries(v) : []);

/** Document: swagger 1, info 2, paths 8, definitions 9, security 12, security_definitions 13. */
function document(d: JsonObject): Uint8Array {
  const info = isObject(d.info) ? d.info : {};
  return Buffer.concat([
    ...str(1, d.swagger),
    ...msg(2, [...str(1, info.title), ...str(2, info.version)]),
    ...msg(
      8,
      entries(d.paths).flatMap(([name, item]) => msg(2, [...str(1, name), ...msg(2, pathItem(item))])),
    ),
    ...msg(
      9,
      entries(d.definitions).flatMap(([name, s]) => msg(1, [...str(1, name), ...msg(2, schema(s))])),
    ),
    ...(Array.isArray(d.security) ? d.security : []).flatMap((req) =>
      msg(
        12,
        entries(req).flatMap(([name, scopes]) => msg(1, [...str(1, name), ...msg(2, strs(1, scopes))])),
      ),
    ),
    ...msg(
      13,
      entries(d.securityDefinitions).flatMap(([name, def]) =>
        msg(1, [
          ...str(1, name),
          // SecurityDefinitionsItem.api_key_security 2: type 1, name 2, in 3, description 4.
          ...msg(
            2,
            msg(
              2,
              isObject(def)
                ? [...str(1, def.type), ...str(2, def.name), ...str(3, def.in), ...str(4, def.description)]
                : [],
            ),
          ),
        ]),
      ),
    ),
  ]);
}

const OPERATION_FIELDS: Readonly<Record<string, number>> = {
  get: 2,
  put: 3,
  post: 4,
  delete: 5,
  options: 6,
  head: 7,
  patch: 8,
};

/** PathItem: get 2, put 3, post 4, delete 5, patch 8, parameters 9. */
function pathItem(item: Json): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (const [key, value] of entries(item)) {
    if (OPERATION_FIELDS[key] !== undefined) out.push(...msg(OPERATION_FIELDS[key], operation(value)));
  }
  if (isObject(item)) out.push(...parameters(9, item.parameters));
  return out;
}

/** Operation: tags 1, description 3, operation_id 5, produces 6, consumes 7, parameters 8, responses 9, schemes 10, vendor_extension 13. */
function operation(op: Json): Uint8Array[] {
  if (!isObject(op)) return [];
  return [
    ...strs(1, op.tags),
    ...str(3, op.description),
    ...str(5, op.operationId),
    ...strs(6, op.produces),
    ...strs(7, op.consumes),
    ...parameters(8, op.parameters),
    ...msg(
      9,
      entries(op.responses).flatMap(([code, r]) =>
        // NamedResponseValue{name 1, value 2: ResponseValue{response 1: Response{description 1, schema 2: SchemaItem{schema 1}}}}
        msg(1, [
          ...str(1, code),
          ...msg(
            2,
            msg(
              1,
              isObject(r)
                ? [...str(1, r.description), ...(isObject(r.schema) ? msg(2, msg(1, schema(r.schema))) : [])]
                : [],
            ),
          ),
        ]),
      ),
    ),
    ...strs(10, op.schemes),
    ...extensions(13, op),
  ];
}

/** repeated ParametersItem{parameter 1: Parameter{body_parameter 1 | non_body_parameter 2}}. */
function parameters(field: number, list: Json | undefined): Uint8Array[] {
  if (!Array.isArray(list)) return [];
  return list.flatMap((p) => {
    if (!isObject(p)) return [];
    if (p.in === "body") {
      // BodyParameter: description 1, name 2, in 3, required 4, schema 5.
      const body = [
        ...str(1, p.description),
        ...str(2, p.name),
        ...str(3, p.in),
        ...bool(4, p.required),
        ...(isObject(p.schema) ? msg(5, schema(p.schema)) : []),
      ];
      return msg(field, msg(1, msg(1, body)));
    }
    // NonBodyParameter: query_parameter_sub_schema 3 (type 6, unique_items 20) or
    // path_parameter_sub_schema 4 (type 5, unique_items 19); both: required 1, in 2, description 3, name 4.
    const inPath = p.in === "path";
    const sub = [
      ...bool(1, p.required),
      ...str(2, p.in),
      ...str(3, p.description),
      ...str(4, p.name),
      ...str(inPath ? 5 : 6, p.type),
      ...bool(inPath ? 19 : 20, p.uniqueItems),
    ];
    return msg(field, msg(1, msg(2, msg(inPath ? 4 : 3, sub))));
  });
}

/**
 * Schema: _ref 1, format 2, description 4, default 5, required 19, enum 20,
 * additional_properties 21, type 22, items 23, all_of 24, properties 25, vendor_extension 31.
 */
function schema(s: Json): Uint8Array[] {
  if (!isObject(s)) return [];
  const out: Uint8Array[] = [...str(1, s.$ref), ...str(2, s.format), ...str(4, s.description)];
  if (s.default !== undefined) out.push(...msg(5, anyYaml(s.default)));
  out.push(...strs(19, s.required));
  if (Array.isArray(s.enum)) for (const v of s.enum) out.push(...msg(20, anyYaml(v)));
  if (isObject(s.additionalProperties)) out.push(...msg(21, msg(1, schema(s.additionalProperties))));
  else if (typeof s.additionalProperties === "boolean")
    out.push(...msg(21, bool(2, s.additionalProperties, true)));
  if (typeof s.type === "string") out.push(...msg(22, str(1, s.type)));
  if (isObject(s.items)) out.push(...msg(23, msg(1, schema(s.items))));
  if (Array.isArray(s.allOf)) for (const sub of s.allOf) out.push(...msg(24, schema(sub)));
  if (isObject(s.properties)) {
    out.push(
      ...msg(
        25,
        entries(s.properties).flatMap(([name, p]) => msg(1, [...str(1, name), ...msg(2, schema(p))])),
      ),
    );
  }
  out.push(...extensions(31, s));
  return out;
}

/** Any{yaml 2}. */
function anyYaml(value: Json): Uint8Array[] {
  return str(2, JSON.stringify(value));
}

/** repeated NamedAny{name 1, value 2: Any} for every `x-` key. */
function extensions(field: number, o: JsonObject): Uint8Array[] {
  return Object.entries(o)
    .filter(([k]) => k.startsWith("x-"))
    .flatMap(([k, v]) => msg(field, [...str(1, k), ...msg(2, anyYaml(v))]));
}
