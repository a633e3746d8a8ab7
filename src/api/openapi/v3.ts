/** The OpenAPI v3 documents served at /openapi/v3 and /openapi/v3/<group version path>. */
import { createHash } from "node:crypto";
import type { ResourceDef } from "../types.js";
import { cached, closure, INFO, type Model, modelOf } from "./documents.js";
import { consumesOf, type Operation, type PathItem, producesOf } from "./operations.js";
import { PARAMS, type ParamName } from "./params.js";
import type { Schema } from "./schema.js";

/** One entry of the /openapi/v3 discovery document. */
export interface OpenAPIV3Path {
  /** "/openapi/v3/<path>?hash=<content hash>". */
  readonly serverRelativeURL: string;
}

/**
 * The /openapi/v3 discovery document: `{paths: {"api/v1": {serverRelativeURL}, ...}}` with one
 * entry per served group version ("api/v1", "apis/apps/v1"), group ("apis/apps") and the
 * "api", "apis" and "version" documents, like upstream. Each URL carries `?hash=` with the SHA-512
 * of that document, so clients (kubectl) cache documents until their content changes.
 * Computing it builds every document once (cached per `resources` array).
 */
export function openapiV3Index(resources: readonly ResourceDef[]): {
  readonly paths: Readonly<Record<string, OpenAPIV3Path>>;
} {
  const model = modelOf(resources);
  return cached(model, "v3-index", () => {
    const paths: Record<string, OpenAPIV3Path> = {};
    for (const key of [...model.paths.keys()].sort()) {
      const { json } = v3Entry(model, key)!;
      const hash = createHash("sha512").update(json).digest("hex").toUpperCase();
      paths[key] = { serverRelativeURL: `/openapi/v3/${key}?hash=${hash}` };
    }
    return { paths };
  }).doc as { readonly paths: Readonly<Record<string, OpenAPIV3Path>> };
}

/**
 * The OpenAPI 3.0 document of one entry of the index, e.g. "api/v1" or "apis/apps/v1" (a
 * leading "/" or "/openapi/v3/" is ignored): its paths with parameters, request bodies and
 * responses, and `components.schemas` with the definitions they use (`#/components/schemas/`
 * references). Undefined for a path the index does not list. Cached; do not mutate it.
 */
export function openapiV3GroupVersion(path: string, resources: readonly ResourceDef[]): object | undefined {
  return v3Entry(modelOf(resources), normalize(path))?.doc;
}

/** `openapiV3GroupVersion(path, resources)` serialized as JSON (cached), or undefined. */
export function openapiV3GroupVersionJSON(
  path: string,
  resources: readonly ResourceDef[],
): string | undefined {
  return v3Entry(modelOf(resources), normalize(path))?.json;
}

function normalize(path: string): string {
  return path.replace(/^\/?(openapi\/v3\/)?/, "").replace(/\/$/, "");
}

function v3Entry(model: Model, key: string) {
  const items = model.paths.get(key);
  if (!items) return undefined;
  return cached(model, `v3:${key}`, () => {
    const paths: Record<string, unknown> = {};
    for (const item of [...items].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))) {
      paths[item.path] = pathItem(item);
    }
    const schemas: Record<string, unknown> = {};
    for (const [name, schema] of Object.entries(closure(model.definitions, items)))
      schemas[name] = toV3Definition(schema);
    return {
      openapi: "3.0.0",
      info: INFO,
      paths,
      components: {
        schemas,
        securitySchemes: {
          BearerToken: {
            type: "apiKey",
            description: "Bearer Token authentication",
            name: "authorization",
            in: "header",
          },
        },
      },
    };
  });
}

function pathItem(item: PathItem): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const op of item.operations) out[op.method] = operation(op, item.tag);
  if (item.params.length > 0) out.parameters = item.params.map((p) => parameter(p, true));
  return out;
}

const ref = (definition: string) => ({ $ref: `#/components/schemas/${definition}` });

function operation(op: Operation, tag: string): Record<string, unknown> {
  const out: Record<string, unknown> = {
    tags: [tag],
    description: op.description,
    operationId: op.operationId,
  };
  if (op.query.length > 0) out.parameters = op.query.map((p) => parameter(p, false));
  if (op.body) {
    const types = consumesOf(op.body.kind);
    out.requestBody = {
      content: Object.fromEntries(types.map((t) => [t, { schema: ref(op.body!.definition) }])),
      ...(op.body.required ? { required: true } : {}),
    };
  }
  const responses: Record<string, unknown> = {};
  for (const [code, r] of Object.entries(op.responses)) {
    const schema = r.definition ? ref(r.definition) : { type: "string" };
    responses[code] = {
      description: r.description,
      content: Object.fromEntries(producesOf(op.produces).map((t) => [t, { schema }])),
    };
  }
  responses["401"] = { description: "Unauthorized" };
  out.responses = responses;
  if (op.action) out["x-kubernetes-action"] = op.action;
  if (op.gvk)
    out["x-kubernetes-group-version-kind"] = {
      group: op.gvk.group,
      kind: op.gvk.kind,
      version: op.gvk.version,
    };
  return out;
}

function parameter(name: ParamName, pathLevel: boolean): Record<string, unknown> {
  const spec = PARAMS[name];
  const inPath = pathLevel && (name === "name" || name === "namespace");
  return {
    name,
    in: inPath ? "path" : "query",
    description: spec.description,
    ...(inPath ? { required: true } : {}),
    schema: { type: spec.type, uniqueItems: true },
  };
}

/**
 * A definition in OpenAPI v3 form, as upstream publishes it: references move under
 * `#/components/schemas/`, a reference with siblings (a field's description) is wrapped in
 * `allOf`, and IntOrString and Quantity become `oneOf` their JSON types.
 */
function toV3Definition(schema: Schema): unknown {
  if (schema["x-kubernetes-int-or-string"]) {
    const { type: _type, format, "x-kubernetes-int-or-string": _flag, ...rest } = schema;
    return format === "int-or-string"
      ? { ...rest, format, oneOf: [{ type: "integer" }, { type: "string" }] }
      : { ...rest, oneOf: [{ type: "string" }, { type: "number" }] };
  }
  return toV3(schema);
}

function toV3(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(toV3);
  if (!value || typeof value !== "object") return value;
  const out: Record<string, unknown> = {};
  let reference: string | undefined;
  for (const [k, v] of Object.entries(value)) {
    if (k === "$ref" && typeof v === "string")
      reference = v.replace("#/definitions/", "#/components/schemas/");
    else if (k === "x-kubernetes-group-version-kind") out[k] = v;
    else out[k] = toV3(v);
  }
  if (reference === undefined) return out;
  if (Object.keys(out).length === 0) return { $ref: reference };
  return { ...out, allOf: [{ $ref: reference }] };
}
