/** `kubectl get deployments` columns (upstream printers.go printDeployment). */
import type { Deployment } from "kubernetes-types/apps/v1.js";
import type { PodTemplateSpec } from "kubernetes-types/core/v1.js";
import type { KubeObject, TableColumn, TableDef } from "../types.js";
import { layoutContainerCells } from "./deps.js";
import { selectorString } from "./selector.js";
import { ageCell, ageColumn, nameColumn, view } from "./workload.js";

/** The AGE, CONTAINERS and IMAGES columns every workload table ends with (the last two with `-o wide`). */
export const workloadColumns: readonly TableColumn[] = [
  ageColumn,
  {
    name: "Containers",
    type: "string",
    priority: 1,
    description: "Names of each container in the template.",
  },
  {
    name: "Images",
    type: "string",
    priority: 1,
    description: "Images referenced by each container in the template.",
  },
];

/** The cells of `workloadColumns` for an object whose pods are made from `template`. */
export function workloadCells(
  obj: Readonly<KubeObject>,
  now: Date,
  template: PodTemplateSpec | undefined,
): unknown[] {
  const { names, images } = layoutContainerCells(template?.spec?.containers);
  return [ageCell(obj, now), names, images];
}

/** The SELECTOR column workloads show with `-o wide`, described as the kind's API does. */
export function selectorColumn(description: string): TableColumn {
  return { name: "Selector", type: "string", priority: 1, description };
}

export const deploymentTable: TableDef = {
  columns: [
    nameColumn,
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
