import assert from "node:assert/strict";
import { test } from "node:test";
import { errorString } from "../field.js";
import type { KubeObject, StrategyContext } from "../types.js";
import {
  namespaceFinalizeStrategy,
  namespaceNameValidator,
  namespaceResource,
  namespaceStatusStrategy,
  namespaceStrategy as s,
} from "./index.js";

const ctx: StrategyContext = { namespace: "", now: new Date("2024-01-01T00:00:00Z") };
const fixture = (extra: Partial<KubeObject> = {}): KubeObject => ({
  apiVersion: "v1",
  kind: "Namespace",
  metadata: { name: "dev" },
  ...extra,
});

function create(obj: KubeObject): KubeObject {
  const o = structuredClone(obj);
  s.defaults?.(o);
  s.prepareForCreate?.(o, ctx);
  return o;
}

test("a new namespace is Active, labelled with its name and finalized by kubernetes", () => {
  const ns = create(fixture({ status: { phase: "Terminating" } }));
  assert.deepEqual(ns.status, { phase: "Active" });
  assert.deepEqual(ns.spec, { finalizers: ["kubernetes"] });
  assert.deepEqual(ns.metadata.labels, { "kubernetes.io/metadata.name": "dev" });
  assert.deepEqual(s.validate?.(ns), []);
});

test("namespace names are DNS-1123 labels", () => {
  assert.deepEqual(namespaceNameValidator("my-team"), []);
  assert.deepEqual(namespaceNameValidator("my.team"), ["must not contain dots"]);
});

test("finalizers must be standard or fully qualified", () => {
  const ns = create(fixture({ spec: { finalizers: ["example"] } }));
  assert.deepEqual(s.validate?.(ns).map(errorString), [
    `spec.finalizers: Invalid value: "example": name is neither a standard finalizer name nor is it fully qualified`,
  ]);
});

test("updates keep status and finalizers; finalize changes only finalizers", () => {
  const old = create(fixture());
  const next = structuredClone(old);
  next.spec = { finalizers: [] };
  next.status = { phase: "Terminating" };
  s.prepareForUpdate?.(next, old, ctx);
  assert.deepEqual(next.spec, { finalizers: ["kubernetes"] });
  assert.deepEqual(next.status, { phase: "Active" });
  const fin = structuredClone(old);
  fin.spec = { finalizers: [] };
  namespaceFinalizeStrategy.prepareForUpdate?.(fin, old, ctx);
  assert.deepEqual(fin.spec, { finalizers: [] });
});

test("the status phase must match the deletion state", () => {
  const old = create(fixture());
  const next = structuredClone(old);
  next.status = { phase: "Terminating" };
  namespaceStatusStrategy.prepareForUpdate?.(next, old, ctx);
  assert.deepEqual(namespaceStatusStrategy.validateUpdate?.(next, old).map(errorString), [
    `status.Phase: Invalid value: "Terminating": may only be 'Active' if \`deletionTimestamp\` is empty`,
  ]);
});

test("table and field selectors", () => {
  const ns = create(fixture());
  ns.metadata.creationTimestamp = "2024-01-01T00:00:00Z";
  assert.deepEqual(namespaceResource.table?.cells(ns, new Date("2024-01-03T03:00:00Z")), [
    "dev",
    "Active",
    "2d3h",
  ]);
  assert.equal(namespaceResource.fieldSelectors?.["status.phase"]?.(ns), "Active");
});
