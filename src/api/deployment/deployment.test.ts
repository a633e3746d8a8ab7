import assert from "node:assert/strict";
import { test } from "node:test";
import { daemonSetResource } from "../daemonset/index.js";
import { errorString } from "../field.js";
import { replicaSetResource } from "../replicaset/index.js";
import { statefulSetResource } from "../statefulset/index.js";
import type { KubeObject, StrategyContext } from "../types.js";
import { deploymentResource } from "./index.js";

const s = deploymentResource.strategy!;
const ctx: StrategyContext = { namespace: "default", now: new Date("2024-01-01T00:00:00Z") };

/** The Deployment from the seed notes (my-nginx-deployment, 3 replicas of nginx:1.10). */
function fixture(): KubeObject {
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name: "my-nginx-deployment", namespace: "default" },
    spec: {
      replicas: 3,
      selector: { matchLabels: { app: "my-nginx" } },
      template: {
        metadata: { name: "my-nginx-pod", labels: { app: "my-nginx" } },
        spec: { containers: [{ name: "nginx", image: "nginx:1.10", ports: [{ containerPort: 80 }] }] },
      },
    },
  };
}

function errors(obj: KubeObject): string[] {
  s.defaults!(obj);
  return s.validate!(obj).map(errorString);
}

test("defaults follow apps/v1: rolling update 25%/25%, history 10, deadline 600, one replica", () => {
  const d = fixture();
  delete (d.spec as { replicas?: number }).replicas;
  s.defaults!(d);
  const spec = d.spec as Record<string, unknown>;
  assert.equal(spec.replicas, 1);
  assert.deepEqual(spec.strategy, {
    type: "RollingUpdate",
    rollingUpdate: { maxUnavailable: "25%", maxSurge: "25%" },
  });
  assert.equal(spec.revisionHistoryLimit, 10);
  assert.equal(spec.progressDeadlineSeconds, 600);
  assert.equal((spec.template as { spec: { restartPolicy: string } }).spec.restartPolicy, "Always");
});

test("a Recreate strategy gets no rollingUpdate and an explicit 0 replicas stays 0", () => {
  const d = fixture();
  (d.spec as Record<string, unknown>).replicas = 0;
  (d.spec as Record<string, unknown>).strategy = { type: "Recreate" };
  s.defaults!(d);
  assert.deepEqual((d.spec as Record<string, unknown>).strategy, { type: "Recreate" });
  assert.equal((d.spec as Record<string, unknown>).replicas, 0);
  assert.deepEqual(s.validate!(d), []);
});

test("the seed deployment is valid", () => {
  assert.deepEqual(errors(fixture()), []);
});

test("a missing selector is required and cannot select the template", () => {
  const d = fixture();
  delete (d.spec as Record<string, unknown>).selector;
  assert.deepEqual(errors(d), [
    "spec.selector: Required value",
    'spec.template.metadata.labels: Invalid value: map[string]string{"app":"my-nginx"}: `selector` does not match template `labels`',
  ]);
});

test("a selector that does not match the template labels is rejected", () => {
  const d = fixture();
  (d.spec as Record<string, unknown>).selector = { matchLabels: { app: "other" } };
  assert.deepEqual(errors(d), [
    'spec.template.metadata.labels: Invalid value: map[string]string{"app":"my-nginx"}: `selector` does not match template `labels`',
  ]);
});

test("matchExpressions select the template too", () => {
  const d = fixture();
  (d.spec as Record<string, unknown>).selector = {
    matchExpressions: [{ key: "app", operator: "In", values: ["my-nginx", "web"] }],
  };
  assert.deepEqual(errors(d), []);
});

test("negative replicas, unknown strategy and both-zero rolling update are rejected with upstream wording", () => {
  const d = fixture();
  (d.spec as Record<string, unknown>).replicas = -1;
  (d.spec as Record<string, unknown>).strategy = { type: "BlueGreen" };
  assert.deepEqual(errors(d), [
    "spec.replicas: Invalid value: -1: must be greater than or equal to 0",
    'spec.strategy: Unsupported value: {"type":"BlueGreen"}: supported values: "Recreate", "RollingUpdate"',
  ]);
  const z = fixture();
  (z.spec as Record<string, unknown>).strategy = {
    type: "RollingUpdate",
    rollingUpdate: { maxSurge: 0, maxUnavailable: "0%" },
  };
  assert.deepEqual(errors(z), [
    'spec.strategy.rollingUpdate.maxUnavailable: Invalid value: "0%": may not be 0 when `maxSurge` is 0',
  ]);
  const bad = fixture();
  (bad.spec as Record<string, unknown>).strategy = {
    type: "RollingUpdate",
    rollingUpdate: { maxSurge: "x", maxUnavailable: "150%" },
  };
  assert.deepEqual(errors(bad), [
    "spec.strategy.rollingUpdate.maxSurge: Invalid value: \"x\": a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')",
    'spec.strategy.rollingUpdate.maxUnavailable: Invalid value: "150%": must not be greater than 100%',
  ]);
});

test("Recreate with a leftover rollingUpdate is forbidden", () => {
  const d = fixture();
  s.defaults!(d);
  (d.spec as { strategy: { type: string } }).strategy.type = "Recreate";
  assert.deepEqual(s.validate!(d).map(errorString), [
    "spec.strategy.rollingUpdate: Forbidden: may not be specified when strategy `type` is 'Recreate'",
  ]);
});

test("progressDeadlineSeconds must exceed minReadySeconds; restartPolicy must be Always", () => {
  const d = fixture();
  Object.assign(d.spec as object, { minReadySeconds: 600 });
  (d.spec as { template: { spec: Record<string, unknown> } }).template.spec.restartPolicy = "OnFailure";
  assert.deepEqual(errors(d), [
    'spec.template.spec.restartPolicy: Unsupported value: "OnFailure": supported values: "Always"',
    "spec.progressDeadlineSeconds: Invalid value: 600: must be greater than minReadySeconds",
  ]);
});

test("the selector is immutable on update", () => {
  const old = fixture();
  s.defaults!(old);
  const next = structuredClone(old);
  (next.spec as Record<string, unknown>).selector = { matchLabels: { app: "my-nginx", tier: "web" } };
  (
    next.spec as { template: { metadata: { labels: Record<string, string> } } }
  ).template.metadata.labels.tier = "web";
  assert.deepEqual(s.validateUpdate!(next, old).map(errorString), [
    'spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{"app":"my-nginx", "tier":"web"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable',
  ]);
});

test("create clears status and starts generation at 1; updates keep status and bump generation on spec or annotation change", () => {
  const d = fixture();
  d.status = { replicas: 9 };
  s.prepareForCreate!(d, ctx);
  assert.deepEqual(d.status, {});
  assert.equal(d.metadata.generation, 1);

  const stored = structuredClone(d);
  stored.status = { replicas: 3, readyReplicas: 3 };
  const labelsOnly = structuredClone(stored);
  labelsOnly.metadata.labels = { team: "a" };
  labelsOnly.status = {};
  s.prepareForUpdate!(labelsOnly, stored, ctx);
  assert.deepEqual(labelsOnly.status, { replicas: 3, readyReplicas: 3 });
  assert.equal(labelsOnly.metadata.generation, 1);

  const scaled = structuredClone(stored);
  (scaled.spec as Record<string, unknown>).replicas = 5;
  s.prepareForUpdate!(scaled, stored, ctx);
  assert.equal(scaled.metadata.generation, 2);

  const annotated = structuredClone(stored);
  annotated.metadata.annotations = { "kubernetes.io/change-cause": "kubectl set image" };
  s.prepareForUpdate!(annotated, stored, ctx);
  assert.equal(annotated.metadata.generation, 2);
});

test("table cells read like kubectl get deployments -o wide", () => {
  const d = fixture();
  s.defaults!(d);
  d.metadata.creationTimestamp = "2024-01-01T00:00:00Z";
  d.status = { replicas: 3, updatedReplicas: 3, readyReplicas: 2, availableReplicas: 2 };
  const table = deploymentResource.table!;
  assert.deepEqual(
    table.columns.map((c) => c.name),
    ["Name", "Ready", "Up-to-date", "Available", "Age", "Containers", "Images", "Selector"],
  );
  assert.deepEqual(table.cells(d, new Date("2024-01-01T00:05:30Z")), [
    "my-nginx-deployment",
    "2/3",
    3,
    2,
    "5m30s",
    "nginx",
    "nginx:1.10",
    "app=my-nginx",
  ]);
});

test("non-DNS-label names get upstream's warning", () => {
  const d = fixture();
  d.metadata.name = "my.deploy";
  assert.equal(s.warnings!(d).length, 1);
  assert.match(s.warnings!(d)[0]!, /^metadata\.name: this is used in Pod names and hostnames/);
  assert.deepEqual(s.warnings!(fixture()), []);
});

test("selector syntax errors come with upstream's paths", () => {
  const d = fixture();
  (d.spec as Record<string, unknown>).selector = {
    matchExpressions: [{ key: "app", operator: "Near", values: ["x"] }],
  };
  assert.deepEqual(errors(d), [
    'spec.selector.matchExpressions[0].operator: Invalid value: "Near": not a valid selector operator',
    'spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement{v1.LabelSelectorRequirement{Key:"app", Operator:"Near", Values:[]string{"x"}}}}: invalid label selector',
  ]);
});

test("the pod template is validated and defaulted like a pod's", () => {
  const d = fixture();
  (d.spec as { template: { spec: Record<string, unknown> } }).template.spec.containers = [];
  s.defaults!(d);
  const tpl = (d.spec as { template: { spec: Record<string, unknown> } }).template.spec;
  assert.equal(tpl.dnsPolicy, "ClusterFirst");
  assert.deepEqual(s.validate!(d).map(errorString), ["spec.template.spec.containers: Required value"]);
});

test("a new workload's status has the fields upstream always writes, at zero", () => {
  const created = (def: typeof deploymentResource) => {
    const o = fixture();
    o.status = { replicas: 9, readyReplicas: 3 };
    def.strategy!.prepareForCreate!(o, ctx);
    return o.status;
  };
  assert.deepEqual(created(deploymentResource), {});
  assert.deepEqual(created(replicaSetResource), { replicas: 0 });
  assert.deepEqual(created(statefulSetResource), { replicas: 0, availableReplicas: 0 });
  assert.deepEqual(created(daemonSetResource), {
    currentNumberScheduled: 0,
    numberMisscheduled: 0,
    desiredNumberScheduled: 0,
    numberReady: 0,
  });
});
