import assert from "node:assert/strict";
import { test } from "node:test";
import { errorString } from "../field.js";
import type { KubeObject, StrategyContext } from "../types.js";
import { replicaSetResource } from "./index.js";

const s = replicaSetResource.strategy!;
const ctx: StrategyContext = { namespace: "default", now: new Date("2024-01-01T00:00:00Z") };

/** The ReplicaSet from the seed notes (replicast-nginx). */
function fixture(): KubeObject {
  return {
    apiVersion: "apps/v1",
    kind: "ReplicaSet",
    metadata: { name: "replicast-nginx", namespace: "default", creationTimestamp: "2024-01-01T00:00:00Z" },
    spec: {
      replicas: 3,
      selector: { matchLabels: { app: "my-nginx-pods-label" } },
      template: {
        metadata: { name: "my-nginx-pod", labels: { app: "my-nginx-pods-label" } },
        spec: { containers: [{ name: "nginx", image: "nginx:latest", ports: [{ containerPort: 80 }] }] },
      },
    },
  };
}

test("replicas default to 1 and the seed replicaset is valid", () => {
  const rs = fixture();
  delete (rs.spec as Record<string, unknown>).replicas;
  s.defaults!(rs);
  assert.equal((rs.spec as Record<string, unknown>).replicas, 1);
  assert.deepEqual(s.validate!(rs), []);
});

test("validation: negative replicas, empty selector, activeDeadlineSeconds", () => {
  const rs = fixture();
  Object.assign(rs.spec as object, { replicas: -2, selector: {} });
  Object.assign((rs.spec as { template: { spec: object } }).template.spec, { activeDeadlineSeconds: 5 });
  s.defaults!(rs);
  assert.deepEqual(s.validate!(rs).map(errorString), [
    "spec.replicas: Invalid value: -2: must be greater than or equal to 0",
    "spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: empty selector is invalid for deployment",
    "spec.template.spec.activeDeadlineSeconds: Forbidden: activeDeadlineSeconds in ReplicaSet is not Supported",
  ]);
});

test("the selector is immutable; status is kept and generation bumps on scale", () => {
  const old = fixture();
  s.defaults!(old);
  s.prepareForCreate!(old, ctx);
  old.status = { replicas: 3 };
  const next = structuredClone(old);
  (next.spec as Record<string, unknown>).selector = { matchLabels: { app: "x" } };
  assert.deepEqual(s.validateUpdate!(next, old).map(errorString), [
    'spec.template.metadata.labels: Invalid value: map[string]string{"app":"my-nginx-pods-label"}: `selector` does not match template `labels`',
    'spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{"app":"x"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable',
  ]);
  const scaled = structuredClone(old);
  (scaled.spec as Record<string, unknown>).replicas = 1;
  delete scaled.status;
  s.prepareForUpdate!(scaled, old, ctx);
  assert.deepEqual(scaled.status, { replicas: 3 });
  assert.equal(scaled.metadata.generation, 2);
});

test("table cells and the status.replicas field selector", () => {
  const rs = fixture();
  rs.status = { replicas: 3, readyReplicas: 1 };
  assert.deepEqual(replicaSetResource.table!.cells(rs, new Date("2024-01-03T00:00:00Z")), [
    "replicast-nginx",
    3,
    3,
    1,
    "2d",
    "nginx",
    "nginx:latest",
    "app=my-nginx-pods-label",
  ]);
  assert.equal(replicaSetResource.fieldSelectors!["status.replicas"]!(rs), "3");
  assert.equal(replicaSetResource.fieldSelectors!["status.replicas"]!(fixture()), "0");
});
