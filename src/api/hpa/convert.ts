/**
 * autoscaling/v1 <-> autoscaling/v2 HorizontalPodAutoscaler conversion, as upstream's
 * pkg/apis/autoscaling/v1/conversion.go: v1 only has targetCPUUtilizationPercentage, so every
 * other metric, the current metrics and the conditions ride in annotations (encoded in the old
 * autoscaling/v1 MetricSpec/MetricStatus shapes) and come back out when converting to v2.
 * v2 is the stored version.
 */
import type { HorizontalPodAutoscaler as V1Hpa } from "kubernetes-types/autoscaling/v1.js";
import type {
  ContainerResourceMetricSource,
  ContainerResourceMetricStatus,
  HorizontalPodAutoscalerCondition,
  MetricSpec,
  MetricStatus,
  ResourceMetricSource,
  ResourceMetricStatus,
  HorizontalPodAutoscaler as V2Hpa,
} from "kubernetes-types/autoscaling/v2.js";
import type { LabelSelector } from "kubernetes-types/meta/v1.js";
import { view } from "../common/values.js";
import type { KubeObject } from "../types.js";

export const METRICS_ANNOTATION = "autoscaling.alpha.kubernetes.io/metrics";
export const CURRENT_METRICS_ANNOTATION = "autoscaling.alpha.kubernetes.io/current-metrics";
export const CONDITIONS_ANNOTATION = "autoscaling.alpha.kubernetes.io/conditions";
/** The target autoscaling/v1 implies when it names none. */
export const DEFAULT_CPU_UTILIZATION = 80;

/** Quantities are strings on the wire (kubernetes-types types them so). */
type Quantity = string;
interface Ref {
  kind: string;
  name: string;
  apiVersion?: string;
}

/** autoscaling/v1's resource metric target; its container-resource one adds `container`. */
interface V1ResourceSpec {
  name: string;
  targetAverageUtilization?: number;
  targetAverageValue?: Quantity;
}

/** autoscaling/v1's resource metric status; its container-resource one adds `container`. */
interface V1ResourceStatus {
  name: string;
  currentAverageUtilization?: number;
  currentAverageValue: Quantity;
}

/** A container-resource metric: the resource one plus the container it measures. */
type WithContainer<T> = T & { container: string };
/** A resource metric, or a container-resource one (converted by the same code). */
type MaybeContainer<T> = T & { container?: string };

/** autoscaling/v1's (annotation-only) MetricSpec. */
interface V1MetricSpec {
  type: string;
  object?: {
    target: Ref;
    metricName: string;
    targetValue: Quantity;
    selector?: LabelSelector;
    averageValue?: Quantity;
  };
  pods?: { metricName: string; targetAverageValue: Quantity; selector?: LabelSelector };
  resource?: V1ResourceSpec;
  containerResource?: WithContainer<V1ResourceSpec>;
  external?: {
    metricName: string;
    metricSelector?: LabelSelector;
    targetValue?: Quantity;
    targetAverageValue?: Quantity;
  };
}

/** autoscaling/v1's (annotation-only) MetricStatus. */
interface V1MetricStatus {
  type: string;
  object?: {
    target: Ref;
    metricName: string;
    currentValue: Quantity;
    selector?: LabelSelector;
    averageValue?: Quantity;
  };
  pods?: { metricName: string; currentAverageValue: Quantity; selector?: LabelSelector };
  resource?: V1ResourceStatus;
  containerResource?: WithContainer<V1ResourceStatus>;
  external?: {
    metricName: string;
    metricSelector?: LabelSelector;
    currentValue: Quantity;
    currentAverageValue?: Quantity;
  };
}

/** Drops undefined members so converted objects compare and serialize cleanly. */
function clean<T extends object>(o: T): T {
  for (const k of Object.keys(o) as (keyof T)[]) if (o[k] === undefined) delete o[k];
  return o;
}

/*
 * Resource and ContainerResource metrics convert alike; `container` (absent for Resource) is
 * carried over in second place, where upstream's JSON has it. The overloads keep it required
 * for ContainerResource.
 */
function resourceSpecToV1(r: ContainerResourceMetricSource): WithContainer<V1ResourceSpec>;
function resourceSpecToV1(r: ResourceMetricSource): V1ResourceSpec;
function resourceSpecToV1(r: MaybeContainer<ResourceMetricSource>): MaybeContainer<V1ResourceSpec> {
  return clean({
    name: r.name,
    container: r.container,
    targetAverageUtilization: r.target.averageUtilization,
    targetAverageValue: r.target.averageValue,
  });
}

function resourceSpecToV2(r: WithContainer<V1ResourceSpec>): ContainerResourceMetricSource;
function resourceSpecToV2(r: V1ResourceSpec): ResourceMetricSource;
function resourceSpecToV2(r: MaybeContainer<V1ResourceSpec>): MaybeContainer<ResourceMetricSource> {
  return clean({
    name: r.name,
    container: r.container,
    target: clean({
      type: r.targetAverageUtilization === undefined ? "AverageValue" : "Utilization",
      averageUtilization: r.targetAverageUtilization,
      averageValue: r.targetAverageValue,
    }),
  });
}

function resourceStatusToV1(r: ContainerResourceMetricStatus): WithContainer<V1ResourceStatus>;
function resourceStatusToV1(r: ResourceMetricStatus): V1ResourceStatus;
function resourceStatusToV1(r: MaybeContainer<ResourceMetricStatus>): MaybeContainer<V1ResourceStatus> {
  return clean({
    name: r.name,
    container: r.container,
    currentAverageUtilization: r.current.averageUtilization,
    currentAverageValue: r.current.averageValue ?? "0",
  });
}

function resourceStatusToV2(r: WithContainer<V1ResourceStatus>): ContainerResourceMetricStatus;
function resourceStatusToV2(r: V1ResourceStatus): ResourceMetricStatus;
function resourceStatusToV2(r: MaybeContainer<V1ResourceStatus>): MaybeContainer<ResourceMetricStatus> {
  return clean({
    name: r.name,
    container: r.container,
    current: clean({ averageValue: r.currentAverageValue, averageUtilization: r.currentAverageUtilization }),
  });
}

const isCpuUtilization = (m: MetricSpec) =>
  m.type === "Resource" && m.resource?.name === "cpu" && m.resource.target?.averageUtilization !== undefined;

function specToV1(m: MetricSpec): V1MetricSpec {
  const out: V1MetricSpec = { type: m.type };
  if (m.object) {
    const t = m.object.target;
    out.object = clean({
      target: m.object.describedObject,
      metricName: m.object.metric.name,
      targetValue: t.value ?? "0",
      selector: m.object.metric.selector,
      averageValue: t.averageValue,
    });
  }
  if (m.pods) {
    out.pods = clean({
      metricName: m.pods.metric.name,
      targetAverageValue: m.pods.target.averageValue ?? "0",
      selector: m.pods.metric.selector,
    });
  }
  if (m.resource) out.resource = resourceSpecToV1(m.resource);
  if (m.containerResource) out.containerResource = resourceSpecToV1(m.containerResource);
  if (m.external) {
    const t = m.external.target;
    out.external = clean({
      metricName: m.external.metric.name,
      metricSelector: m.external.metric.selector,
      targetValue: t.value,
      targetAverageValue: t.averageValue,
    });
  }
  return out;
}

function specToV2(m: V1MetricSpec): MetricSpec {
  const out: MetricSpec = { type: m.type };
  if (m.object) {
    const o = m.object;
    const avg = o.averageValue !== undefined;
    out.object = {
      describedObject: o.target,
      metric: clean({ name: o.metricName, selector: o.selector }),
      // Upstream always copies targetValue; a zero one next to an average target is noise.
      target: clean({
        type: avg ? "AverageValue" : "Value",
        value: avg && quantityIsZero(o.targetValue) ? undefined : o.targetValue,
        averageValue: o.averageValue,
      }),
    };
  }
  if (m.pods) {
    out.pods = {
      metric: clean({ name: m.pods.metricName, selector: m.pods.selector }),
      target: { type: "AverageValue", averageValue: m.pods.targetAverageValue },
    };
  }
  if (m.resource) out.resource = resourceSpecToV2(m.resource);
  if (m.containerResource) out.containerResource = resourceSpecToV2(m.containerResource);
  if (m.external) {
    const e = m.external;
    out.external = {
      metric: clean({ name: e.metricName, selector: e.metricSelector }),
      target: clean({
        type: e.targetValue === undefined ? "AverageValue" : "Value",
        value: e.targetValue,
        averageValue: e.targetAverageValue,
      }),
    };
  }
  return out;
}

function statusToV1(m: MetricStatus): V1MetricStatus {
  const out: V1MetricStatus = { type: m.type };
  if (m.object) {
    out.object = clean({
      target: m.object.describedObject,
      metricName: m.object.metric.name,
      currentValue: m.object.current.value ?? "0",
      selector: m.object.metric.selector,
      averageValue: m.object.current.averageValue,
    });
  }
  if (m.pods) {
    out.pods = clean({
      metricName: m.pods.metric.name,
      currentAverageValue: m.pods.current.averageValue ?? "0",
      selector: m.pods.metric.selector,
    });
  }
  if (m.resource) out.resource = resourceStatusToV1(m.resource);
  if (m.containerResource) out.containerResource = resourceStatusToV1(m.containerResource);
  if (m.external) {
    out.external = clean({
      metricName: m.external.metric.name,
      metricSelector: m.external.metric.selector,
      currentValue: m.external.current.value ?? "0",
      currentAverageValue: m.external.current.averageValue,
    });
  }
  return out;
}

function statusToV2(m: V1MetricStatus): MetricStatus {
  const out: MetricStatus = { type: m.type };
  if (m.object) {
    const o = m.object;
    out.object = {
      describedObject: o.target,
      metric: clean({ name: o.metricName, selector: o.selector }),
      current: clean({ value: o.currentValue, averageValue: o.averageValue }),
    };
  }
  if (m.pods) {
    out.pods = {
      metric: clean({ name: m.pods.metricName, selector: m.pods.selector }),
      current: { averageValue: m.pods.currentAverageValue },
    };
  }
  if (m.resource) out.resource = resourceStatusToV2(m.resource);
  if (m.containerResource) out.containerResource = resourceStatusToV2(m.containerResource);
  if (m.external) {
    const e = m.external;
    out.external = {
      metric: clean({ name: e.metricName, selector: e.metricSelector }),
      current: clean({ value: e.currentValue, averageValue: e.currentAverageValue }),
    };
  }
  return out;
}

const quantityIsZero = (v: unknown) =>
  v === undefined || v === 0 || (typeof v === "string" && /^[+-]?[0.]+$/.test(v));

function parseList<T>(json: string | undefined): T[] | undefined {
  if (json === undefined) return undefined;
  try {
    const v: unknown = JSON.parse(json);
    return Array.isArray(v) ? (v as T[]) : undefined;
  } catch {
    return undefined;
  }
}

/** Converts a stored autoscaling/v2 HorizontalPodAutoscaler to autoscaling/v1. */
export function hpaToV1(obj: Readonly<KubeObject>): KubeObject {
  const src = structuredClone(view<V2Hpa>(obj));
  const spec = src.spec;
  const status = src.status;
  const metadata = structuredClone(obj.metadata);
  const annotations: Record<string, string> = { ...(metadata.annotations ?? {}) };
  const other = (spec?.metrics ?? []).filter((m) => !isCpuUtilization(m)).map(specToV1);
  if (other.length > 0) annotations[METRICS_ANNOTATION] = JSON.stringify(other);
  if ((status?.currentMetrics ?? []).length > 0) {
    annotations[CURRENT_METRICS_ANNOTATION] = JSON.stringify(status!.currentMetrics!.map(statusToV1));
  }
  if ((status?.conditions ?? []).length > 0)
    annotations[CONDITIONS_ANNOTATION] = JSON.stringify(status!.conditions);
  if (Object.keys(annotations).length > 0) metadata.annotations = annotations;

  const cpu = (spec?.metrics ?? []).find((m) => m.type === "Resource" && m.resource?.name === "cpu");
  const currentCpu = (status?.currentMetrics ?? []).find(
    (m) => m.type === "Resource" && m.resource?.name === "cpu",
  );
  const out: KubeObject = { apiVersion: "autoscaling/v1", kind: "HorizontalPodAutoscaler", metadata };
  if (spec) {
    out.spec = clean({
      scaleTargetRef: spec.scaleTargetRef,
      minReplicas: spec.minReplicas,
      maxReplicas: spec.maxReplicas,
      targetCPUUtilizationPercentage: cpu?.resource?.target?.averageUtilization,
    });
  }
  if (status) {
    out.status = clean({
      observedGeneration: status.observedGeneration,
      lastScaleTime: status.lastScaleTime,
      currentReplicas: status.currentReplicas ?? 0,
      desiredReplicas: status.desiredReplicas ?? 0,
      currentCPUUtilizationPercentage: currentCpu?.resource?.current?.averageUtilization,
    });
  }
  return out;
}

/** Converts an autoscaling/v1 HorizontalPodAutoscaler to the stored autoscaling/v2 form. */
export function hpaToV2(obj: Readonly<KubeObject>): KubeObject {
  const src = structuredClone(view<V1Hpa>(obj));
  const metadata = structuredClone(obj.metadata);
  const annotations: Record<string, string> = { ...(metadata.annotations ?? {}) };
  const other = parseList<V1MetricSpec>(annotations[METRICS_ANNOTATION]);
  const current = parseList<V1MetricStatus>(annotations[CURRENT_METRICS_ANNOTATION]);
  const conditions = parseList<HorizontalPodAutoscalerCondition>(annotations[CONDITIONS_ANNOTATION]);
  delete annotations[METRICS_ANNOTATION];
  delete annotations[CURRENT_METRICS_ANNOTATION];
  delete annotations[CONDITIONS_ANNOTATION];
  if (Object.keys(annotations).length > 0) metadata.annotations = annotations;
  else delete metadata.annotations;

  const out: KubeObject = { apiVersion: "autoscaling/v2", kind: "HorizontalPodAutoscaler", metadata };
  const spec = src.spec;
  if (spec) {
    const metrics: MetricSpec[] = (other ?? []).map(specToV2);
    // No explicit target and no other metric: v1 always meant 80% CPU.
    const cpu =
      spec.targetCPUUtilizationPercentage ?? (metrics.length === 0 ? DEFAULT_CPU_UTILIZATION : undefined);
    if (cpu !== undefined) {
      metrics.push({
        type: "Resource",
        resource: { name: "cpu", target: { type: "Utilization", averageUtilization: cpu } },
      });
    }
    out.spec = clean({
      scaleTargetRef: spec.scaleTargetRef,
      minReplicas: spec.minReplicas,
      maxReplicas: spec.maxReplicas,
      metrics,
    });
  }
  const status = src.status;
  if (status) {
    let currentMetrics: MetricStatus[] | undefined = current?.map(statusToV2);
    if (!currentMetrics && status.currentCPUUtilizationPercentage !== undefined) {
      currentMetrics = [
        {
          type: "Resource",
          resource: { name: "cpu", current: { averageUtilization: status.currentCPUUtilizationPercentage } },
        },
      ];
    }
    out.status = clean({
      observedGeneration: status.observedGeneration,
      lastScaleTime: status.lastScaleTime,
      // v2 omits a zero currentReplicas (omitempty); v1 always prints it.
      currentReplicas: status.currentReplicas || undefined,
      desiredReplicas: status.desiredReplicas ?? 0,
      currentMetrics,
      conditions,
    });
  }
  return out;
}
