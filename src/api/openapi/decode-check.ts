import { deref, loadDefinitions, refName, type Schema } from "./schema.js";

/**
 * What upstream's decoder would say of a request body before anything else looks at it, found
 * in one walk of the body along the schema of `definition`:
 *
 * - `typeError`: the first value whose JSON type the Go type of its field cannot take, worded as
 *   Go's encoding/json words it, e.g. `json: cannot unmarshal string into Go struct field
 *   ServiceSpec.spec.selector of type map[string]string` (the struct holding the field, then
 *   the JSON names from the top, without list indexes or map keys). Upstream refuses such a
 *   body whatever fieldValidation says. `null` is always accepted (the field's zero value).
 *   With `style: "unstructured"` it is worded as upstream's unstructured converter words it
 *   (what a strategic merge patch's result goes through), e.g. `cannot restore map from string`.
 * - `unknown`: paths of the fields the schema does not declare, for `fieldValidation=Strict`
 *   (reject) and `Warn` (warn), written like upstream's strict decoder writes them: dotted,
 *   list items as `[index]`, map values as `.key`, e.g. `spec.containers[0].imagee`; upstream's
 *   message is `strict decoding error: unknown field "spec.containers[0].imagee"`.
 *
 * Map keys (labels, annotations, resource limits...) are data, never unknown fields; values
 * under `x-kubernetes-preserve-unknown-fields` (RawExtension, JSON) are not inspected. Nothing
 * is reported for an unknown definition. Paths come in document order.
 */
export interface DecodeCheck {
  readonly typeError?: string;
  readonly unknown: string[];
}

const INT_OR_STRING = "io.k8s.apimachinery.pkg.util.intstr.IntOrString";
const QUANTITY = "io.k8s.apimachinery.pkg.api.resource.Quantity";
const TIMES = new Set([
  "io.k8s.apimachinery.pkg.apis.meta.v1.Time",
  "io.k8s.apimachinery.pkg.apis.meta.v1.MicroTime",
]);
/** What resource.Quantity's UnmarshalJSON answers for a value that is neither a string nor a number. */
const QUANTITY_SYNTAX =
  "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";

/**
 * Go types that the OpenAPI schema only knows by their underlying type (named strings and maps),
 * by the struct and JSON name of the field, for the fields people get wrong most.
 */
const NAMED_TYPES: Readonly<Record<string, string>> = {
  "ServiceSpec.type": "v1.ServiceType",
  "ServiceSpec.externalTrafficPolicy": "v1.ServiceExternalTrafficPolicy",
  "ServiceSpec.sessionAffinity": "v1.ServiceAffinity",
  "ServicePort.protocol": "v1.Protocol",
  "ContainerPort.protocol": "v1.Protocol",
  "Container.imagePullPolicy": "v1.PullPolicy",
  "PodSpec.restartPolicy": "v1.RestartPolicy",
  "PodSpec.dnsPolicy": "v1.DNSPolicy",
  "ResourceRequirements.limits": "v1.ResourceList",
  "ResourceRequirements.requests": "v1.ResourceList",
  "PersistentVolumeSpec.capacity": "v1.ResourceList",
  "VolumeResourceRequirements.limits": "v1.ResourceList",
  "VolumeResourceRequirements.requests": "v1.ResourceList",
  "PersistentVolumeSpec.accessModes": "[]v1.PersistentVolumeAccessMode",
  "PersistentVolumeClaimSpec.accessModes": "[]v1.PersistentVolumeAccessMode",
  "HostPathVolumeSource.type": "*v1.HostPathType",
};

/** A definition's Go type as Go prints it: package name and type name ("v1.ServiceSpec"). */
function goTypeName(definition: string): string {
  return definition.split(".").slice(-2).join(".");
}

/** A definition's Go struct name without its package ("ServiceSpec"), as error contexts name it. */
function goStructName(definition: string): string {
  return definition.slice(definition.lastIndexOf(".") + 1);
}

/** The Go type a schema decodes into, as Go's errors print it. */
function goType(schema: Schema): string {
  const ref = schema.$ref === undefined ? undefined : refName(schema.$ref);
  if (ref !== undefined) return goTypeName(ref);
  switch (schema.type) {
    case "array":
      return `[]${schema.items ? goType(schema.items) : "interface {}"}`;
    case "object":
      return typeof schema.additionalProperties === "object"
        ? `map[string]${goType(schema.additionalProperties)}`
        : "map[string]interface {}";
    default:
      return scalarKind(schema);
  }
}

/** How Go's decoder names a JSON value's type in its errors. */
function jsonType(v: unknown): string {
  if (Array.isArray(v)) return "array";
  if (typeof v === "boolean") return "bool";
  return typeof v === "object" ? "object" : typeof v; // "string", "number"
}

const isMap = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

/** Whether a JSON number fits the integer type; if not, Go reports the number itself. */
function fitsInteger(n: number, format: string | undefined): boolean {
  if (!Number.isInteger(n)) return false;
  return format === "int64" ? Number.isSafeInteger(n) : n >= -(2 ** 31) && n < 2 ** 31;
}

/** Go's reflect.Kind of a JSON value as the unstructured converter holds it (integers are int64). */
function goKind(v: unknown): string {
  if (Array.isArray(v)) return "slice";
  if (typeof v === "object") return "map";
  if (typeof v === "number") return Number.isInteger(v) ? "int64" : "float64";
  return typeof v; // "string", "boolean" is not reached: see unstructuredMismatch
}

/** The Go type (and reflect.Kind) of a scalar schema. */
function scalarKind(schema: Schema): string {
  switch (schema.type) {
    case "integer":
      return schema.format === "int64" ? "int64" : "int32";
    case "number":
      return "float64";
    case "boolean":
      return "bool";
    default:
      return "string";
  }
}

/**
 * What upstream's unstructured converter (runtime.DefaultUnstructuredConverter) says when
 * `value` cannot go into a field of `schema`'s Go type `type`: structs, maps and slices name
 * the value's kind; a number of a kind Go could convert but JSON may not is "cannot convert";
 * anything else into a scalar is an "unrecognized type".
 */
function unstructuredMismatch(value: unknown, schema: Schema, type: string): string {
  const kind = typeof value === "boolean" ? "bool" : goKind(value);
  // []byte is a base64 string in JSON and a slice to the converter.
  if (schema.type === "array" || schema.format === "byte") return `cannot restore slice from ${kind}`;
  if (schema.type === "object" || schema.properties) {
    return schema.properties ? `cannot restore struct from: ${kind}` : `cannot restore map from ${kind}`;
  }
  const target = scalarKind(schema);
  // Go converts integers to strings (as runes) and floats to integers, so reflection lets
  // them through to the converter's own refusal; other pairs are not convertible at all.
  if ((kind === "int64" && target === "string") || (kind === "float64" && target.startsWith("int")))
    return `cannot convert ${kind} to ${type.replace(/^\*/, "")}`;
  return `unrecognized type: ${target}`;
}

/** How the walk treats a schema, worked out once per schema object (every body is walked). */
interface Node {
  /** The definition the schema refers to, if any; and its Go struct name. */
  readonly ref?: string;
  readonly structName?: string;
  /** The schema with its reference followed. */
  readonly s: Schema;
  /** Types that decode themselves (their UnmarshalJSON), and values not inspected at all. */
  readonly kind: "preserve" | "quantity" | "int-or-string" | "time" | "plain";
}

const nodes = new WeakMap<Schema, Node>();

function nodeOf(schema: Schema, defs: Readonly<Record<string, Schema>>): Node {
  let n = nodes.get(schema);
  if (n === undefined) {
    const ref = schema.$ref === undefined ? undefined : refName(schema.$ref);
    const s = deref(schema, defs);
    const kind = s["x-kubernetes-preserve-unknown-fields"]
      ? "preserve"
      : ref === QUANTITY
        ? "quantity"
        : ref === INT_OR_STRING || s["x-kubernetes-int-or-string"]
          ? "int-or-string"
          : ref !== undefined && TIMES.has(ref)
            ? "time"
            : "plain";
    n = { ref, structName: ref === undefined ? undefined : goStructName(ref), s, kind };
    nodes.set(schema, n);
  }
  return n;
}

/** The schema a body of `definition` is walked from (one per definition, so its node is kept). */
const roots = new Map<string, Schema>();

export function checkDecode(
  definition: string,
  obj: unknown,
  opts: { unknown: boolean; style?: "json" | "unstructured" },
): DecodeCheck {
  const defs = loadDefinitions();
  const unknown: string[] = [];
  let typeError: string | undefined;
  // The path so far, as keys (strings) and list indexes (numbers); written out only for an
  // unknown field (every request body is walked, few have one).
  const at: (string | number)[] = [];
  // Go's error context: the innermost struct being decoded and the JSON field names from the top.
  let struct = goStructName(definition);
  const fields: string[] = [];
  const pathWith = (key: string): string => {
    let p = "";
    for (const seg of at) p = typeof seg === "number" ? `${p}[${seg}]` : p === "" ? seg : `${p}.${seg}`;
    return p === "" ? key : `${p}.${key}`;
  };
  const fail = (message: string): void => {
    typeError ??= message;
  };
  // The Go type is worked out only for the message (every body is walked, few have an error):
  // `field` says the value is a struct field's own, whose named type (NAMED_TYPES) Go prints.
  const mismatch = (value: unknown, schema: Schema, field: boolean, number = false): void => {
    const type = (field && NAMED_TYPES[`${struct}.${fields[fields.length - 1]}`]) || goType(schema);
    if (opts.style === "unstructured") {
      fail(unstructuredMismatch(value, deref(schema, defs), type));
      return;
    }
    fail(
      `json: cannot unmarshal ${jsonType(value)}${number ? ` ${String(value)}` : ""} into Go struct field ${struct}.${fields.join(".")} of type ${type}`,
    );
  };
  const walk = (schema: Schema, value: unknown, field = false): void => {
    if (value === null || typeError !== undefined) return;
    const { s, kind, structName } = nodeOf(schema, defs);
    if (kind === "preserve") return;
    // Types that decode themselves (their UnmarshalJSON), and say so in their own words.
    if (kind === "quantity") {
      if (typeof value !== "string" && typeof value !== "number") fail(QUANTITY_SYNTAX);
      return;
    }
    if (kind === "int-or-string") {
      if (typeof value === "number" && !fitsInteger(value, "int32"))
        fail(`json: cannot unmarshal number ${value} into Go value of type int32`);
      else if (typeof value !== "string" && typeof value !== "number")
        fail(`json: cannot unmarshal ${jsonType(value)} into Go value of type int32`);
      return;
    }
    if (kind === "time") {
      if (typeof value !== "string")
        fail(`json: cannot unmarshal ${jsonType(value)} into Go value of type string`);
      return;
    }
    if (s.type === "array") {
      if (!Array.isArray(value)) {
        mismatch(value, schema, field);
        return;
      }
      if (!s.items) return;
      for (let i = 0; i < value.length; i++) {
        at.push(i);
        walk(s.items, value[i]);
        at.pop();
      }
      return;
    }
    if (s.type === "object" || s.properties) {
      if (!isMap(value)) {
        mismatch(value, schema, field);
        return;
      }
      const { properties, additionalProperties } = s;
      if (!properties) {
        if (additionalProperties && typeof additionalProperties === "object") {
          for (const key in value) {
            if (!Object.hasOwn(value, key)) continue;
            at.push(key);
            walk(additionalProperties, value[key]);
            at.pop();
          }
        } else if (additionalProperties === undefined && opts.unknown) {
          // A struct without fields (e.g. CustomResourceSubresourceStatus): anything in it is unknown.
          for (const key in value) if (Object.hasOwn(value, key)) unknown.push(pathWith(key));
        }
        return;
      }
      const outer = struct;
      if (structName !== undefined) struct = structName;
      for (const key in value) {
        if (!Object.hasOwn(value, key)) continue;
        if (!Object.hasOwn(properties, key)) {
          if (opts.unknown) unknown.push(pathWith(key));
          continue;
        }
        // The kind and version are read before decoding, with their own errors (see checkBody).
        if (fields.length === 0 && (key === "apiVersion" || key === "kind")) continue;
        at.push(key);
        fields.push(key);
        walk(properties[key]!, value[key], true);
        fields.pop();
        at.pop();
      }
      struct = outer;
      return;
    }
    switch (s.type) {
      case "string":
        if (typeof value !== "string") mismatch(value, schema, field);
        return;
      case "boolean":
        if (typeof value !== "boolean") mismatch(value, schema, field);
        return;
      case "number":
        if (typeof value !== "number") mismatch(value, schema, field);
        return;
      case "integer":
        if (typeof value !== "number") mismatch(value, schema, field);
        // The unstructured converter converts any whole number (Go's conversion wraps it).
        else if (opts.style === "unstructured" ? !Number.isInteger(value) : !fitsInteger(value, s.format))
          mismatch(value, schema, field, true);
        return;
    }
  };
  // A body that is not an object is refused before decoding (see checkBody).
  if (Object.hasOwn(defs, definition) && isMap(obj)) {
    let root = roots.get(definition);
    if (root === undefined) {
      root = { $ref: `#/definitions/${definition}` };
      roots.set(definition, root);
    }
    walk(root, obj);
  }
  return typeError === undefined ? { unknown } : { typeError, unknown };
}

/** Paths of the fields of `obj` that the schema of `definition` does not declare (see checkDecode). */
export function unknownFields(definition: string, obj: unknown): string[] {
  return checkDecode(definition, obj, { unknown: true }).unknown;
}
