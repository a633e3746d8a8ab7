/** apps/v1 Deployment strategy (upstream pkg/registry/apps/deployment/strategy.go). */

import type { PodSpec } from "kubernetes-types/core/v1.js";
import { path } from "../field.js";
import { podWarnings } from "../pod/warnings.js";
import type { KubeObject, Strategy } from "../types.js";
import { defaultDeployment } from "./defaults.js";
import { dns1123Label } from "./names.js";
import { validateDeploymentSpec } from "./validation.js";
import { keepStatus, resetStatus, semanticEqual, specValidation } from "./workload.js";

/**
 * The warning upstream gives when a workload's name is not a DNS label: its pods are named
 * after it, so such a name makes surprising pod names and hostnames.
 */
export function podNameWarnings(name: unknown): string[] {
  if (typeof name !== "string" || name === "") return [];
  const msgs = dns1123Label(name);
  if (msgs.length === 0) return [];
  return [
    `metadata.name: this is used in Pod names and hostnames, which can result in surprising behavior; a DNS label is recommended: [${msgs.join(" ")}]`,
  ];
}

/** A workload's pod template, if it has one. */
function template(obj: Readonly<KubeObject>): { spec?: PodSpec; metadata?: unknown } | undefined {
  return (obj.spec as { template?: { spec?: PodSpec; metadata?: unknown } } | undefined)?.template;
}

/**
 * The strategy of an apps/v1 workload: creating resets status (to `initialStatus`, the status
 * fields upstream always writes) and starts the generation at 1,
 * updating keeps the stored status and bumps the generation when the spec changed, and names
 * that are not DNS labels get a warning.
 */
export function workloadStrategy(
  hooks: Pick<Strategy, "defaults" | "validate" | "validateUpdate">,
  initialStatus: Readonly<Record<string, number>> = {},
): Strategy {
  return {
    defaults: hooks.defaults,
    prepareForCreate: (obj) => resetStatus(obj, initialStatus),
    prepareForUpdate: (obj, old) => keepStatus(obj, old, !semanticEqual(obj.spec, old.spec)),
    validate: hooks.validate,
    validateUpdate: hooks.validateUpdate,
    warnings: (obj) => [...podNameWarnings(obj.metadata.name), ...templateWarnings(obj)],
    // On update only when the spec changed (the generation moved), as upstream.
    warningsOnUpdate: (obj, old) =>
      obj.metadata.generation !== old.metadata.generation ? templateWarnings(obj) : [],
  };
}

/** Upstream's GetWarningsForPodTemplate for spec.template. */
export function templateWarnings(obj: Readonly<KubeObject>): string[] {
  const t = template(obj);
  return podWarnings(t?.spec, t?.metadata, path("spec").child("template"));
}

export const deploymentStrategy: Strategy = {
  ...workloadStrategy({ defaults: defaultDeployment, ...specValidation(validateDeploymentSpec) }),
  prepareForUpdate(obj, old) {
    // Annotation changes bump the generation too: the controller copies them to the ReplicaSets.
    const changed =
      !semanticEqual(obj.spec, old.spec) ||
      !semanticEqual(obj.metadata.annotations, old.metadata.annotations);
    keepStatus(obj, old, changed);
  },
};
