import assert from "node:assert/strict";
import { test } from "node:test";
import { errorString } from "../field.js";
import type { KubeObject } from "../types.js";
import { storageClassResource } from "./index.js";

const s = storageClassResource.strategy!;

function fixture(): KubeObject {
  return {
    metadata: {
      name: "local-path",
      annotations: { "storageclass.kubernetes.io/is-default-class": "true" },
      creationTimestamp: "2024-01-01T00:00:00Z",
    },
    provisioner: "k8ts.io/local-path",
  };
}

test("defaults: Delete and Immediate; table marks the default class", () => {
  const sc = fixture();
  s.defaults!(sc);
  assert.equal(sc.reclaimPolicy, "Delete");
  assert.equal(sc.volumeBindingMode, "Immediate");
  assert.deepEqual(s.validate!(sc), []);
  assert.deepEqual(storageClassResource.table!.cells(sc, new Date("2024-01-01T02:00:00Z")), [
    "local-path (default)",
    "k8ts.io/local-path",
    "Delete",
    "Immediate",
    false,
    "120m",
  ]);
  assert.deepEqual(
    storageClassResource.table!.columns.map((c) => c.name.toUpperCase()),
    ["NAME", "PROVISIONER", "RECLAIMPOLICY", "VOLUMEBINDINGMODE", "ALLOWVOLUMEEXPANSION", "AGE"],
  );
});

test("validation: provisioner, reclaim policy, binding mode, topologies", () => {
  const sc = fixture();
  Object.assign(sc, {
    provisioner: "",
    reclaimPolicy: "Recycle",
    volumeBindingMode: "Later",
    allowedTopologies: [{ matchLabelExpressions: [{ key: "zone", values: [] }] }],
  });
  assert.deepEqual(s.validate!(sc).map(errorString), [
    "provisioner: Required value",
    'reclaimPolicy: Unsupported value: "Recycle": supported values: "Delete", "Retain"',
    'volumeBindingMode: Unsupported value: "Later": supported values: "Immediate", "WaitForFirstConsumer"',
    "allowedTopologies[0].matchLabelExpressions[0].values: Required value",
  ]);
});

test("parameters, provisioner and reclaim policy cannot change; binding mode is immutable", () => {
  const old = fixture();
  s.defaults!(old);
  const next = structuredClone(old);
  Object.assign(next, {
    parameters: { type: "ssd" },
    provisioner: "other.io/x",
    reclaimPolicy: "Retain",
    volumeBindingMode: "WaitForFirstConsumer",
  });
  assert.deepEqual(s.validateUpdate!(next, old).map(errorString), [
    "parameters: Forbidden: updates to parameters are forbidden.",
    "provisioner: Forbidden: updates to provisioner are forbidden.",
    "reclaimPolicy: Forbidden: updates to reclaimPolicy are forbidden.",
    'volumeBindingMode: Invalid value: "WaitForFirstConsumer": field is immutable',
  ]);
  const allowExpansion = structuredClone(old);
  allowExpansion.allowVolumeExpansion = true;
  assert.deepEqual(s.validateUpdate!(allowExpansion, old), []);
});
