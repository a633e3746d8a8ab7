/**
 * HorizontalPodAutoscaler validation on the stored (autoscaling/v2) form, as upstream's
 * pkg/apis/autoscaling/validation (HPAScaleToZero off: minReplicas must be at least 1 unless
 * the old object already had 0).
 */
import type {
  CrossVersionObjectReference,
  HorizontalPodAutoscalerSpec,
  HPAScalingRules,
  MetricIdentifier,
  MetricSpec,
  MetricTarget,
} from "kubernetes-types/autoscaling/v2.js";
import { isDNS1123Label, isValidPathSegmentName } from "../common/names.js";
import { type FieldError, forbidden, invalid, notSupported, type Path, path, required } from "../field.js";

const MAX_PERIOD_SECONDS = 1800;
const MAX_STABILIZATION_WINDOW_SECONDS = 3600;

/** The sign of a resource quantity ("500m", "1Gi", "-1", 2); NaN when it is not a quantity. */
export function quantitySign(q: unknown): number {
  if (typeof q === "number") return Math.sign(q);
  if (typeof q !== "string") return Number.NaN;
  const m = /^([+-]?)([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+|[numkMGTPE]|Ki|Mi|Gi|Ti|Pi|Ei)?$/.exec(
    q.trim(),
  );
  if (!m) return Number.NaN;
  if (/^[0.]*$/.test(m[2]!)) return 0;
  return m[1] === "-" ? -1 : 1;
}

export function validateCrossVersionObjectReference(
  ref: Partial<CrossVersionObjectReference> | undefined,
  p: Path,
): FieldError[] {
  const errs: FieldError[] = [];
  for (const f of ["kind", "name"] as const) {
    const v = ref?.[f] ?? "";
    if (v === "") errs.push(required(p.child(f)));
    else for (const msg of isValidPathSegmentName(v)) errs.push(invalid(p.child(f), v, msg));
  }
  return errs;
}

function validateMetricIdentifier(id: Partial<MetricIdentifier> | undefined, p: Path): FieldError[] {
  const name = id?.name ?? "";
  if (name === "") return [required(p.child("name"), "must specify a metric name")];
  return isValidPathSegmentName(name).map((msg) => invalid(p.child("name"), name, msg));
}

function validateMetricTarget(t: Partial<MetricTarget> | undefined, p: Path): FieldError[] {
  const errs: FieldError[] = [];
  const type = t?.type ?? "";
  if (type === "") errs.push(required(p.child("type"), "must specify a metric target type"));
  if (type !== "Utilization" && type !== "Value" && type !== "AverageValue") {
    errs.push(invalid(p.child("type"), type, "must be either Utilization, Value, or AverageValue"));
  }
  if (t?.value !== undefined && quantitySign(t.value) !== 1)
    errs.push(invalid(p.child("value"), t.value, "must be positive"));
  if (t?.averageValue !== undefined && quantitySign(t.averageValue) !== 1) {
    errs.push(invalid(p.child("averageValue"), t.averageValue, "must be positive"));
  }
  if (t?.averageUtilization !== undefined && t.averageUtilization < 1) {
    errs.push(invalid(p.child("averageUtilization"), t.averageUtilization, "must be greater than 0"));
  }
  return errs;
}

/** Checks shared by Resource and ContainerResource sources: a utilization or a raw value, not both. */
function validateResourceTarget(t: Partial<MetricTarget> | undefined, p: Path): FieldError[] {
  const errs = validateMetricTarget(t, p);
  if (t?.averageUtilization === undefined && t?.averageValue === undefined) {
    errs.push(
      required(p.child("averageUtilization"), "must set either a target raw value or a target utilization"),
    );
  }
  if (t?.averageUtilization !== undefined && t?.averageValue !== undefined) {
    errs.push(
      forbidden(p.child("averageValue"), "may not set both a target raw value and a target utilization"),
    );
  }
  return errs;
}

const SOURCE_TYPES = ["ContainerResource", "External", "Object", "Pods", "Resource"];
const FIELD_OF: Record<string, keyof MetricSpec> = {
  Object: "object",
  Pods: "pods",
  Resource: "resource",
  External: "external",
  ContainerResource: "containerResource",
};

function validateSource(m: MetricSpec, key: keyof MetricSpec, p: Path): FieldError[] {
  const errs: FieldError[] = [];
  switch (key) {
    case "object": {
      const o = m.object!;
      errs.push(...validateCrossVersionObjectReference(o.describedObject, p.child("describedObject")));
      errs.push(...validateMetricIdentifier(o.metric, p.child("metric")));
      errs.push(...validateMetricTarget(o.target, p.child("target")));
      if (o.target?.value === undefined && o.target?.averageValue === undefined) {
        errs.push(
          required(p.child("target").child("averageValue"), "must set either a target value or averageValue"),
        );
      }
      break;
    }
    case "external": {
      const e = m.external!;
      errs.push(...validateMetricIdentifier(e.metric, p.child("metric")));
      errs.push(...validateMetricTarget(e.target, p.child("target")));
      if (e.target?.value === undefined && e.target?.averageValue === undefined) {
        errs.push(
          required(
            p.child("target").child("averageValue"),
            "must set either a target value for metric or a per-pod target",
          ),
        );
      }
      if (e.target?.value !== undefined && e.target?.averageValue !== undefined) {
        errs.push(
          forbidden(
            p.child("target").child("value"),
            "may not set both a target value for metric and a per-pod target",
          ),
        );
      }
      break;
    }
    case "pods": {
      const s = m.pods!;
      errs.push(...validateMetricIdentifier(s.metric, p.child("metric")));
      errs.push(...validateMetricTarget(s.target, p.child("target")));
      if (s.target?.averageValue === undefined) {
        errs.push(
          required(p.child("target").child("averageValue"), "must specify a positive target averageValue"),
        );
      }
      break;
    }
    case "resource": {
      const r = m.resource!;
      if (!r.name) errs.push(required(p.child("name"), "must specify a resource name"));
      errs.push(...validateResourceTarget(r.target, p.child("target")));
      break;
    }
    case "containerResource": {
      const r = m.containerResource!;
      if (!r.name) errs.push(required(p.child("name"), "must specify a resource name"));
      if (!r.container) errs.push(required(p.child("container"), "must specify a container"));
      else
        for (const msg of isDNS1123Label(r.container))
          errs.push(invalid(p.child("container"), r.container, msg));
      errs.push(...validateResourceTarget(r.target, p.child("target")));
      break;
    }
  }
  return errs;
}

function validateMetricSpec(m: MetricSpec, p: Path): FieldError[] {
  const errs: FieldError[] = [];
  const type = m.type ?? "";
  if (type === "") errs.push(required(p.child("type"), "must specify a metric source type"));
  if (!SOURCE_TYPES.includes(type)) errs.push(notSupported(p.child("type"), type, SOURCE_TYPES));
  const present = (["object", "external", "pods", "resource", "containerResource"] as const).filter(
    (k) => m[k],
  );
  // Upstream validates only the first source present; the others are reported as extra.
  if (present.length > 0) errs.push(...validateSource(m, present[0]!, p.child(present[0]!)));
  const expected = FIELD_OF[type];
  if (expected && !m[expected])
    errs.push(required(p.child(expected), "must populate information for the given metric source"));
  if (present.length !== 1) {
    for (const k of present)
      if (k !== expected) errs.push(forbidden(p.child(k), "must populate the given metric source only"));
  }
  return errs;
}

function validateScalingRules(rules: HPAScalingRules | undefined, p: Path): FieldError[] {
  if (!rules) return [];
  const errs: FieldError[] = [];
  const w = rules.stabilizationWindowSeconds;
  if (w !== undefined && w < 0)
    errs.push(invalid(p.child("stabilizationWindowSeconds"), w, "must be greater than or equal to zero"));
  if (w !== undefined && w > MAX_STABILIZATION_WINDOW_SECONDS) {
    errs.push(
      invalid(
        p.child("stabilizationWindowSeconds"),
        w,
        `must be less than or equal to ${MAX_STABILIZATION_WINDOW_SECONDS}`,
      ),
    );
  }
  if (rules.selectPolicy !== undefined && !["Disabled", "Max", "Min"].includes(rules.selectPolicy)) {
    errs.push(notSupported(p.child("selectPolicy"), rules.selectPolicy, ["Disabled", "Max", "Min"]));
  }
  const pp = p.child("policies");
  if ((rules.policies ?? []).length === 0) errs.push(required(pp, "must specify at least one Policy"));
  (rules.policies ?? []).forEach((policy, i) => {
    const ip = pp.index(i);
    if (policy.type !== "Pods" && policy.type !== "Percent") {
      errs.push(notSupported(ip.child("type"), policy.type ?? "", ["Percent", "Pods"]));
    }
    if (!(policy.value > 0))
      errs.push(invalid(ip.child("value"), policy.value ?? 0, "must be greater than zero"));
    if (!(policy.periodSeconds > 0)) {
      errs.push(invalid(ip.child("periodSeconds"), policy.periodSeconds ?? 0, "must be greater than zero"));
    }
    if (policy.periodSeconds > MAX_PERIOD_SECONDS) {
      errs.push(
        invalid(
          ip.child("periodSeconds"),
          policy.periodSeconds,
          `must be less than or equal to ${MAX_PERIOD_SECONDS}`,
        ),
      );
    }
  });
  return errs;
}

/** Validates an autoscaling/v2 spec; `minReplicasLowerBound` is 1, or 0 when the old object allowed it. */
export function validateHpaSpec(
  spec: Partial<HorizontalPodAutoscalerSpec> | undefined,
  minReplicasLowerBound: number,
): FieldError[] {
  const p = path("spec");
  const errs: FieldError[] = [];
  const min = spec?.minReplicas;
  const max = spec?.maxReplicas ?? 0;
  if (min !== undefined && min < minReplicasLowerBound) {
    errs.push(
      invalid(p.child("minReplicas"), min, `must be greater than or equal to ${minReplicasLowerBound}`),
    );
  }
  if (max < 1) errs.push(invalid(p.child("maxReplicas"), max, "must be greater than 0"));
  if (min !== undefined && max < min)
    errs.push(invalid(p.child("maxReplicas"), max, "must be greater than or equal to `minReplicas`"));
  errs.push(...validateCrossVersionObjectReference(spec?.scaleTargetRef, p.child("scaleTargetRef")));
  const mp = p.child("metrics");
  const metrics = spec?.metrics ?? [];
  metrics.forEach((m, i) => {
    errs.push(...validateMetricSpec(m, mp.index(i)));
  });
  if (min === 0 && !metrics.some((m) => m.type === "Object" || m.type === "External")) {
    errs.push(
      forbidden(
        mp,
        "must specify at least one Object or External metric to support scaling to zero replicas",
      ),
    );
  }
  errs.push(...validateScalingRules(spec?.behavior?.scaleUp, p.child("behavior").child("scaleUp")));
  errs.push(...validateScalingRules(spec?.behavior?.scaleDown, p.child("behavior").child("scaleDown")));
  return errs;
}
