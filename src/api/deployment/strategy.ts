/** apps/v1 Deployment strategy (upstream pkg/registry/apps/deployment/strategy.go). */
import type { Strategy } from "../types.js";
import { defaultDeployment } from "./defaults.js";
import { dns1123Label } from "./names.js";
import { validateDeployment, validateDeploymentUpdate } from "./validation.js";
import { keepStatus, resetStatus, semanticEqual } from "./workload.js";

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

export const deploymentStrategy: Strategy = {
  defaults: defaultDeployment,
  prepareForCreate: resetStatus,
  prepareForUpdate(obj, old) {
    // Annotation changes bump the generation too: the controller copies them to the ReplicaSets.
    const changed =
      !semanticEqual(obj.spec, old.spec) ||
      !semanticEqual(obj.metadata.annotations, old.metadata.annotations);
    keepStatus(obj, old, changed);
  },
  validate: validateDeployment,
  validateUpdate: validateDeploymentUpdate,
  warnings: (obj) => podNameWarnings(obj.metadata.name),
};
