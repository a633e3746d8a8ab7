import assert from "node:assert/strict";
import { test } from "node:test";
import { errorString } from "../field.js";
import type { KubeObject, StrategyContext } from "../types.js";
import {
  CONDITIONS_ANNOTATION,
  CURRENT_METRICS_ANNOTATION,
  hpaToV1,
  hpaToV2,
  METRICS_ANNOTATION,
} from "./convert.js";
import { hpaV1Resource, hpaV2Resource } from "./index.js";

const ctx: StrategyContext = { namespace: "default", now: new Date("2024-01-01T00:00:00Z") };
const v2 = hpaV2Resource.strategy!;
const v1 = hpaV1Resource.strategy!;

function v2Fixture(): KubeObject {
  return {
    apiVersion: "autoscaling/v2",
    kind: "HorizontalPodAutoscaler",
    metadata: { name: "web", namespace: "default", creationTimestamp: "2024-01-01T00:00:00Z" },
    spec: {
      scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name: "web" },
      minReplicas: 2,
      maxReplicas: 10,
      metrics: [
        {
          type: "Pods",
          pods: { metric: { name: "qps" }, target: { type: "AverageValue", averageValue: "100" } },
        },
        {
          type: "Resource",
          resource: { name: "cpu", target: { type: "Utilization", averageUtilization: 50 } },
        },
      ],
    },
    status: {
      currentReplicas: 3,
      desiredReplicas: 3,
      currentMetrics: [
        { type: "Pods", pods: { metric: { name: "qps" }, current: { averageValue: "80" } } },
        {
          type: "Resource",
          resource: { name: "cpu", current: { averageUtilization: 40, averageValue: "120m" } },
        },
      ],
      conditions: [{ type: "AbleToScale", status: "True", reason: "ReadyForNewScale" }],
    },
  };
}

test("v2 defaults: minReplicas 1, 80% CPU when no metrics, behavior filled once present", () => {
  const h: KubeObject = {
    metadata: { name: "h" },
    spec: {
      scaleTargetRef: { kind: "Deployment", name: "d" },
      maxReplicas: 3,
      behavior: { scaleDown: { stabilizationWindowSeconds: 60 } },
    },
  };
  v2.defaults!(h);
  const spec = h.spec as Record<string, unknown>;
  assert.equal(spec.minReplicas, 1);
  assert.deepEqual(spec.metrics, [
    { type: "Resource", resource: { name: "cpu", target: { type: "Utilization", averageUtilization: 80 } } },
  ]);
  assert.deepEqual(spec.behavior, {
    scaleUp: {
      stabilizationWindowSeconds: 0,
      selectPolicy: "Max",
      policies: [
        { type: "Pods", value: 4, periodSeconds: 15 },
        { type: "Percent", value: 100, periodSeconds: 15 },
      ],
    },
    scaleDown: {
      stabilizationWindowSeconds: 60,
      selectPolicy: "Max",
      policies: [{ type: "Percent", value: 100, periodSeconds: 15 }],
    },
  });
  assert.deepEqual(v2.validate!(h), []);
});

test("v2 validation: replica bounds, target ref, metric target", () => {
  const h = v2Fixture();
  Object.assign(h.spec as object, {
    minReplicas: 0,
    maxReplicas: 0,
    scaleTargetRef: { kind: "", name: "a/b" },
    metrics: [
      { type: "Resource", resource: { name: "cpu", target: { type: "Utilization", averageUtilization: 0 } } },
    ],
  });
  assert.deepEqual(v2.validate!(h).map(errorString), [
    "spec.minReplicas: Invalid value: 0: must be greater than or equal to 1",
    "spec.maxReplicas: Invalid value: 0: must be greater than 0",
    "spec.scaleTargetRef.kind: Required value",
    "spec.scaleTargetRef.name: Invalid value: \"a/b\": may not contain '/'",
    "spec.metrics[0].resource.target.averageUtilization: Invalid value: 0: must be greater than 0",
    "spec.metrics: Forbidden: must specify at least one Object or External metric to support scaling to zero replicas",
  ]);
  const swapped = v2Fixture();
  Object.assign(swapped.spec as object, { minReplicas: 5, maxReplicas: 3 });
  assert.deepEqual(v2.validate!(swapped).map(errorString), [
    "spec.maxReplicas: Invalid value: 3: must be greater than or equal to `minReplicas`",
  ]);
  const wrongSource = v2Fixture();
  (wrongSource.spec as Record<string, unknown>).metrics = [
    { type: "Pods", resource: { name: "cpu", target: { type: "Utilization", averageUtilization: 5 } } },
  ];
  assert.deepEqual(v2.validate!(wrongSource).map(errorString), [
    "spec.metrics[0].pods: Required value: must populate information for the given metric source",
  ]);
});

test("v2 -> v1 -> v2 keeps every metric, status metric and condition", () => {
  const stored = v2Fixture();
  const asV1 = hpaToV1(stored);
  assert.equal((asV1.spec as Record<string, unknown>).targetCPUUtilizationPercentage, 50);
  assert.deepEqual(asV1.status, {
    currentReplicas: 3,
    desiredReplicas: 3,
    currentCPUUtilizationPercentage: 40,
  });
  const ann = asV1.metadata.annotations!;
  assert.deepEqual(JSON.parse(ann[METRICS_ANNOTATION]!), [
    { type: "Pods", pods: { metricName: "qps", targetAverageValue: "100" } },
  ]);
  assert.deepEqual(JSON.parse(ann[CURRENT_METRICS_ANNOTATION]!)[1], {
    type: "Resource",
    resource: { name: "cpu", currentAverageUtilization: 40, currentAverageValue: "120m" },
  });
  assert.ok(ann[CONDITIONS_ANNOTATION]);
  assert.deepEqual(hpaToV2(asV1), stored);
});

test("v1 -> v2 -> v1 round trip, and v1's implied 80% CPU target", () => {
  const obj: KubeObject = {
    apiVersion: "autoscaling/v1",
    kind: "HorizontalPodAutoscaler",
    metadata: { name: "php-apache", namespace: "default", labels: { a: "b" } },
    spec: {
      scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name: "php-apache" },
      minReplicas: 1,
      maxReplicas: 10,
      targetCPUUtilizationPercentage: 50,
    },
    status: { currentReplicas: 0, desiredReplicas: 0 },
  };
  assert.deepEqual(hpaToV1(hpaToV2(obj)), obj);
  const implied = structuredClone(obj);
  delete (implied.spec as Record<string, unknown>).targetCPUUtilizationPercentage;
  assert.deepEqual((hpaToV2(implied).spec as { metrics: unknown[] }).metrics, [
    { type: "Resource", resource: { name: "cpu", target: { type: "Utilization", averageUtilization: 80 } } },
  ]);
});

test("the v1 strategy works through v2: defaults, status reset, kept status, validation paths", () => {
  const obj: KubeObject = {
    metadata: { name: "h" },
    spec: { scaleTargetRef: { kind: "Deployment", name: "d" }, maxReplicas: 4 },
  };
  v1.defaults!(obj);
  assert.deepEqual(obj.spec, {
    scaleTargetRef: { kind: "Deployment", name: "d" },
    minReplicas: 1,
    maxReplicas: 4,
    targetCPUUtilizationPercentage: 80,
  });
  v1.prepareForCreate!(obj, ctx);
  assert.deepEqual(obj.status, { currentReplicas: 0, desiredReplicas: 0 });
  assert.equal(obj.metadata.generation, 1);
  const old = structuredClone(obj);
  old.status = { currentReplicas: 2, desiredReplicas: 2, currentCPUUtilizationPercentage: 30 };
  const next = structuredClone(obj);
  (next.spec as Record<string, unknown>).maxReplicas = 6;
  v1.prepareForUpdate!(next, old, ctx);
  assert.deepEqual(next.status, {
    currentReplicas: 2,
    desiredReplicas: 2,
    currentCPUUtilizationPercentage: 30,
  });
  assert.equal(next.metadata.generation, 2);
  (next.spec as Record<string, unknown>).targetCPUUtilizationPercentage = 0;
  assert.deepEqual(v1.validate!(next).map(errorString), [
    "spec.metrics[0].resource.target.averageUtilization: Invalid value: 0: must be greater than 0",
  ]);
});

test("table TARGETS like kubectl get hpa", () => {
  const h = v2Fixture();
  const cells = hpaV2Resource.table!.cells(h, new Date("2024-01-01T00:00:10Z"));
  assert.deepEqual(cells, ["web", "Deployment/web", "80/100, cpu: 40%/50%", "2", 10, 3, "10s"]);
  const fresh = v2Fixture();
  delete fresh.status;
  (fresh.spec as Record<string, unknown>).metrics = [
    { type: "Resource", resource: { name: "memory", target: { type: "AverageValue", averageValue: "1Gi" } } },
    { type: "External", external: { metric: { name: "q" }, target: { type: "Value", value: "5" } } },
    {
      type: "Object",
      object: {
        describedObject: { kind: "Service", name: "s" },
        metric: { name: "rps" },
        target: { type: "AverageValue", averageValue: "2" },
      },
    },
  ];
  assert.equal(
    hpaV2Resource.table!.cells(fresh, new Date())[2],
    "memory: <unknown>/1Gi, <unknown>/5 + 1 more...",
  );
  assert.deepEqual(hpaV1Resource.table!.cells(hpaToV1(h), new Date("2024-01-01T00:00:10Z")), cells);
});
