import assert from "node:assert/strict";
import { test } from "node:test";
import { errorString } from "../field.js";
import type { KubeObject } from "../types.js";
import { daemonSetResource } from "./index.js";

const s = daemonSetResource.strategy!;

function fixture(): KubeObject {
  return {
    metadata: { name: "node-exporter", namespace: "kube-system", creationTimestamp: "2024-01-01T00:00:00Z" },
    spec: {
      selector: { matchLabels: { app: "exporter" } },
      template: {
        metadata: { labels: { app: "exporter" } },
        spec: {
          nodeSelector: { "kubernetes.io/os": "linux" },
          containers: [{ name: "exp", image: "exporter:1" }],
        },
      },
    },
  };
}

test("defaults: rolling update with maxUnavailable 1 and maxSurge 0, history 10", () => {
  const ds = fixture();
  s.defaults!(ds);
  const spec = ds.spec as Record<string, unknown>;
  assert.deepEqual(spec.updateStrategy, {
    type: "RollingUpdate",
    rollingUpdate: { maxUnavailable: 1, maxSurge: 0 },
  });
  assert.equal(spec.revisionHistoryLimit, 10);
  assert.deepEqual(s.validate!(ds), []);
});

test("update strategy rules: unknown type, both surge and unavailable, neither", () => {
  const bad = fixture();
  (bad.spec as Record<string, unknown>).updateStrategy = { type: "Sometimes" };
  s.defaults!(bad);
  assert.deepEqual(s.validate!(bad).map(errorString), [
    'spec.updateStrategy: Unsupported value: {"type":"Sometimes"}: supported values: "RollingUpdate", "OnDelete"',
  ]);
  const both = fixture();
  (both.spec as Record<string, unknown>).updateStrategy = {
    type: "RollingUpdate",
    rollingUpdate: { maxUnavailable: 1, maxSurge: "10%" },
  };
  s.defaults!(both);
  assert.deepEqual(s.validate!(both).map(errorString), [
    'spec.updateStrategy.rollingUpdate.maxSurge: Invalid value: "10%": may not be set when maxUnavailable is non-zero',
  ]);
  const neither = fixture();
  (neither.spec as Record<string, unknown>).updateStrategy = {
    type: "RollingUpdate",
    rollingUpdate: { maxUnavailable: 0 },
  };
  s.defaults!(neither);
  assert.deepEqual(s.validate!(neither).map(errorString), [
    "spec.updateStrategy.rollingUpdate.maxUnavailable: Required value: cannot be 0 when maxSurge is 0",
  ]);
});

test("table cells show the node selector and counts", () => {
  const ds = fixture();
  ds.status = {
    desiredNumberScheduled: 2,
    currentNumberScheduled: 2,
    numberReady: 1,
    updatedNumberScheduled: 2,
    numberAvailable: 1,
  };
  assert.deepEqual(daemonSetResource.table!.cells(ds, new Date("2024-01-01T01:00:00Z")), [
    "node-exporter",
    2,
    2,
    1,
    2,
    1,
    "kubernetes.io/os=linux",
    "60m",
    "exp",
    "exporter:1",
    "app=exporter",
  ]);
  assert.equal(daemonSetResource.table!.columns[6]!.name, "Node Selector");
});
