/**
 * The registry strategy shared by the kinds that own pods through a template (upstream's
 * pkg/registry/apps/<kind>/strategy.go): status reset on create and kept on update, the generation,
 * the warnings, the status and scale subresources, and the template's defaults.
 */
import type { PodSpec } from "kubernetes-types/core/v1.js";
import { isDNS1123Label } from "../common/names.js";
import { bumpGenerationOnChange, initGeneration, keepStatus, resetStatus } from "../common/status.js";
import { path } from "../field.js";
import { defaultPodSpec } from "../pod/index.js";
import { podWarnings } from "../pod/warnings.js";
import type { KubeObject, ResourceDef, Strategy } from "../types.js";

/** Fills the pod template's defaults (shared by every kind with a `spec.template`). */
export function defaultTemplate(spec: { template?: { spec?: object } }): void {
  spec.template ??= {};
  spec.template.spec ??= {};
  defaultPodSpec(spec.template.spec as Parameters<typeof defaultPodSpec>[0]);
}

/**
 * The warning upstream gives when a workload's name is not a DNS label: its pods are named
 * after it, so such a name makes surprising pod names and hostnames.
 */
export function podNameWarnings(name: unknown): string[] {
  if (typeof name !== "string" || name === "") return [];
  const msgs = isDNS1123Label(name);
  if (msgs.length === 0) return [];
  return [
    `metadata.name: this is used in Pod names and hostnames, which can result in surprising behavior; a DNS label is recommended: [${msgs.join(" ")}]`,
  ];
}

/** A workload's pod template, if it has one. */
function template(obj: Readonly<KubeObject>): { spec?: PodSpec; metadata?: unknown } | undefined {
  return (obj.spec as { template?: { spec?: PodSpec; metadata?: unknown } } | undefined)?.template;
}

/** Upstream's GetWarningsForPodTemplate for spec.template. */
export function templateWarnings(obj: Readonly<KubeObject>): string[] {
  const t = template(obj);
  return podWarnings(t?.spec, t?.metadata, path("spec").child("template"));
}

/**
 * The status rules of a kind whose controller reports on it: creating resets status (to
 * `initialStatus`, the status fields upstream always writes) and starts the generation at 1;
 * updating keeps the stored status and bumps the generation when the spec changed.
 */
export function workloadStatusRules(
  initialStatus: Readonly<Record<string, number>> = {},
): Pick<Strategy, "prepareForCreate" | "prepareForUpdate"> {
  return {
    prepareForCreate(obj) {
      resetStatus(obj, initialStatus);
      initGeneration(obj);
    },
    prepareForUpdate(obj, old) {
      keepStatus(obj, old);
      bumpGenerationOnChange(obj, old);
    },
  };
}

/**
 * The strategy of an apps/v1 workload: creating resets status (to `initialStatus`, the status
 * fields upstream always writes) and starts the generation at 1, updating keeps the stored
 * status and bumps the generation when the spec changed, and names that are not DNS labels get
 * a warning.
 */
export function workloadStrategy(
  hooks: Pick<Strategy, "defaults" | "validate" | "validateUpdate">,
  initialStatus: Readonly<Record<string, number>> = {},
): Strategy {
  return {
    defaults: hooks.defaults,
    ...workloadStatusRules(initialStatus),
    validate: hooks.validate,
    validateUpdate: hooks.validateUpdate,
    warnings: (obj) => [...podNameWarnings(obj.metadata.name), ...templateWarnings(obj)],
    // On update only when the spec changed (the generation moved), as upstream.
    warningsOnUpdate: (obj, old) =>
      obj.metadata.generation !== old.metadata.generation ? templateWarnings(obj) : [],
  };
}

/** The status and scale subresources of the replicated workloads (Deployment, ReplicaSet, StatefulSet). */
export const scalableSubresources = {
  status: true,
  scale: {
    specReplicasPath: "spec.replicas",
    statusReplicasPath: "status.replicas",
    labelSelectorPath: "spec.selector",
  },
} as const satisfies ResourceDef["subresources"];
