/** apps/v1 Deployment validation (upstream pkg/apis/apps/validation ValidateDeployment*). */
import type { DeploymentSpec, DeploymentStrategy } from "kubernetes-types/apps/v1.js";
import { nonNegative } from "../common/checks.js";
import { type FieldError, forbidden, invalid, notSupported, type Path, required } from "../field.js";
import {
  intOrPercent,
  intOrPercentValue,
  notOver100Percent,
  validateReplicatedTemplate,
} from "../workload/validation.js";

function validateStrategy(s: DeploymentStrategy | undefined, p: Path): FieldError[] {
  const errs: FieldError[] = [];
  switch (s?.type) {
    case "Recreate":
      if (s.rollingUpdate) {
        errs.push(
          forbidden(p.child("rollingUpdate"), "may not be specified when strategy `type` is 'Recreate'"),
        );
      }
      break;
    case "RollingUpdate": {
      const ru = s.rollingUpdate;
      if (!ru) {
        errs.push(required(p.child("rollingUpdate"), "this should be defaulted and never be nil"));
        break;
      }
      const rp = p.child("rollingUpdate");
      errs.push(...intOrPercent(ru.maxUnavailable, rp.child("maxUnavailable")));
      errs.push(...intOrPercent(ru.maxSurge, rp.child("maxSurge")));
      if (intOrPercentValue(ru.maxUnavailable) === 0 && intOrPercentValue(ru.maxSurge) === 0) {
        errs.push(
          invalid(rp.child("maxUnavailable"), ru.maxUnavailable ?? 0, "may not be 0 when `maxSurge` is 0"),
        );
      }
      errs.push(...notOver100Percent(ru.maxUnavailable, rp.child("maxUnavailable")));
      break;
    }
    default:
      errs.push(notSupported(p, s ?? {}, ["Recreate", "RollingUpdate"]));
  }
  return errs;
}

export function validateDeploymentSpec(spec: Partial<DeploymentSpec>, p: Path): FieldError[] {
  const errs: FieldError[] = [];
  errs.push(...nonNegative(spec.replicas, p.child("replicas")));
  errs.push(...validateReplicatedTemplate(spec, p, "deployment"));
  errs.push(...validateStrategy(spec.strategy, p.child("strategy")));
  errs.push(...nonNegative(spec.minReadySeconds, p.child("minReadySeconds")));
  errs.push(...nonNegative(spec.revisionHistoryLimit, p.child("revisionHistoryLimit")));
  const pds = spec.progressDeadlineSeconds;
  if (typeof pds === "number") {
    errs.push(...nonNegative(pds, p.child("progressDeadlineSeconds")));
    if (pds <= (spec.minReadySeconds ?? 0)) {
      errs.push(invalid(p.child("progressDeadlineSeconds"), pds, "must be greater than minReadySeconds"));
    }
  }
  return errs;
}
