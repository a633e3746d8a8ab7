import assert from "node:assert/strict";
import { test } from "node:test";
import { errorString } from "../field.js";
import type { KubeObject, StrategyContext } from "../types.js";
import { statefulSetResource } from "./index.js";

const s = statefulSetResource.strategy!;
const ctx: StrategyContext = { namespace: "default", now: new Date("2024-01-01T00:00:00Z") };

function fixture(): KubeObject {
  return {
    metadata: { name: "web", namespace: "default", creationTimestamp: "2024-01-01T00:00:00Z" },
    spec: {
      serviceName: "nginx",
      selector: { matchLabels: { app: "nginx" } },
      template: {
        metadata: { labels: { app: "nginx" } },
        spec: {
          containers: [
            { name: "nginx", image: "nginx:latest", volumeMounts: [{ name: "www", mountPath: "/data" }] },
          ],
        },
      },
      volumeClaimTemplates: [
        {
          metadata: { name: "www" },
          spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "1Gi" } } },
        },
      ],
    },
  };
}

test("defaults: OrderedReady, rolling update partition 0, Retain/Retain, one replica, claim templates as PVCs", () => {
  const sts = fixture();
  s.defaults!(sts);
  const spec = sts.spec as Record<string, unknown>;
  assert.equal(spec.podManagementPolicy, "OrderedReady");
  assert.deepEqual(spec.updateStrategy, { type: "RollingUpdate", rollingUpdate: { partition: 0 } });
  assert.deepEqual(spec.persistentVolumeClaimRetentionPolicy, {
    whenDeleted: "Retain",
    whenScaled: "Retain",
  });
  assert.equal(spec.replicas, 1);
  assert.equal(spec.revisionHistoryLimit, 10);
  const pvc = (spec.volumeClaimTemplates as Record<string, Record<string, unknown>>[])[0]!;
  assert.equal(pvc.kind, "PersistentVolumeClaim");
  assert.equal(pvc.spec!.volumeMode, "Filesystem");
  assert.deepEqual(pvc.status, { phase: "Pending" });
  assert.deepEqual(s.validate!(sts), []);
});

test("an explicit RollingUpdate without rollingUpdate is left alone", () => {
  const sts = fixture();
  (sts.spec as Record<string, unknown>).updateStrategy = { type: "RollingUpdate" };
  s.defaults!(sts);
  assert.deepEqual((sts.spec as Record<string, unknown>).updateStrategy, { type: "RollingUpdate" });
});

test("validation wording for policy, strategy and retention", () => {
  const sts = fixture();
  Object.assign(sts.spec as object, {
    podManagementPolicy: "Random",
    updateStrategy: { type: "OnDelete", rollingUpdate: { partition: 1 } },
    persistentVolumeClaimRetentionPolicy: { whenDeleted: "Keep" },
    selector: {},
  });
  s.defaults!(sts);
  assert.deepEqual(s.validate!(sts).map(errorString), [
    "spec.podManagementPolicy: Invalid value: \"Random\": must be 'OrderedReady' or 'Parallel'",
    "spec.updateStrategy.rollingUpdate: Invalid value: {\"partition\":1}: only allowed for updateStrategy 'RollingUpdate'",
    'spec.persistentVolumeClaimRetentionPolicy.whenDeleted: Unsupported value: "Keep": supported values: "Retain", "Delete"',
    "spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: empty selector is invalid for statefulset",
  ]);
});

test("updates may change replicas, template and strategy but not serviceName", () => {
  const old = fixture();
  s.defaults!(old);
  s.prepareForCreate!(old, ctx);
  const ok = structuredClone(old);
  Object.assign(ok.spec as object, { replicas: 5, updateStrategy: { type: "OnDelete" } });
  assert.deepEqual(s.validateUpdate!(ok, old), []);
  const bad = structuredClone(old);
  Object.assign(bad.spec as object, { serviceName: "other" });
  assert.deepEqual(s.validateUpdate!(bad, old).map(errorString), [
    "spec: Forbidden: updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden",
  ]);
  s.prepareForUpdate!(ok, old, ctx);
  assert.equal(ok.metadata.generation, 2);
});

test("table: READY is ready/desired", () => {
  const sts = fixture();
  s.defaults!(sts);
  sts.status = { replicas: 1, readyReplicas: 1 };
  assert.deepEqual(statefulSetResource.table!.cells(sts, new Date("2024-01-01T00:00:42Z")), [
    "web",
    "1/1",
    "42s",
    "nginx",
    "nginx:latest",
  ]);
});

test("mounts of claim-template volumes are allowed, other unknown volumes are not", () => {
  const sts = fixture();
  const c = (sts.spec as { template: { spec: { containers: { volumeMounts: object[] }[] } } }).template.spec
    .containers[0]!;
  c.volumeMounts.push({ name: "missing", mountPath: "/x" });
  s.defaults!(sts);
  assert.deepEqual(s.validate!(sts).map(errorString), [
    'spec.template.spec.containers[0].volumeMounts[1].name: Not found: "missing"',
  ]);
});
