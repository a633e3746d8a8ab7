/** autoscaling/v2 and autoscaling/v1 HorizontalPodAutoscaler: one storage, two served versions. */
import type { ResourceDef } from "../types.js";
import { hpaToV1, hpaToV2 } from "./convert.js";
import { hpaStrategy, hpaTable, hpaV1Strategy, hpaV1Table } from "./hpa.js";

const common = {
  group: "autoscaling",
  kind: "HorizontalPodAutoscaler",
  listKind: "HorizontalPodAutoscalerList",
  resource: "horizontalpodautoscalers",
  singular: "horizontalpodautoscaler",
  namespaced: true,
  shortNames: ["hpa"],
  categories: ["all"],
  subresources: { status: true },
} as const;

/** The stored version (listed first: it is the group's preferred version). */
export const hpaV2Resource: ResourceDef = {
  ...common,
  version: "v2",
  definition: "io.k8s.api.autoscaling.v2.HorizontalPodAutoscaler",
  strategy: hpaStrategy,
  table: hpaTable,
};

export const hpaV1Resource: ResourceDef = {
  ...common,
  version: "v1",
  definition: "io.k8s.api.autoscaling.v1.HorizontalPodAutoscaler",
  strategy: hpaV1Strategy,
  table: hpaV1Table,
  storedAs: {
    group: "autoscaling",
    resource: "horizontalpodautoscalers",
    toStored: hpaToV2,
    fromStored: hpaToV1,
  },
};
