/**
 * apps/v1 ReplicaSet: defaults, validation and strategy (upstream pkg/apis/apps/v1/defaults.go,
 * pkg/apis/apps/validation, pkg/registry/apps/replicaset/strategy.go).
 */
import type { ReplicaSet, ReplicaSetSpec } from "kubernetes-types/apps/v1.js";
import { defaultTemplate } from "../deployment/defaults.js";
import { podNameWarnings } from "../deployment/strategy.js";
import { validateReplicatedTemplate } from "../deployment/validation.js";
import {
  ensure,
  immutable,
  keepStatus,
  nonNegative,
  resetStatus,
  semanticEqual,
  view,
} from "../deployment/workload.js";
import { type FieldError, type Path, path } from "../field.js";
import type { KubeObject, Strategy } from "../types.js";

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

export function validateReplicaSet(obj: KubeObject): FieldError[] {
  return validateReplicaSetSpec(view<ReplicaSet>(obj).spec ?? {}, path("spec"));
}

export function validateReplicaSetUpdate(obj: KubeObject, old: Readonly<KubeObject>): FieldError[] {
  const spec: Partial<ReplicaSetSpec> = view<ReplicaSet>(obj).spec ?? {};
  const errs = validateReplicaSetSpec(spec, path("spec"));
  errs.push(
    ...immutable(spec.selector, view<ReplicaSet>(old).spec?.selector, path("spec").child("selector")),
  );
  return errs;
}

export const replicaSetStrategy: Strategy = {
  defaults: defaultReplicaSet,
  prepareForCreate: resetStatus,
  prepareForUpdate: (obj, old) => keepStatus(obj, old, !semanticEqual(obj.spec, old.spec)),
  validate: validateReplicaSet,
  validateUpdate: validateReplicaSetUpdate,
  warnings: (obj) => podNameWarnings(obj.metadata.name),
};
