import { coreResources } from "./core-resources.js";
import { groupResources } from "./group-resources.js";
import type { ResourceDef } from "./types.js";

/** Every kind the API serves. Discovery, routing, OpenAPI and tables are driven from this list. */
export const allResources: readonly ResourceDef[] = [...coreResources, ...groupResources];

/** The apiVersion string of a resource: "v1" for core, "apps/v1" otherwise. */
export function apiVersionOf(def: Pick<ResourceDef, "group" | "version">): string {
  return def.group === "" ? def.version : `${def.group}/${def.version}`;
}
