/** The swagger 2.0 document served at /openapi/v2. */
import type { ResourceDef } from "../types.js";
import { cached, closure, INFO, modelOf } from "./documents.js";
import { consumesOf, type Operation, type PathItem, producesOf } from "./operations.js";
import { PARAMS, type ParamName } from "./params.js";

/**
 * The OpenAPI v2 (swagger 2.0) document for `resources`: every path with upstream's operation
 * ids, `x-kubernetes-action` and `x-kubernetes-group-version-kind`, query parameters (including
 * `dryRun`, `fieldManager` and `fieldValidation` on create, update and patch), and the
 * definitions those paths use. Built once per `resources` array and cached; do not mutate it.
 */
export function openapiV2(resources: readonly ResourceDef[]): object {
  return v2Entry(resources).doc;
}

/** `openapiV2(resources)` serialized as JSON (cached, for serving without re-encoding). */
export function openapiV2JSON(resources: readonly ResourceDef[]): string {
  return v2Entry(resources).json;
}

function v2Entry(resources: readonly ResourceDef[]) {
  const model = modelOf(resources);
  return cached(model, "v2", () => {
    const items = [...model.paths.values()]
      .flat()
      .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    const paths: Record<string, unknown> = {};
    for (const item of items) paths[item.path] = pathItem(item);
    return {
      swagger: "2.0",
      info: INFO,
      paths,
      // Like upstream's, the v2 document also describes autoscaling/v1 Scale, which every
      // client of the scale subresource uses.
      definitions: closure(model.definitions, items, ["io.k8s.api.autoscaling.v1.Scale"]),
      securityDefinitions: {
        BearerToken: {
          description: "Bearer Token authentication",
          type: "apiKey",
          name: "authorization",
          in: "header",
        },
      },
      security: [{ BearerToken: [] }],
    };
  });
}

function pathItem(item: PathItem): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const op of item.operations) out[op.method] = operation(op, item.tag);
  if (item.params.length > 0) out.parameters = item.params.map((p) => parameter(p, true));
  return out;
}

function operation(op: Operation, tag: string): Record<string, unknown> {
  const parameters: unknown[] = [];
  if (op.body) {
    parameters.push({
      name: "body",
      in: "body",
      ...(op.body.required ? { required: true } : {}),
      schema: { $ref: `#/definitions/${op.body.definition}` },
    });
  }
  for (const p of op.query) parameters.push(parameter(p, false));
  const responses: Record<string, unknown> = {};
  for (const [code, r] of Object.entries(op.responses)) {
    responses[code] = r.definition
      ? { description: r.description, schema: { $ref: `#/definitions/${r.definition}` } }
      : { description: r.description, schema: { type: "string" } };
  }
  responses["401"] = { description: "Unauthorized" };
  return {
    description: op.description,
    consumes: [...consumesOf(op.body?.kind ?? "object")],
    produces: [...producesOf(op.produces)],
    schemes: ["https"],
    tags: [tag],
    operationId: op.operationId,
    ...(parameters.length > 0 ? { parameters } : {}),
    responses,
    ...(op.action ? { "x-kubernetes-action": op.action } : {}),
    ...(op.gvk
      ? {
          "x-kubernetes-group-version-kind": {
            group: op.gvk.group,
            kind: op.gvk.kind,
            version: op.gvk.version,
          },
        }
      : {}),
  };
}

function parameter(name: ParamName, pathLevel: boolean): Record<string, unknown> {
  const spec = PARAMS[name];
  const inPath = pathLevel && (name === "name" || name === "namespace");
  return {
    uniqueItems: true,
    type: spec.type,
    description: spec.description,
    name,
    in: inPath ? "path" : "query",
    ...(inPath ? { required: true } : {}),
  };
}
