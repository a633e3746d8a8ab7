/** Test fixture: the ResourceDefs the OpenAPI document tests build their documents from. */
import type { ResourceDef } from "../types.js";

/**
 * A namespaced resource of `group` whose version and kind are the last two parts of
 * `definition` ("io.k8s.api.apps.v1.Deployment"), its plural and singular the kind lowercased;
 * `extra` adds or overrides fields.
 */
export function resourceDef(
  group: string,
  definition: string,
  extra: Partial<ResourceDef> = {},
): ResourceDef {
  const [version, kind] = definition.split(".").slice(-2);
  const singular = kind.toLowerCase();
  return { group, version, kind, resource: `${singular}s`, singular, namespaced: true, definition, ...extra };
}
