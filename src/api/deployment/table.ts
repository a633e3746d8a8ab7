/** `kubectl get deployments` columns (upstream printers.go printDeployment). */
import type { Deployment } from "kubernetes-types/apps/v1.js";
import { selectorString } from "../common/selector.js";
import { NAME_COLUMN } from "../common/table.js";
import { view } from "../common/values.js";
import type { TableDef } from "../types.js";
import { selectorColumn, workloadCells, workloadColumns } from "../workload/table.js";

export const deploymentTable: TableDef = {
  columns: [
    NAME_COLUMN,
    { name: "Ready", type: "string", description: "Number of the pod with ready state" },
    {
      name: "Up-to-date",
      type: "string",
      description:
        "Total number of non-terminating pods targeted by this deployment that have the desired template spec.",
    },
    {
      name: "Available",
      type: "string",
      description:
        "Total number of available non-terminating pods (ready for at least minReadySeconds) targeted by this deployment.",
    },
    ...workloadColumns,
    selectorColumn(
      "Label selector for pods. Existing ReplicaSets whose pods are selected by this will be the ones affected by this deployment. It must match the pod template's labels.",
    ),
  ],
  cells(obj, now) {
    const d = view<Deployment>(obj);
    const st = d.status ?? {};
    return [
      obj.metadata.name ?? "",
      `${st.readyReplicas ?? 0}/${d.spec?.replicas ?? 0}`,
      st.updatedReplicas ?? 0,
      st.availableReplicas ?? 0,
      ...workloadCells(obj, now, d.spec?.template),
      selectorString(d.spec?.selector) ?? "<invalid>",
    ];
  },
};
