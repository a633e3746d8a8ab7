/** The table columns shared by the kinds that own pods through a template (upstream printers.go). */
import type { PodTemplateSpec } from "kubernetes-types/core/v1.js";
import { AGE_COLUMN, ageOf, layoutContainerCells } from "../common/table.js";
import type { KubeObject, TableColumn } from "../types.js";

/** The AGE, CONTAINERS and IMAGES columns every workload table ends with (the last two with `-o wide`). */
export const workloadColumns: readonly TableColumn[] = [
  AGE_COLUMN,
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
  return [ageOf(obj, now), names, images];
}

/** The SELECTOR column workloads show with `-o wide`, described as the kind's API does. */
export function selectorColumn(description: string): TableColumn {
  return { name: "Selector", type: "string", priority: 1, description };
}
