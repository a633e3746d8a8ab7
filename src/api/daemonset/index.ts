/** apps/v1 DaemonSet. */
import type { ResourceDef } from "../types.js";
import { daemonSetStrategy } from "./daemonset.js";
import { daemonSetTable } from "./table.js";

export const daemonSetResource: ResourceDef = {
  group: "apps",
  version: "v1",
  kind: "DaemonSet",
  listKind: "DaemonSetList",
  resource: "daemonsets",
  singular: "daemonset",
  namespaced: true,
  shortNames: ["ds"],
  categories: ["all"],
  definition: "io.k8s.api.apps.v1.DaemonSet",
  subresources: { status: true },
  strategy: daemonSetStrategy,
  table: daemonSetTable,
};
