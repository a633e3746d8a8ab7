/** apps/v1 Deployment. */
import type { ResourceDef } from "../types.js";
import { scalableSubresources } from "../workload/strategy.js";
import { deploymentStrategy } from "./strategy.js";
import { deploymentTable } from "./table.js";

export const deploymentResource: ResourceDef = {
  group: "apps",
  version: "v1",
  kind: "Deployment",
  listKind: "DeploymentList",
  resource: "deployments",
  singular: "deployment",
  namespaced: true,
  shortNames: ["deploy"],
  categories: ["all"],
  definition: "io.k8s.api.apps.v1.Deployment",
  subresources: scalableSubresources,
  strategy: deploymentStrategy,
  table: deploymentTable,
};
