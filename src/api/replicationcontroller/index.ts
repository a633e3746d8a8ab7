/**
 * core/v1 ReplicationController: replicas 1 and selector/labels from the template by default,
 * the selector must match the template, generation counts spec changes; status and scale
 * subresources.
 */
import type { PodTemplateSpec, ReplicationController } from "kubernetes-types/core/v1.js";
import { nonNegative } from "../common/checks.js";
import { validateLabels } from "../common/meta.js";
import { formatLabels, mapSelectorMatches } from "../common/selector.js";
import { statusStrategyOf } from "../common/status.js";
import { NAME_COLUMN, nameOf } from "../common/table.js";
import { entries, goStringMap, invalidRendered, isObject, type JsonObject, num } from "../common/values.js";
import { type FieldError, forbidden, invalid, notSupported, path, required } from "../field.js";
import { defaultPodSpec, validatePodTemplateSpec } from "../pod/index.js";
import type { KubeObject, ResourceDef, Strategy, TableDef } from "../types.js";
import { podNameWarnings, templateWarnings, workloadStatusRules } from "../workload/strategy.js";
import { selectorColumn, workloadCells, workloadColumns } from "../workload/table.js";

const asRC = (obj: Readonly<KubeObject>) => obj as unknown as ReplicationController;
const specOf = (obj: Readonly<KubeObject>): JsonObject => (isObject(obj.spec) ? obj.spec : {});
const statusOf = (obj: Readonly<KubeObject>): JsonObject => (isObject(obj.status) ? obj.status : {});

/** SetDefaults_ReplicationController plus the template's pod spec defaults. */
export function defaultReplicationController(obj: KubeObject): void {
  if (!isObject(obj.spec)) obj.spec = {};
  const spec = obj.spec as JsonObject;
  const template = isObject(spec.template) ? (spec.template as PodTemplateSpec) : undefined;
  const labels = template?.metadata?.labels;
  if (isObject(labels)) {
    if (entries(spec.selector).length === 0) spec.selector = { ...labels };
    if (entries(obj.metadata.labels).length === 0) obj.metadata.labels = { ...labels };
  }
  if (spec.replicas === undefined || spec.replicas === null) spec.replicas = 1;
  if (template) defaultPodSpec(template.spec);
}

/** Field errors of a ReplicationController's spec. */
export function validateReplicationControllerSpec(rc: Readonly<ReplicationController>): FieldError[] {
  const spec = (isObject(rc.spec) ? rc.spec : {}) as JsonObject;
  const p = path("spec");
  const errs = [...nonNegative(spec.minReadySeconds, p.child("minReadySeconds"))];
  if (entries(spec.selector).length === 0) errs.push(required(p.child("selector")));
  errs.push(...validateLabels(spec.selector, p.child("selector")));
  errs.push(...nonNegative(spec.replicas, p.child("replicas")));
  const tp = p.child("template");
  if (!isObject(spec.template)) return [...errs, required(tp)];
  const template = spec.template as PodTemplateSpec;
  const labels = template.metadata?.labels;
  if (
    entries(spec.selector).length > 0 &&
    !mapSelectorMatches(spec.selector as Record<string, string>, labels)
  ) {
    errs.push(
      invalidRendered(
        tp.child("metadata").child("labels"),
        goStringMap(labels),
        "`selector` does not match template `labels`",
      ),
    );
  }
  errs.push(...validatePodTemplateSpec(template, tp));
  const restart = template.spec?.restartPolicy;
  if (restart !== "Always")
    errs.push(notSupported(tp.child("spec").child("restartPolicy"), restart ?? "", ["Always"]));
  if (template.spec?.activeDeadlineSeconds !== undefined && template.spec?.activeDeadlineSeconds !== null) {
    errs.push(
      forbidden(
        tp.child("spec").child("activeDeadlineSeconds"),
        "activeDeadlineSeconds in ReplicationController is not Supported",
      ),
    );
  }
  return errs;
}

/** Field errors of a replicationcontrollers/status update. */
export function validateReplicationControllerStatus(rc: Readonly<KubeObject>): FieldError[] {
  const st = statusOf(rc);
  const p = path("status");
  const errs: FieldError[] = [];
  for (const f of [
    "replicas",
    "fullyLabeledReplicas",
    "readyReplicas",
    "availableReplicas",
    "observedGeneration",
  ]) {
    errs.push(...nonNegative(st[f], p.child(f)));
  }
  const replicas = num(st.replicas) ?? 0;
  const cmp = (f: string, than: number, msg: string) => {
    const v = num(st[f]) ?? 0;
    if (v > than) errs.push(invalid(p.child(f), v, msg));
  };
  cmp("fullyLabeledReplicas", replicas, "cannot be greater than status.replicas");
  cmp("readyReplicas", replicas, "cannot be greater than status.replicas");
  cmp("availableReplicas", replicas, "cannot be greater than status.replicas");
  cmp("availableReplicas", num(st.readyReplicas) ?? 0, "cannot be greater than readyReplicas");
  return errs;
}

export const replicationControllerStrategy: Strategy = {
  defaults: defaultReplicationController,
  ...workloadStatusRules({ replicas: 0 }),
  validate: (obj) => validateReplicationControllerSpec(asRC(obj)),
  warnings: (obj) => [...podNameWarnings(obj.metadata.name), ...templateWarnings(obj)],
  // Upstream's rcStrategy passes the old template here, not the new one; so does this.
  warningsOnUpdate: (obj, old) =>
    obj.metadata.generation !== old.metadata.generation ? templateWarnings(old) : [],
};

/** replicationcontrollers/status: only status changes. */
export const replicationControllerStatusStrategy: Strategy = statusStrategyOf(replicationControllerStrategy, {
  validateUpdate: (obj) => validateReplicationControllerStatus(obj),
});

export const replicationControllerTable: TableDef = {
  columns: [
    NAME_COLUMN,
    { name: "Desired", type: "integer", description: "Replicas is the number of desired replicas." },
    {
      name: "Current",
      type: "integer",
      description: "Replicas is the most recently observed number of replicas.",
    },
    {
      name: "Ready",
      type: "integer",
      description: "The number of ready replicas for this replication controller.",
    },
    ...workloadColumns,
    selectorColumn("Selector is a label query over pods that should match the Replicas count."),
  ],
  cells(obj, now) {
    const spec = specOf(obj);
    return [
      nameOf(obj),
      num(spec.replicas) ?? 0,
      num(statusOf(obj).replicas) ?? 0,
      num(statusOf(obj).readyReplicas) ?? 0,
      ...workloadCells(obj, now, asRC(obj).spec?.template),
      formatLabels(spec.selector),
    ];
  },
};

export const replicationControllerResource: ResourceDef = {
  group: "",
  version: "v1",
  kind: "ReplicationController",
  resource: "replicationcontrollers",
  singular: "replicationcontroller",
  namespaced: true,
  shortNames: ["rc"],
  categories: ["all"],
  definition: "io.k8s.api.core.v1.ReplicationController",
  subresources: {
    status: true,
    statusStrategy: replicationControllerStatusStrategy,
    scale: {
      specReplicasPath: "spec.replicas",
      statusReplicasPath: "status.replicas",
      labelSelectorPath: "spec.selector",
      mapSelector: true,
    },
  },
  strategy: replicationControllerStrategy,
  table: replicationControllerTable,
  fieldSelectors: { "status.replicas": (o) => String(num(statusOf(o).replicas) ?? 0) },
};
