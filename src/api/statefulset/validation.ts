/** apps/v1 StatefulSet validation (upstream pkg/apis/apps/validation ValidateStatefulSet*). */
import type { StatefulSet, StatefulSetSpec, StatefulSetUpdateStrategy } from "kubernetes-types/apps/v1.js";
import { nonNegative } from "../common/checks.js";
import { validateLabelSelector } from "../common/selector.js";
import { deepEqual, view } from "../common/values.js";
import { type FieldError, forbidden, invalid, notSupported, type Path, path, required } from "../field.js";
import { validatePodTemplateSpec } from "../pod/index.js";
import type { KubeObject } from "../types.js";
import {
  intOrPercent,
  intOrPercentValue,
  notOver100Percent,
  validateControllerTemplate,
  validateSelectorAndTemplate,
} from "../workload/validation.js";

function validateUpdateStrategy(s: StatefulSetUpdateStrategy | undefined, p: Path): FieldError[] {
  const errs: FieldError[] = [];
  switch (s?.type ?? "") {
    case "":
      errs.push(required(p));
      break;
    case "OnDelete":
      if (s?.rollingUpdate) {
        errs.push(
          invalid(
            p.child("rollingUpdate"),
            s.rollingUpdate,
            "only allowed for updateStrategy 'RollingUpdate'",
          ),
        );
      }
      break;
    case "RollingUpdate": {
      const ru = s?.rollingUpdate;
      if (!ru) break;
      const rp = p.child("rollingUpdate");
      errs.push(...nonNegative(ru.partition, rp.child("partition")));
      if (ru.maxUnavailable !== undefined && ru.maxUnavailable !== null) {
        const mp = rp.child("maxUnavailable");
        errs.push(...intOrPercent(ru.maxUnavailable, mp));
        if (intOrPercentValue(ru.maxUnavailable) === 0)
          errs.push(invalid(mp, ru.maxUnavailable, "cannot be 0"));
        errs.push(...notOver100Percent(ru.maxUnavailable, mp));
      }
      break;
    }
    default:
      errs.push(invalid(p, s, "must be 'RollingUpdate' or 'OnDelete'"));
  }
  return errs;
}

function retentionType(v: unknown, p: Path): FieldError[] {
  return v === "Retain" || v === "Delete" ? [] : [notSupported(p, v ?? "", ["Retain", "Delete"])];
}

/**
 * Pod template errors, minus the volume mounts that name a claim template: those volumes only
 * exist once the controller stamps out the pod (upstream skips pod spec validation for this).
 */
function templateErrors(spec: Partial<StatefulSetSpec>, p: Path): FieldError[] {
  if (!spec.template) return [];
  const claims = new Set((spec.volumeClaimTemplates ?? []).map((c) => c.metadata?.name));
  return validatePodTemplateSpec(spec.template, p.child("template")).filter(
    (e) =>
      !(
        e.type === "FieldValueNotFound" &&
        /\.volumeMounts\[\d+\]\.name$/.test(e.field) &&
        [...claims].some((c) => c !== undefined && e.message === `Not found: ${JSON.stringify(c)}`)
      ),
  );
}

export function validateStatefulSetSpec(spec: Partial<StatefulSetSpec>, p: Path): FieldError[] {
  const errs: FieldError[] = [];
  const pmp = spec.podManagementPolicy ?? "";
  if (pmp === "") errs.push(required(p.child("podManagementPolicy")));
  else if (pmp !== "OrderedReady" && pmp !== "Parallel") {
    errs.push(invalid(p.child("podManagementPolicy"), pmp, "must be 'OrderedReady' or 'Parallel'"));
  }
  errs.push(...validateUpdateStrategy(spec.updateStrategy, p.child("updateStrategy")));
  const retention = spec.persistentVolumeClaimRetentionPolicy;
  if (retention) {
    const rp = p.child("persistentVolumeClaimRetentionPolicy");
    errs.push(...retentionType(retention.whenDeleted, rp.child("whenDeleted")));
    errs.push(...retentionType(retention.whenScaled, rp.child("whenScaled")));
  }
  errs.push(...nonNegative(spec.replicas, p.child("replicas")));
  errs.push(...nonNegative(spec.minReadySeconds, p.child("minReadySeconds")));
  if (spec.ordinals) errs.push(...nonNegative(spec.ordinals.start, p.child("ordinals.start")));
  if (spec.selector) errs.push(...validateLabelSelector(spec.selector, p.child("selector")));
  errs.push(...validateSelectorAndTemplate(spec.selector, spec.template, p, "statefulset"));
  errs.push(...templateErrors(spec, p));
  errs.push(...validateControllerTemplate(spec.template, p.child("template"), "StatefulSet"));
  return errs;
}

export function validateStatefulSet(obj: KubeObject): FieldError[] {
  return validateStatefulSetSpec(view<StatefulSet>(obj).spec ?? {}, path("spec"));
}

/** The spec fields an update may change; anything else is forbidden. */
const mutable = [
  "replicas",
  "ordinals",
  "template",
  "updateStrategy",
  "persistentVolumeClaimRetentionPolicy",
  "minReadySeconds",
] as const;

export function validateStatefulSetUpdate(obj: KubeObject, old: Readonly<KubeObject>): FieldError[] {
  const spec = view<StatefulSet>(obj).spec ?? {};
  const errs = validateStatefulSetSpec(spec, path("spec"));
  const next: Record<string, unknown> = { ...spec };
  const prev: Record<string, unknown> = { ...(view<StatefulSet>(old).spec ?? {}) };
  for (const f of mutable) {
    delete next[f];
    delete prev[f];
  }
  if (!deepEqual(next, prev)) {
    errs.push(
      forbidden(
        path("spec"),
        "updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden",
      ),
    );
  }
  return errs;
}
