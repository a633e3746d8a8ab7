import assert from "node:assert/strict";
import { test } from "node:test";
import { errorString } from "../field.js";
import type { KubeObject } from "../types.js";
import { leaseResource } from "./index.js";

function fixture(): KubeObject {
  return {
    metadata: { name: "node-1", namespace: "kube-node-lease", creationTimestamp: "2024-01-01T00:00:00Z" },
    spec: { holderIdentity: "node-1", leaseDurationSeconds: 40, renewTime: "2024-01-01T00:00:10.000000Z" },
  };
}

test("a node heartbeat lease is valid and shows its holder", () => {
  assert.deepEqual(leaseResource.strategy!.validate!(fixture()), []);
  assert.deepEqual(leaseResource.table!.cells(fixture(), new Date("2024-01-01T00:00:30Z")), [
    "node-1",
    "node-1",
    "30s",
  ]);
});

test("non-positive durations and negative transitions are rejected", () => {
  const l = fixture();
  Object.assign(l.spec as object, { leaseDurationSeconds: 0, leaseTransitions: -1, preferredHolder: "x" });
  assert.deepEqual(leaseResource.strategy!.validate!(l).map(errorString), [
    "spec.leaseDurationSeconds: Invalid value: 0: must be greater than 0",
    "spec.leaseTransitions: Invalid value: -1: must be greater than or equal to 0",
    "spec.preferredHolder: Forbidden: may only be specified if `strategy` is defined",
  ]);
});
