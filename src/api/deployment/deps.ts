/**
 * The one place where the kinds in this tree (apps, autoscaling, coordination, discovery,
 * events.k8s.io, storage, rbac) reach the shared core modules: metadata and selector validation
 * and durations from `api/common`, pod template defaults and validation from `api/pod`.
 *
 * TEMPORARY (pod only): until `api/pod` lands, minimal stand-ins for its two functions live here
 * so this tree builds and its tests run; they become re-exports without touching the callers.
 */
import type { PodSpec, PodTemplateSpec } from "kubernetes-types/core/v1.js";
import type { FieldError, Path } from "../field.js";

export { humanDuration, validateLabelSelector } from "../common/index.js";

/** Stand-in: pod spec defaults that the workload validation depends on. */
export function defaultPodSpec(spec: PodSpec): void {
  spec.restartPolicy ??= "Always";
}

/** Stand-in: pod template validation (accepts everything). */
export function validatePodTemplateSpec(_template: PodTemplateSpec, _p: Path): FieldError[] {
  return [];
}
