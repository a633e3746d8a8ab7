import assert from "node:assert/strict";
import { test } from "node:test";
import { errorString } from "../field.js";
import type { KubeObject } from "../types.js";
import { limitRangeResource, limitRangeStrategy as s } from "./index.js";

const fixture = (limits: unknown[]): KubeObject => ({
  apiVersion: "v1",
  kind: "LimitRange",
  metadata: { name: "limits", namespace: "default", creationTimestamp: "2024-01-01T00:00:00Z" },
  spec: { limits },
});

test("container defaults come from max, then default, then min", () => {
  const lr = fixture([
    { type: "Container", max: { memory: "1Gi" }, min: { cpu: "100m" }, default: { cpu: "0.5" } },
  ]);
  s.defaults?.(lr);
  assert.deepEqual((lr.spec as { limits: unknown[] }).limits[0], {
    type: "Container",
    max: { memory: "1Gi" },
    min: { cpu: "100m" },
    default: { cpu: "500m", memory: "1Gi" },
    defaultRequest: { cpu: "500m", memory: "1Gi" },
  });
  assert.deepEqual(s.validate?.(lr), []);
});

test("bounds must be ordered; Pod items take no defaults", () => {
  const lr = fixture([
    { type: "Container", max: { memory: "1Gi" }, default: { memory: "2Gi" } },
    { type: "Pod", default: { cpu: "1" } },
  ]);
  assert.deepEqual((s.validate?.(lr) ?? []).map(errorString), [
    `spec.limits[0].default[memory]: Invalid value: "1Gi": default value 2Gi is greater than max value 1Gi`,
    "spec.limits[1].default: Forbidden: may not be specified when `type` is 'Pod'",
  ]);
});

test("the table is NAME, CREATED AT as upstream's default", () => {
  assert.deepEqual(
    limitRangeResource.table!.columns.map((c) => c.name),
    ["Name", "Created At"],
  );
  assert.deepEqual(limitRangeResource.table!.cells(fixture([]), new Date()), [
    "limits",
    "2024-01-01T00:00:00Z",
  ]);
});
