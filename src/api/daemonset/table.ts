/** `kubectl get daemonsets` columns (upstream printers.go printDaemonSet). */
import type { DaemonSet } from "kubernetes-types/apps/v1.js";
import { formatLabelSelector, formatLabels } from "../common/selector.js";
import { NAME_COLUMN } from "../common/table.js";
import { view } from "../common/values.js";
import type { TableDef } from "../types.js";
import { selectorColumn, workloadCells, workloadColumns } from "../workload/table.js";

export const daemonSetTable: TableDef = {
  columns: [
    NAME_COLUMN,
    {
      name: "Desired",
      type: "integer",
      description:
        "The total number of nodes that should be running the daemon pod (including nodes correctly running the daemon pod). More info: https://kubernetes.io/docs/concepts/workloads/controllers/daemonset/",
    },
    {
      name: "Current",
      type: "integer",
      description:
        "The number of nodes that are running at least 1 daemon pod and are supposed to run the daemon pod. More info: https://kubernetes.io/docs/concepts/workloads/controllers/daemonset/",
    },
    {
      name: "Ready",
      type: "integer",
      description:
        "numberReady is the number of nodes that should be running the daemon pod and have one or more of the daemon pod running with a Ready Condition.",
    },
    {
      name: "Up-to-date",
      type: "integer",
      description: "The total number of nodes that are running updated daemon pod",
    },
    {
      name: "Available",
      type: "integer",
      description:
        "The number of nodes that should be running the daemon pod and have one or more of the daemon pod running and available (ready for at least spec.minReadySeconds)",
    },
    {
      name: "Node Selector",
      type: "string",
      description:
        "NodeSelector is a selector which must be true for the pod to fit on a node. Selector which must match a node's labels for the pod to be scheduled on that node. More info: https://kubernetes.io/docs/concepts/configuration/assign-pod-node/",
    },
    ...workloadColumns,
    selectorColumn(
      "A label query over pods that are managed by the daemon set. Must match in order to be controlled. It must match the pod template's labels. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#label-selectors",
    ),
  ],
  cells(obj, now) {
    const ds = view<DaemonSet>(obj);
    const st = ds.status;
    return [
      obj.metadata.name ?? "",
      st?.desiredNumberScheduled ?? 0,
      st?.currentNumberScheduled ?? 0,
      st?.numberReady ?? 0,
      st?.updatedNumberScheduled ?? 0,
      st?.numberAvailable ?? 0,
      formatLabels(ds.spec?.template?.spec?.nodeSelector),
      ...workloadCells(obj, now, ds.spec?.template),
      formatLabelSelector(ds.spec?.selector),
    ];
  },
};
