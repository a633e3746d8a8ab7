/**
 * apps/v1 DaemonSet: defaults, validation and strategy (upstream pkg/apis/apps/v1/defaults.go,
 * pkg/apis/apps/validation, pkg/registry/apps/daemonset/strategy.go).
 */
import type { DaemonSet, DaemonSetSpec, DaemonSetUpdateStrategy } from "kubernetes-types/apps/v1.js";
import { nonNegative } from "../common/checks.js";
import { validateLabelSelector } from "../common/selector.js";
import { ensure, view } from "../common/values.js";
import { type FieldError, invalid, notSupported, type Path, required } from "../field.js";
import { validatePodTemplateSpec } from "../pod/index.js";
import type { KubeObject, Strategy } from "../types.js";
import { defaultTemplate, workloadStrategy } from "../workload/strategy.js";
import {
  intOrPercent,
  intOrPercentValue,
  notOver100Percent,
  specValidation,
  validateControllerTemplate,
  validateSelectorAndTemplate,
} from "../workload/validation.js";

export function defaultDaemonSet(obj: KubeObject): void {
  const ds = view<DaemonSet>(obj);
  const spec = ensure(ds, "spec");
  const us = ensure(spec, "updateStrategy");
  if (!us.type) us.type = "RollingUpdate";
  if (us.type === "RollingUpdate") {
    const ru = ensure(us, "rollingUpdate");
    ru.maxUnavailable ??= 1;
    ru.maxSurge ??= 0;
  }
  spec.revisionHistoryLimit ??= 10;
  defaultTemplate(spec);
}

function validateUpdateStrategy(s: DaemonSetUpdateStrategy | undefined, p: Path): FieldError[] {
  const errs: FieldError[] = [];
  switch (s?.type) {
    case "OnDelete":
      break;
    case "RollingUpdate": {
      const ru = s.rollingUpdate;
      if (!ru) return [required(p.child("rollingUpdate"))];
      const rp = p.child("rollingUpdate");
      errs.push(...intOrPercent(ru.maxUnavailable, rp.child("maxUnavailable")));
      errs.push(...intOrPercent(ru.maxSurge, rp.child("maxSurge")));
      errs.push(...notOver100Percent(ru.maxUnavailable, rp.child("maxUnavailable")));
      errs.push(...notOver100Percent(ru.maxSurge, rp.child("maxSurge")));
      const hasUnavailable = intOrPercentValue(ru.maxUnavailable) !== 0;
      const hasSurge = intOrPercentValue(ru.maxSurge) !== 0;
      if (hasUnavailable && hasSurge) {
        errs.push(
          invalid(rp.child("maxSurge"), ru.maxSurge, "may not be set when maxUnavailable is non-zero"),
        );
      } else if (!hasUnavailable && !hasSurge) {
        errs.push(required(rp.child("maxUnavailable"), "cannot be 0 when maxSurge is 0"));
      }
      break;
    }
    default:
      errs.push(notSupported(p, s ?? {}, ["RollingUpdate", "OnDelete"]));
  }
  return errs;
}

export function validateDaemonSetSpec(spec: Partial<DaemonSetSpec>, p: Path): FieldError[] {
  const errs: FieldError[] = [];
  if (spec.selector) errs.push(...validateLabelSelector(spec.selector, p.child("selector")));
  errs.push(...validateSelectorAndTemplate(spec.selector, spec.template, p, "daemonset"));
  if (spec.template) errs.push(...validatePodTemplateSpec(spec.template, p.child("template")));
  errs.push(...validateControllerTemplate(spec.template, p.child("template"), "DaemonSet"));
  errs.push(...nonNegative(spec.minReadySeconds, p.child("minReadySeconds")));
  errs.push(...validateUpdateStrategy(spec.updateStrategy, p.child("updateStrategy")));
  errs.push(...nonNegative(spec.revisionHistoryLimit, p.child("revisionHistoryLimit")));
  return errs;
}

export const daemonSetStrategy: Strategy = workloadStrategy(
  { defaults: defaultDaemonSet, ...specValidation(validateDaemonSetSpec) },
  { currentNumberScheduled: 0, numberMisscheduled: 0, desiredNumberScheduled: 0, numberReady: 0 },
);
