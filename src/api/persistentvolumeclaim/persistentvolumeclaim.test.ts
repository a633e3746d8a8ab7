import assert from "node:assert/strict";
import { test } from "node:test";
import { errorString } from "../field.js";
import type { KubeObject, StrategyContext } from "../types.js";
import {
  PVC_SPEC_IMMUTABLE,
  persistentVolumeClaimResource,
  persistentVolumeClaimStrategy as s,
} from "./index.js";

const ctx: StrategyContext = { namespace: "default", now: new Date("2024-01-01T00:00:00Z") };
const fixture = (spec: Record<string, unknown>): KubeObject => ({
  apiVersion: "v1",
  kind: "PersistentVolumeClaim",
  metadata: { name: "pvc-04", namespace: "default" },
  spec,
});
const seed = () =>
  fixture({
    accessModes: ["ReadWriteOnce"],
    resources: { requests: { storage: "1G" } },
    storageClassName: "",
  });

function create(obj: KubeObject): { obj: KubeObject; errors: string[] } {
  const o = structuredClone(obj);
  s.defaults?.(o);
  s.prepareForCreate?.(o, ctx);
  return { obj: o, errors: (s.validate?.(o) ?? []).map(errorString) };
}

test("the seed claim is valid, Filesystem and Pending", () => {
  const { obj, errors } = create(seed());
  assert.deepEqual(errors, []);
  assert.equal((obj.spec as Record<string, unknown>).volumeMode, "Filesystem");
  assert.deepEqual(obj.status, { phase: "Pending" });
});

test("access modes and a storage request are required", () => {
  assert.deepEqual(create(fixture({})).errors, [
    "spec.accessModes: Required value: at least 1 access mode is required",
    "spec.resources[storage]: Required value",
  ]);
  assert.deepEqual(
    create(fixture({ accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "0" } } })).errors,
    [`spec.resources[storage]: Invalid value: "0": must be greater than zero`],
  );
});

test("the spec is immutable except binding and expansion of bound claims", () => {
  const old = create(seed()).obj;
  const binding = structuredClone(old);
  (binding.spec as Record<string, unknown>).volumeName = "pv-03";
  assert.deepEqual(s.validateUpdate?.(binding, old), []);
  const grow = structuredClone(old);
  (grow.spec as { resources: { requests: Record<string, string> } }).resources.requests.storage = "2G";
  const errs = (s.validateUpdate?.(grow, old) ?? []).map(errorString);
  assert.equal(errs.length, 1);
  assert.ok(errs[0]!.startsWith(`spec: Forbidden: ${PVC_SPEC_IMMUTABLE}\n`));
  const boundOld = structuredClone(old);
  boundOld.status = { phase: "Bound" };
  const boundGrow = structuredClone(grow);
  boundGrow.status = { phase: "Bound" };
  assert.deepEqual(s.validateUpdate?.(boundGrow, boundOld), []);
});

test("table cells match kubectl get pvc", () => {
  const { obj } = create(seed());
  obj.metadata.creationTimestamp = "2024-01-01T00:00:00Z";
  const now = new Date("2024-01-01T00:00:10Z");
  assert.deepEqual(persistentVolumeClaimResource.table!.cells(obj, now), [
    "pvc-04",
    "Pending",
    "",
    "",
    "",
    "",
    "<unset>",
    "10s",
    "Filesystem",
  ]);
  (obj.spec as Record<string, unknown>).volumeName = "pv-03";
  obj.status = { phase: "Bound", accessModes: ["ReadWriteOnce"], capacity: { storage: "2G" } };
  assert.deepEqual(persistentVolumeClaimResource.table!.cells(obj, now).slice(1, 5), [
    "Bound",
    "pv-03",
    "2G",
    "RWO",
  ]);
});
