/** apps/v1 StatefulSet: strategy, table and resource definition. */
import type { StatefulSet } from "kubernetes-types/apps/v1.js";
import { nameIsDNSLabel } from "../common/index.js";
import { NAME_COLUMN } from "../common/table.js";
import { view } from "../common/values.js";
import type { ResourceDef, Strategy, TableDef } from "../types.js";
import { scalableSubresources, workloadStrategy } from "../workload/strategy.js";
import { workloadCells, workloadColumns } from "../workload/table.js";
import { defaultStatefulSet } from "./defaults.js";
import { validateStatefulSet, validateStatefulSetUpdate } from "./validation.js";

export const statefulSetStrategy: Strategy = workloadStrategy(
  { defaults: defaultStatefulSet, validate: validateStatefulSet, validateUpdate: validateStatefulSetUpdate },
  { replicas: 0, availableReplicas: 0 },
);

/** `kubectl get statefulsets` columns (upstream printers.go printStatefulSet). */
export const statefulSetTable: TableDef = {
  columns: [
    NAME_COLUMN,
    { name: "Ready", type: "string", description: "Number of the pod with ready state" },
    ...workloadColumns,
  ],
  cells(obj, now) {
    const sts = view<StatefulSet>(obj);
    return [
      obj.metadata.name ?? "",
      `${sts.status?.readyReplicas ?? 0}/${sts.spec?.replicas ?? 0}`,
      ...workloadCells(obj, now, sts.spec?.template),
    ];
  },
};

export const statefulSetResource: ResourceDef = {
  nameValidator: nameIsDNSLabel,
  group: "apps",
  version: "v1",
  kind: "StatefulSet",
  listKind: "StatefulSetList",
  resource: "statefulsets",
  singular: "statefulset",
  namespaced: true,
  shortNames: ["sts"],
  categories: ["all"],
  definition: "io.k8s.api.apps.v1.StatefulSet",
  subresources: scalableSubresources,
  strategy: statefulSetStrategy,
  table: statefulSetTable,
};
