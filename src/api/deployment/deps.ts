/**
 * The one place where the kinds in this tree (apps, autoscaling, coordination, discovery,
 * events.k8s.io, storage, rbac) reach the shared core modules: metadata and selector validation
 * and durations from `api/common`, pod template defaults and validation from `api/pod`.
 *
 * TEMPORARY: until those modules land, minimal stand-ins live here so this tree builds and its
 * tests run; they are replaced by re-exports without touching the callers.
 */
import type { PodSpec, PodTemplateSpec } from "kubernetes-types/core/v1.js";
import type { LabelSelector } from "kubernetes-types/meta/v1.js";
import type { FieldError, Path } from "../field.js";

/** Upstream's duration.HumanDuration (kubectl's AGE column). */
export function humanDuration(ms: number): string {
  const seconds = Math.trunc(ms / 1000);
  if (seconds < -1) return "<invalid>";
  if (seconds < 0) return "0s";
  if (seconds < 120) return `${seconds}s`;
  const minutes = Math.trunc(seconds / 60);
  if (minutes < 10) {
    const s = seconds % 60;
    return s === 0 ? `${minutes}m` : `${minutes}m${s}s`;
  }
  if (minutes < 180) return `${minutes}m`;
  const hours = Math.trunc(minutes / 60);
  if (hours < 8) {
    const m = minutes % 60;
    return m === 0 ? `${hours}h` : `${hours}h${m}m`;
  }
  if (hours < 48) return `${hours}h`;
  if (hours < 24 * 8) {
    const h = hours % 24;
    return h === 0 ? `${Math.trunc(hours / 24)}d` : `${Math.trunc(hours / 24)}d${h}h`;
  }
  if (hours < 24 * 365 * 2) return `${Math.trunc(hours / 24)}d`;
  if (hours < 24 * 365 * 8) {
    const dy = Math.trunc(hours / 24) % 365;
    const y = Math.trunc(hours / 24 / 365);
    return dy === 0 ? `${y}y` : `${y}y${dy}d`;
  }
  return `${Math.trunc(hours / 24 / 365)}y`;
}

/** Stand-in: pod spec defaults that the workload validation depends on. */
export function defaultPodSpec(spec: PodSpec): void {
  spec.restartPolicy ??= "Always";
}

/** Stand-in: pod template validation (accepts everything). */
export function validatePodTemplateSpec(_template: PodTemplateSpec, _p: Path): FieldError[] {
  return [];
}

/** Stand-in: label selector syntax validation (accepts everything). */
export function validateLabelSelector(_selector: LabelSelector, _p: Path): FieldError[] {
  return [];
}
