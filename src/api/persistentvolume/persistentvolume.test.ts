import assert from "node:assert/strict";
import { test } from "node:test";
import { errorString } from "../field.js";
import type { KubeObject, StrategyContext } from "../types.js";
import {
  persistentVolumeNameValidator,
  persistentVolumeResource,
  persistentVolumeStatusStrategy,
  persistentVolumeStrategy as s,
} from "./index.js";

const ctx: StrategyContext = { namespace: "", now: new Date("2024-01-01T00:00:00.123Z") };
const fixture = (spec: Record<string, unknown>): KubeObject => ({
  apiVersion: "v1",
  kind: "PersistentVolume",
  metadata: { name: "pv-03" },
  spec,
});
const seed = () =>
  fixture({
    capacity: { storage: "2G" },
    accessModes: ["ReadWriteOnce"],
    local: { path: "/node-v" },
    nodeAffinity: {
      required: {
        nodeSelectorTerms: [
          { matchExpressions: [{ key: "kubernetes.io/hostname", operator: "In", values: ["k8s-node1"] }] },
        ],
      },
    },
  });

function create(obj: KubeObject): { obj: KubeObject; errors: string[] } {
  const o = structuredClone(obj);
  s.defaults?.(o);
  s.prepareForCreate?.(o, ctx);
  return { obj: o, errors: (s.validate?.(o) ?? []).map(errorString) };
}

test("the seed's local PV is valid, Retain/Filesystem by default and Pending", () => {
  const { obj, errors } = create(seed());
  assert.deepEqual(errors, []);
  const spec = obj.spec as Record<string, unknown>;
  assert.equal(spec.persistentVolumeReclaimPolicy, "Retain");
  assert.equal(spec.volumeMode, "Filesystem");
  assert.deepEqual(obj.status, { phase: "Pending", lastPhaseTransitionTime: "2024-01-01T00:00:00Z" });
});

test("capacity, access modes and one source are required; local needs node affinity", () => {
  assert.deepEqual(create(fixture({})).errors, [
    "spec.accessModes: Required value",
    "spec.capacity: Required value",
    `spec.capacity: Unsupported value: map[core.ResourceName]resource.Quantity(nil): supported values: "storage"`,
    "spec: Required value: must specify a volume type",
  ]);
  assert.deepEqual(
    create(fixture({ capacity: { storage: "1Gi" }, accessModes: ["ReadWriteAlways"], local: { path: "/x" } }))
      .errors,
    [
      `spec.accessModes: Unsupported value: "ReadWriteAlways": supported values: "ReadOnlyMany", "ReadWriteMany", "ReadWriteOnce", "ReadWriteOncePod"`,
      "spec.nodeAffinity: Required value: Local volume requires node affinity",
    ],
  );
  assert.deepEqual(
    create(fixture({ capacity: { storage: "1Gi" }, accessModes: ["ReadWriteOnce"], hostPath: { path: "" } }))
      .errors,
    ["spec.hostPath.path: Required value"],
  );
});

test("names are URL path segments", () => {
  assert.deepEqual(persistentVolumeNameValidator("PV_03"), []);
  assert.deepEqual(persistentVolumeNameValidator("a/b"), ["may not contain '/'"]);
});

test("the volume source is immutable; status updates stamp phase transitions", () => {
  const old = create(seed()).obj;
  const next = structuredClone(old);
  (next.spec as Record<string, unknown>).local = { path: "/other" };
  const errs = (s.validateUpdate?.(next, old) ?? []).map(errorString);
  assert.equal(errs.length, 1);
  assert.match(
    errs[0]!,
    /^spec\.persistentvolumesource: Forbidden: spec\.persistentvolumesource is immutable after creation\n/,
  );
  const bound = structuredClone(old);
  bound.status = { phase: "Bound" };
  persistentVolumeStatusStrategy.prepareForUpdate?.(bound, old, {
    ...ctx,
    now: new Date("2024-01-02T00:00:00Z"),
  });
  assert.deepEqual(bound.status, { phase: "Bound", lastPhaseTransitionTime: "2024-01-02T00:00:00Z" });
});

test("table cells match kubectl get pv -o wide", () => {
  const { obj } = create(seed());
  obj.metadata.creationTimestamp = "2024-01-01T00:00:00Z";
  (obj.spec as Record<string, unknown>).claimRef = { namespace: "default", name: "pvc-04" };
  obj.status = { phase: "Bound" };
  assert.deepEqual(persistentVolumeResource.table!.cells(obj, new Date("2024-01-01T01:00:00Z")), [
    "pv-03",
    "2G",
    "RWO",
    "Retain",
    "Bound",
    "default/pvc-04",
    "",
    "<unset>",
    "",
    "60m",
    "Filesystem",
  ]);
});
