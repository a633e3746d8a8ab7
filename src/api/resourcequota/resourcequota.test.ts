import assert from "node:assert/strict";
import { test } from "node:test";
import { errorString } from "../field.js";
import type { KubeObject, StrategyContext } from "../types.js";
import { resourceQuotaResource, resourceQuotaStatusStrategy, resourceQuotaStrategy as s } from "./index.js";

const ctx: StrategyContext = { namespace: "default", now: new Date("2024-01-01T00:00:00Z") };
const fixture = (hard: Record<string, unknown>): KubeObject => ({
  apiVersion: "v1",
  kind: "ResourceQuota",
  metadata: { name: "compute", namespace: "default", creationTimestamp: "2024-01-01T00:00:00Z" },
  spec: { hard },
});

test("hard limits must be standard quota resources with valid quantities", () => {
  assert.deepEqual(
    s.validate?.(
      fixture({ pods: "10", "requests.cpu": "1", "limits.memory": "2Gi", "count/deployments.apps": "3" }),
    ),
    [],
  );
  assert.deepEqual((s.validate?.(fixture({ gpus: "1", pods: "1.5" })) ?? []).map(errorString), [
    `spec.hard[gpus]: Invalid value: "gpus": must be a standard resource for quota`,
    `spec.hard[pods]: Invalid value: "1500m": must be an integer`,
  ]);
});

test("status is reset on create and kept on update; the status endpoint keeps spec", () => {
  const rq = fixture({ pods: "10" });
  rq.status = { used: { pods: "99" } };
  s.prepareForCreate?.(rq, ctx);
  assert.deepEqual(rq.status, {});
  const next = structuredClone(rq);
  next.status = { hard: { pods: "10" }, used: { pods: "2" } };
  (next.spec as Record<string, unknown>).hard = { pods: "20" };
  resourceQuotaStatusStrategy.prepareForUpdate?.(next, rq, ctx);
  assert.deepEqual(next.spec, { hard: { pods: "10" } });
  assert.deepEqual(next.status, { hard: { pods: "10" }, used: { pods: "2" } });
});

test("REQUEST and LIMIT cells list used/hard per resource", () => {
  const rq = fixture({});
  rq.status = {
    hard: { pods: "10", "limits.memory": "2Gi", "requests.cpu": "1" },
    used: { pods: "2", "requests.cpu": "500m" },
  };
  assert.deepEqual(resourceQuotaResource.table!.cells(rq, new Date("2024-01-01T00:00:07Z")), [
    "compute",
    "7s",
    "pods: 2/10, requests.cpu: 500m/1",
    "limits.memory: 0/2Gi",
  ]);
});
