/** apps/v1 ReplicaSet. */
import type { ReplicaSet } from "kubernetes-types/apps/v1.js";
import { view } from "../common/values.js";
import type { ResourceDef } from "../types.js";
import { scalableSubresources } from "../workload/strategy.js";
import { replicaSetStrategy } from "./replicaset.js";
import { replicaSetTable } from "./table.js";

export const replicaSetResource: ResourceDef = {
  group: "apps",
  version: "v1",
  kind: "ReplicaSet",
  listKind: "ReplicaSetList",
  resource: "replicasets",
  singular: "replicaset",
  namespaced: true,
  shortNames: ["rs"],
  categories: ["all"],
  definition: "io.k8s.api.apps.v1.ReplicaSet",
  subresources: scalableSubresources,
  strategy: replicaSetStrategy,
  table: replicaSetTable,
  // Upstream's ReplicaSetToSelectableFields: the controller lists by status.replicas.
  fieldSelectors: {
    "status.replicas": (obj) => String(view<ReplicaSet>(obj).status?.replicas ?? 0),
  },
};
