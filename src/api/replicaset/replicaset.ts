/**
 * apps/v1 ReplicaSet: defaults, validation and strategy (upstream pkg/apis/apps/v1/defaults.go,
 * pkg/apis/apps/validation, pkg/registry/apps/replicaset/strategy.go).
 */
import type { ReplicaSet, ReplicaSetSpec } from "kubernetes-types/apps/v1.js";
import { nonNegative } from "../common/checks.js";
import { ensure, view } from "../common/values.js";
import type { FieldError, Path } from "../field.js";
import type { KubeObject, Strategy } from "../types.js";
import { defaultTemplate, workloadStrategy } from "../workload/strategy.js";
import { specValidation, validateReplicatedTemplate } from "../workload/validation.js";

export function defaultReplicaSet(obj: KubeObject): void {
  const rs = view<ReplicaSet>(obj);
  const spec = ensure(rs, "spec");
  spec.replicas ??= 1;
  defaultTemplate(spec);
}

export function validateReplicaSetSpec(spec: Partial<ReplicaSetSpec>, p: Path): FieldError[] {
  const errs: FieldError[] = [];
  errs.push(...nonNegative(spec.replicas, p.child("replicas")));
  errs.push(...nonNegative(spec.minReadySeconds, p.child("minReadySeconds")));
  // Upstream's message says "deployment" for ReplicaSets too.
  errs.push(...validateReplicatedTemplate(spec, p, "deployment"));
  return errs;
}

export const replicaSetStrategy: Strategy = workloadStrategy(
  { defaults: defaultReplicaSet, ...specValidation(validateReplicaSetSpec) },
  { replicas: 0 },
);
