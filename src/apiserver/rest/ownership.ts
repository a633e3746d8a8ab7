/**
 * Field ownership (metadata.managedFields) of every write, as upstream's field manager records
 * it, with the kind's schema so lists are tracked by their keys.
 */
import { loadDefinitions } from "../../api/openapi/index.js";
import { apiVersionOf } from "../../api/registry.js";
import type { KubeObject, ResourceDef } from "../../api/types.js";
import { type OpenAPIDefinitions, type SchemaNode, schemaFor, updateManagedFields } from "../patch/index.js";

export function definitions(): OpenAPIDefinitions {
  return loadDefinitions() as unknown as OpenAPIDefinitions;
}

export function schemaOf(def: ResourceDef): SchemaNode | undefined {
  return schemaFor(definitions(), def.definition);
}

/** What no manager owns through this endpoint: status on the main resource, spec on status. */
export function resetFieldsOf(def: ResourceDef, subresource: string): string[][] | undefined {
  if (!def.subresources?.status) return undefined;
  return subresource === "status" ? [["spec"]] : [["status"]];
}

/** The manager of a request without fieldManager: the user agent's program name, as upstream. */
export function defaultManager(userAgent: string | undefined): string {
  const name = (userAgent ?? "").split("/")[0]?.trim();
  return name || "unknown";
}

/** `obj` with managedFields updated for `manager` turning `old` (undefined on create) into it. */
export function track(
  def: ResourceDef,
  old: Readonly<KubeObject> | undefined,
  obj: KubeObject,
  opts: { manager: string; subresource: string; now: Date },
): KubeObject {
  return updateManagedFields(old, obj, {
    manager: opts.manager,
    apiVersion: apiVersionOf(def),
    now: opts.now,
    subresource: opts.subresource || undefined,
    schema: schemaOf(def),
    resetFields: resetFieldsOf(def, opts.subresource),
  });
}
