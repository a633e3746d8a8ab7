/** `kubectl get deployments` columns (upstream printers.go printDeployment). */
import type { Deployment } from "kubernetes-types/apps/v1.js";
import type { TableDef } from "../types.js";
import { selectorString } from "./selector.js";
import { ageCell, ageColumn, containerCells, nameColumn, view } from "./workload.js";

/** The CONTAINERS / IMAGES columns every workload shows with `-o wide`. */
export const containersColumn = {
  name: "Containers",
  type: "string",
  priority: 1,
  description: "Names of each container in the template.",
} as const;
export const imagesColumn = {
  name: "Images",
  type: "string",
  priority: 1,
  description: "Images referenced by each container in the template.",
} as const;

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
    ageColumn,
    containersColumn,
    imagesColumn,
    {
      name: "Selector",
      type: "string",
      priority: 1,
      description:
        "Label selector for pods. Existing ReplicaSets whose pods are selected by this will be the ones affected by this deployment. It must match the pod template's labels.",
    },
  ],
  cells(obj, now) {
    const d = view<Deployment>(obj);
    const st = d.status ?? {};
    const [names, images] = containerCells(d.spec?.template?.spec?.containers);
    return [
      obj.metadata.name ?? "",
      `${st.readyReplicas ?? 0}/${d.spec?.replicas ?? 0}`,
      st.updatedReplicas ?? 0,
      st.availableReplicas ?? 0,
      ageCell(obj, now),
      names,
      images,
      selectorString(d.spec?.selector) ?? "<invalid>",
    ];
  },
};
