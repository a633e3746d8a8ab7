import assert from "node:assert/strict";
import { test } from "node:test";
import { coreResources } from "./core-resources.js";
import type { KubeObject, StrategyContext } from "./types.js";

const byResource = new Map(coreResources.map((d) => [d.resource, d]));

test("core kinds are discoverable as upstream names them", () => {
  const expect: [string, string, string[] | undefined, boolean][] = [
    ["pods", "Pod", ["po"], true],
    ["services", "Service", ["svc"], true],
    ["namespaces", "Namespace", ["ns"], false],
    ["nodes", "Node", ["no"], false],
    ["endpoints", "Endpoints", ["ep"], true],
    ["configmaps", "ConfigMap", ["cm"], true],
    ["secrets", "Secret", undefined, true],
    ["serviceaccounts", "ServiceAccount", ["sa"], true],
    ["events", "Event", ["ev"], true],
    ["replicationcontrollers", "ReplicationController", ["rc"], true],
    ["persistentvolumes", "PersistentVolume", ["pv"], false],
    ["persistentvolumeclaims", "PersistentVolumeClaim", ["pvc"], true],
    ["limitranges", "LimitRange", ["limits"], true],
    ["resourcequotas", "ResourceQuota", ["quota"], true],
  ];
  assert.equal(coreResources.length, expect.length);
  for (const [resource, kind, shortNames, namespaced] of expect) {
    const def = byResource.get(resource);
    assert.ok(def, resource);
    assert.equal(def.group, "");
    assert.equal(def.version, "v1");
    assert.equal(def.kind, kind);
    assert.deepEqual(def.shortNames, shortNames, resource);
    assert.equal(def.namespaced, namespaced, resource);
    assert.equal(def.definition, `io.k8s.api.core.v1.${kind}`);
  }
  const all = coreResources.filter((d) => d.categories?.includes("all")).map((d) => d.resource);
  assert.deepEqual(all.sort(), ["pods", "replicationcontrollers", "services"]);
  assert.deepEqual(
    byResource.get("replicationcontrollers")?.subresources?.scale?.specReplicasPath,
    "spec.replicas",
  );
  for (const def of coreResources) {
    if (def.subresources?.status)
      assert.ok(def.subresources.statusStrategy, `${def.resource} has a status strategy`);
  }
});

test("every core kind's hooks and table survive malformed objects", () => {
  const ctx: StrategyContext = { namespace: "default", now: new Date() };
  const garbage: unknown[] = [
    {},
    { spec: "x", status: 5 },
    { spec: { containers: [null, 1], ports: "a", selector: [], template: 3, subsets: {}, limits: [null] } },
    { data: [1], binaryData: "x", involvedObject: null, stringData: 3, spec: { hard: [], capacity: "1" } },
  ];
  for (const def of coreResources) {
    for (const g of garbage) {
      const obj = { metadata: { name: "x" }, ...(g as object) } as KubeObject;
      const old = structuredClone(obj);
      assert.doesNotThrow(
        () => {
          def.strategy?.defaults?.(obj);
          def.strategy?.prepareForCreate?.(obj, ctx);
          def.strategy?.validate?.(obj);
          def.strategy?.prepareForUpdate?.(obj, old, ctx);
          def.strategy?.validateUpdate?.(obj, old);
          def.subresources?.statusStrategy?.prepareForUpdate?.(obj, old, ctx);
          def.subresources?.statusStrategy?.validateUpdate?.(obj, old);
          def.strategy?.warnings?.(obj);
          def.table?.cells(obj, ctx.now);
          for (const f of Object.values(def.fieldSelectors ?? {})) f(obj);
        },
        `${def.resource} ${JSON.stringify(g)}`,
      );
    }
  }
});

test("table rows have one cell per column", () => {
  const now = new Date();
  for (const def of coreResources) {
    if (!def.table) continue;
    assert.equal(
      def.table.cells({ metadata: { name: "x" } }, now).length,
      def.table.columns.length,
      def.resource,
    );
  }
});
