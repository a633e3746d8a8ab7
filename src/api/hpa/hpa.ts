/**
 * HorizontalPodAutoscaler defaults, strategies and table. autoscaling/v2 is stored; the
 * autoscaling/v1 strategy runs the v2 hooks through the conversion so both versions behave
 * identically whichever form the API server hands them.
 */
import type {
  HorizontalPodAutoscaler,
  HPAScalingRules,
  MetricSpec,
  MetricStatus,
} from "kubernetes-types/autoscaling/v2.js";
import { bumpGenerationOnChange, keepStatus } from "../common/status.js";
import { AGE_COLUMN, ageOf, NAME_COLUMN } from "../common/table.js";
import { ensure, view } from "../common/values.js";
import type { KubeObject, Strategy, TableDef } from "../types.js";
import { DEFAULT_CPU_UTILIZATION, hpaToV1, hpaToV2 } from "./convert.js";
import { validateHpaSpec } from "./validation.js";

const defaultScaleUp: HPAScalingRules = {
  stabilizationWindowSeconds: 0,
  selectPolicy: "Max",
  policies: [
    { type: "Pods", value: 4, periodSeconds: 15 },
    { type: "Percent", value: 100, periodSeconds: 15 },
  ],
};
const defaultScaleDown: HPAScalingRules = {
  selectPolicy: "Max",
  policies: [{ type: "Percent", value: 100, periodSeconds: 15 }],
};

function fillRules(rules: HPAScalingRules | undefined, defaults: HPAScalingRules): HPAScalingRules {
  const out = structuredClone(defaults);
  if (rules?.selectPolicy !== undefined) out.selectPolicy = rules.selectPolicy;
  if (rules?.stabilizationWindowSeconds !== undefined)
    out.stabilizationWindowSeconds = rules.stabilizationWindowSeconds;
  if (rules?.policies !== undefined) out.policies = rules.policies;
  const tolerance = (rules as { tolerance?: unknown } | undefined)?.tolerance;
  if (tolerance !== undefined) (out as { tolerance?: unknown }).tolerance = tolerance;
  return out;
}

/** autoscaling/v2 defaults (upstream pkg/apis/autoscaling/v2/defaults.go). */
export function defaultHpa(obj: KubeObject): void {
  const spec = ensure(view<HorizontalPodAutoscaler>(obj), "spec");
  spec.minReplicas ??= 1;
  if (!spec.metrics || spec.metrics.length === 0) {
    spec.metrics = [
      {
        type: "Resource",
        resource: {
          name: "cpu",
          target: { type: "Utilization", averageUtilization: DEFAULT_CPU_UTILIZATION },
        },
      },
    ];
  }
  if (spec.behavior) {
    spec.behavior.scaleUp = fillRules(spec.behavior.scaleUp, defaultScaleUp);
    spec.behavior.scaleDown = fillRules(spec.behavior.scaleDown, defaultScaleDown);
  }
}

export const hpaStrategy: Strategy = {
  defaults: defaultHpa,
  prepareForCreate(obj) {
    obj.status = { desiredReplicas: 0 };
    obj.metadata.generation = 1;
  },
  prepareForUpdate(obj, old) {
    keepStatus(obj, old);
    bumpGenerationOnChange(obj, old);
  },
  validate: (obj) => validateHpaSpec(view<HorizontalPodAutoscaler>(obj).spec, 1),
  validateUpdate(obj, old) {
    // Scale-to-zero stays allowed for objects that already use it.
    const lower = view<HorizontalPodAutoscaler>(old).spec?.minReplicas === 0 ? 0 : 1;
    return validateHpaSpec(view<HorizontalPodAutoscaler>(obj).spec, lower);
  },
};

/** Replaces `target`'s members with `source`'s (hooks mutate the object they are given). */
function assign(target: KubeObject, source: KubeObject): void {
  for (const k of Object.keys(target)) if (!(k in source)) delete target[k];
  Object.assign(target, source);
}

/** autoscaling/v1: each hook converts to v2, runs the v2 hook and converts back. */
export const hpaV1Strategy: Strategy = {
  defaults(obj) {
    const v2 = hpaToV2(obj);
    defaultHpa(v2);
    assign(obj, hpaToV1(v2));
  },
  prepareForCreate(obj, ctx) {
    const v2 = hpaToV2(obj);
    hpaStrategy.prepareForCreate!(v2, ctx);
    assign(obj, hpaToV1(v2));
  },
  prepareForUpdate(obj, old, ctx) {
    const v2 = hpaToV2(obj);
    hpaStrategy.prepareForUpdate!(v2, hpaToV2(old), ctx);
    assign(obj, hpaToV1(v2));
  },
  validate: (obj) => hpaStrategy.validate!(hpaToV2(obj)),
  validateUpdate: (obj, old) => hpaStrategy.validateUpdate!(hpaToV2(obj), hpaToV2(old)),
};

type Quantity = string | number;
const q = (v: Quantity | undefined) => (v === undefined ? "<unknown>" : String(v));

/** One TARGETS entry, as upstream's formatHPAMetrics. */
function formatMetric(spec: MetricSpec, status: MetricStatus | undefined): string {
  switch (spec.type) {
    case "External": {
      const t = spec.external?.target;
      if (t?.averageValue !== undefined) {
        return `${status?.external?.current?.averageValue !== undefined ? q(status.external.current.averageValue) : "<unknown>"}/${q(t.averageValue)} (avg)`;
      }
      return `${status?.external ? q(status.external.current?.value) : "<unknown>"}/${q(t?.value)}`;
    }
    case "Pods":
      return `${status?.pods ? q(status.pods.current?.averageValue) : "<unknown>"}/${q(spec.pods?.target?.averageValue)}`;
    case "Object": {
      const t = spec.object?.target;
      if (t?.averageValue !== undefined) {
        return `${status?.object?.current?.averageValue !== undefined ? q(status.object.current.averageValue) : "<unknown>"}/${q(t.averageValue)} (avg)`;
      }
      return `${status?.object ? q(status.object.current?.value) : "<unknown>"}/${q(t?.value)}`;
    }
    case "Resource":
    case "ContainerResource": {
      const src = spec.type === "Resource" ? spec.resource : spec.containerResource;
      const cur = spec.type === "Resource" ? status?.resource : status?.containerResource;
      const t = src?.target;
      if (t?.averageValue !== undefined)
        return `${src?.name}: ${cur ? q(cur.current?.averageValue) : "<unknown>"}/${q(t.averageValue)}`;
      const current =
        cur?.current?.averageUtilization !== undefined ? `${cur.current.averageUtilization}%` : "<unknown>";
      const target = t?.averageUtilization !== undefined ? `${t.averageUtilization}%` : "<auto>";
      return `${src?.name}: ${current}/${target}`;
    }
    default:
      return "<unknown type>";
  }
}

/** Upstream's formatHPAMetrics: at most two targets, then "+ N more...". */
export function formatHpaMetrics(specs: readonly MetricSpec[], statuses: readonly MetricStatus[]): string {
  if (specs.length === 0) return "<none>";
  const list = specs.map((s, i) => formatMetric(s, statuses[i]));
  if (list.length > 2) return `${list.slice(0, 2).join(", ")} + ${list.length - 2} more...`;
  return list.join(", ");
}

/** `kubectl get hpa` columns (upstream printers.go printHorizontalPodAutoscaler), on the v2 form. */
export const hpaTable: TableDef = {
  columns: [
    NAME_COLUMN,
    {
      name: "Reference",
      type: "string",
      description:
        "scaleTargetRef points to the target resource to scale, and is used to the pods for which metrics should be collected, as well as to actually change the replica count.",
    },
    {
      name: "Targets",
      type: "string",
      description:
        "metrics contains the specifications for which to use to calculate the desired replica count (the maximum replica count across all metrics will be used).",
    },
    {
      name: "MinPods",
      type: "string",
      description:
        "minReplicas is the lower limit for the number of replicas to which the autoscaler can scale down.",
    },
    {
      name: "MaxPods",
      type: "string",
      description:
        "maxReplicas is the upper limit for the number of replicas to which the autoscaler can scale up. It cannot be less that minReplicas.",
    },
    {
      name: "Replicas",
      type: "string",
      description:
        "currentReplicas is current number of replicas of pods managed by this autoscaler, as last seen by the autoscaler.",
    },
    AGE_COLUMN,
  ],
  cells(obj, now) {
    const h = view<HorizontalPodAutoscaler>(obj);
    const ref = h.spec?.scaleTargetRef;
    return [
      obj.metadata.name ?? "",
      `${ref?.kind ?? ""}/${ref?.name ?? ""}`,
      formatHpaMetrics(h.spec?.metrics ?? [], h.status?.currentMetrics ?? []),
      h.spec?.minReplicas !== undefined ? String(h.spec.minReplicas) : "<unset>",
      h.spec?.maxReplicas ?? 0,
      h.status?.currentReplicas ?? 0,
      ageOf(obj, now),
    ];
  },
};

/** The same table for autoscaling/v1 objects. */
export const hpaV1Table: TableDef = {
  columns: hpaTable.columns,
  cells: (obj, now) => hpaTable.cells(hpaToV2(obj), now),
};
