/** `kubectl get replicasets` columns (upstream printers.go printReplicaSet). */
import type { ReplicaSet } from "kubernetes-types/apps/v1.js";
import { formatLabelSelector } from "../common/selector.js";
import { NAME_COLUMN } from "../common/table.js";
import { view } from "../common/values.js";
import type { TableDef } from "../types.js";
import { selectorColumn, workloadCells, workloadColumns } from "../workload/table.js";

export const replicaSetTable: TableDef = {
  columns: [
    NAME_COLUMN,
    {
      name: "Desired",
      type: "integer",
      description:
        "Replicas is the number of desired pods. This is a pointer to distinguish between explicit zero and unspecified. Defaults to 1. More info: https://kubernetes.io/docs/concepts/workloads/controllers/replicaset",
    },
    {
      name: "Current",
      type: "integer",
      description:
        "Replicas is the most recently observed number of non-terminating pods. More info: https://kubernetes.io/docs/concepts/workloads/controllers/replicaset",
    },
    {
      name: "Ready",
      type: "integer",
      description: "The number of non-terminating pods targeted by this ReplicaSet with a Ready Condition.",
    },
    ...workloadColumns,
    selectorColumn(
      "Selector is a label query over pods that should match the replica count. Label keys and values that must match in order to be controlled by this replica set. It must match the pod template's labels. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#label-selectors",
    ),
  ],
  cells(obj, now) {
    const rs = view<ReplicaSet>(obj);
    return [
      obj.metadata.name ?? "",
      rs.spec?.replicas ?? 0,
      rs.status?.replicas ?? 0,
      rs.status?.readyReplicas ?? 0,
      ...workloadCells(obj, now, rs.spec?.template),
      formatLabelSelector(rs.spec?.selector),
    ];
  },
};
