/**
 * The schema of an object as the patch algorithms need it: what each field is (struct, map,
 * list, scalar), how lists merge (patch strategy and merge key for strategic merge patch;
 * list type and map keys for server-side apply) and which maps are atomic.
 *
 * Built lazily from OpenAPI v2 definitions (`{"$ref": "#/definitions/<name>"}`, `properties`,
 * `items`, `additionalProperties` and the `x-kubernetes-*` extensions), the way upstream's
 * strategic patch meta and structured-merge-diff schema are built from kube-openapi.
 */
import { type Definitions, type Resolved, resolveRef, type Schema } from "../../api/openapi/index.js";

/** An OpenAPI schema object (api/openapi's, which the served definitions are). */
export type OpenAPISchema = Schema;

/** Definition name ("io.k8s.api.core.v1.Pod") -> schema. */
export type OpenAPIDefinitions = Definitions;

/**
 * - struct: declared properties; map: any keys, one value schema; list; scalar;
 * - atomic: an opaque value replaced as a whole (`type: object` without properties);
 * - deduced: no schema (custom resources without one, preserve-unknown-fields): maps merge key
 *   by key, lists are atomic.
 */
export type NodeType = "struct" | "map" | "list" | "scalar" | "atomic" | "deduced";

/**
 * What a scalar holds, as structured-merge-diff's schema conversion (kube-openapi schemaconv)
 * says: integer and number are numeric, boolean is boolean, a string without a format (or
 * format byte) is a string, and any other string format (int-or-string, date-time, quantity)
 * is untyped, which takes any scalar.
 */
export type ScalarKind = "numeric" | "string" | "boolean" | "untyped";

/** One field, list or map of a schema. Lookups are cheap and cached. */
export interface SchemaNode {
  readonly type: NodeType;
  /** scalar: what it holds. */
  readonly scalar?: ScalarKind;
  /** Definition name when this node is a named type (for messages). */
  readonly name?: string;
  /** struct: whether undeclared fields are allowed (they are deduced). */
  readonly open: boolean;
  /** struct: the declared field or undefined; map: the value schema; atomic/deduced: itself. */
  field(name: string): SchemaNode | undefined;
  /** Whether `name` is a declared field of this struct (not a map key, not an open field). */
  declares(name: string): boolean;
  /** list: the item schema; atomic/deduced: itself. */
  items(): SchemaNode | undefined;
  /** `x-kubernetes-patch-strategy` of this field, e.g. "merge" or "merge,retainKeys". */
  readonly patchStrategy?: string;
  /** `x-kubernetes-patch-merge-key` of this field. */
  readonly patchMergeKey?: string;
  /** `x-kubernetes-list-type`: "atomic", "set" or "map". */
  readonly listType?: string;
  /** `x-kubernetes-list-map-keys`. */
  readonly listMapKeys?: readonly string[];
  /** `x-kubernetes-map-type`: "atomic" or "granular". */
  readonly mapType?: string;
  /** The field's default value, used for list map keys an item leaves out. */
  readonly default?: unknown;
  /** struct: its required fields (Go fields without omitempty). */
  readonly required?: readonly string[];
}

class FixedNode implements SchemaNode {
  readonly open = true;
  constructor(readonly type: "atomic" | "deduced") {}
  field(): SchemaNode {
    return this;
  }
  declares(): boolean {
    return false;
  }
  items(): SchemaNode {
    return this;
  }
}

/** The schema of anything without one: maps merge by key, lists are atomic. */
export const DEDUCED: SchemaNode = new FixedNode("deduced");
/** An opaque value. */
export const ATOMIC: SchemaNode = new FixedNode("atomic");

/**
 * Defaults of list map keys that upstream's OpenAPI carries (`+default="TCP"`) but generated
 * definitions may lack. Without them an applied port without `protocol` would not match the
 * stored, defaulted one.
 */
const KEY_DEFAULTS: Readonly<Record<string, Readonly<Record<string, unknown>>>> = {
  "io.k8s.api.core.v1.ContainerPort": { protocol: "TCP" },
  "io.k8s.api.core.v1.ServicePort": { protocol: "TCP" },
  "io.k8s.api.core.v1.EndpointPort": { protocol: "TCP" },
  "io.k8s.api.discovery.v1.EndpointPort": { protocol: "TCP" },
};

/** `resolveRef`, with undefined for a reference that leads nowhere (such a field is deduced). */
function resolve(defs: OpenAPIDefinitions, schema: OpenAPISchema): Resolved | undefined {
  try {
    return resolveRef(schema, defs);
  } catch {
    return undefined;
  }
}

class OpenAPINode implements SchemaNode {
  readonly type: NodeType;
  readonly scalar?: ScalarKind;
  readonly name?: string;
  readonly open: boolean;
  readonly patchStrategy?: string;
  readonly patchMergeKey?: string;
  readonly listType?: string;
  readonly listMapKeys?: readonly string[];
  readonly mapType?: string;
  readonly default?: unknown;
  readonly required?: readonly string[];
  private readonly target: OpenAPISchema;
  private readonly fields = new Map<string, SchemaNode | undefined>();
  private itemNode: SchemaNode | undefined | null = null;

  constructor(
    private readonly defs: OpenAPIDefinitions,
    prop: OpenAPISchema,
    target: OpenAPISchema,
    name: string | undefined,
    keyDefault: unknown,
  ) {
    this.target = target;
    this.name = name;
    const ext = <K extends keyof OpenAPISchema>(k: K): OpenAPISchema[K] => prop[k] ?? target[k];
    this.patchStrategy = ext("x-kubernetes-patch-strategy");
    this.patchMergeKey = ext("x-kubernetes-patch-merge-key");
    this.listType = ext("x-kubernetes-list-type");
    this.listMapKeys = ext("x-kubernetes-list-map-keys");
    this.mapType = ext("x-kubernetes-map-type");
    this.default = prop.default ?? target.default ?? keyDefault;
    this.required = target.required;
    const preserve = ext("x-kubernetes-preserve-unknown-fields") === true;
    this.open = preserve;
    const intOrString = ext("x-kubernetes-int-or-string") === true;
    this.type = nodeType(target, preserve, intOrString);
    if (this.type === "scalar") this.scalar = intOrString ? "untyped" : scalarKind(target);
  }

  field(name: string): SchemaNode | undefined {
    if (this.type === "map") return this.items();
    if (this.type !== "struct") return this.type === "atomic" ? ATOMIC : DEDUCED;
    if (this.fields.has(name)) return this.fields.get(name);
    const props = this.target.properties ?? {};
    const prop = Object.hasOwn(props, name) ? props[name] : undefined;
    let node: SchemaNode | undefined;
    if (prop) node = makeNode(this.defs, prop, this.name ? KEY_DEFAULTS[this.name]?.[name] : undefined);
    else if (this.open) node = DEDUCED;
    this.fields.set(name, node);
    return node;
  }

  declares(name: string): boolean {
    return this.type === "struct" && !!this.target.properties && Object.hasOwn(this.target.properties, name);
  }

  items(): SchemaNode | undefined {
    if (this.itemNode !== null) return this.itemNode;
    let node: SchemaNode | undefined;
    if (this.type === "list") {
      node = this.target.items ? makeNode(this.defs, this.target.items, undefined) : DEDUCED;
    } else if (this.type === "map") {
      const ap = this.target.additionalProperties;
      node = typeof ap === "object" ? makeNode(this.defs, ap, undefined) : DEDUCED;
    } else if (this.type === "struct") {
      // A struct-typed field holding a list (schemas that type a list of pointers as the item)
      node = this;
    } else if (this.type === "atomic" || this.type === "deduced") {
      node = this.type === "atomic" ? ATOMIC : DEDUCED;
    }
    this.itemNode = node;
    return node;
  }
}

function nodeType(s: OpenAPISchema, preserveUnknown: boolean, intOrString: boolean): NodeType {
  if (intOrString) return "scalar";
  if (s.type === "array" || (s.type === undefined && s.items)) return "list";
  if (s.type === "object" || (s.type === undefined && (s.properties || s.additionalProperties))) {
    if (s.properties && Object.keys(s.properties).length > 0) return "struct";
    if (s.additionalProperties !== undefined && s.additionalProperties !== false) return "map";
    return preserveUnknown ? "deduced" : "atomic";
  }
  if (s.type === "string" || s.type === "integer" || s.type === "number" || s.type === "boolean") {
    return "scalar";
  }
  return preserveUnknown ? "deduced" : "atomic";
}

function scalarKind(s: OpenAPISchema): ScalarKind {
  switch (s.type) {
    case "integer":
    case "number":
      return "numeric";
    case "boolean":
      return "boolean";
    case "string":
      return s.format === undefined || s.format === "" || s.format === "byte" ? "string" : "untyped";
    default:
      return "untyped";
  }
}

function makeNode(defs: OpenAPIDefinitions, prop: OpenAPISchema, keyDefault: unknown): SchemaNode {
  const r = resolve(defs, prop);
  if (!r) return DEDUCED;
  return new OpenAPINode(defs, prop, r.schema, r.name, keyDefault);
}

const roots = new WeakMap<OpenAPIDefinitions, Map<string, SchemaNode | undefined>>();

/**
 * The schema of definition `name` (e.g. "io.k8s.api.apps.v1.Deployment") in `definitions`,
 * or undefined when there is no such definition. Cached per definitions object.
 */
export function schemaFor(definitions: OpenAPIDefinitions, name: string): SchemaNode | undefined {
  let byName = roots.get(definitions);
  if (!byName) {
    byName = new Map();
    roots.set(definitions, byName);
  }
  if (byName.has(name)) return byName.get(name);
  const node = Object.hasOwn(definitions, name)
    ? makeNode(definitions, { $ref: `#/definitions/${name}` }, undefined)
    : undefined;
  byName.set(name, node);
  return node;
}
