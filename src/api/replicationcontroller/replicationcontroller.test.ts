import assert from "node:assert/strict";
import { test } from "node:test";
import { errorString } from "../field.js";
import type { KubeObject, StrategyContext } from "../types.js";
import {
  replicationControllerResource,
  replicationControllerStatusStrategy,
  replicationControllerStrategy as s,
} from "./index.js";

const ctx: StrategyContext = { namespace: "default", now: new Date("2024-01-01T00:00:00Z") };

function fixture(spec: Record<string, unknown>): KubeObject {
  return {
    apiVersion: "v1",
    kind: "ReplicationController",
    metadata: { name: "kubia", namespace: "default" },
    spec,
  };
}
const template = (labels: Record<string, string>) => ({
  metadata: { labels },
  spec: { containers: [{ name: "kubia", image: "luksa/kubia", ports: [{ containerPort: 8080 }] }] },
});

function create(obj: KubeObject): { obj: KubeObject; errors: string[] } {
  const o = structuredClone(obj);
  s.defaults?.(o);
  s.prepareForCreate?.(o, ctx);
  return { obj: o, errors: (s.validate?.(o) ?? []).map(errorString) };
}

test("replicas, selector and labels default from the template", () => {
  const { obj, errors } = create(fixture({ template: template({ run: "kubia" }) }));
  assert.deepEqual(errors, []);
  const spec = obj.spec as Record<string, unknown>;
  assert.equal(spec.replicas, 1);
  assert.deepEqual(spec.selector, { run: "kubia" });
  assert.deepEqual(obj.metadata.labels, { run: "kubia" });
  assert.deepEqual(obj.status, { replicas: 0 });
  assert.equal(obj.metadata.generation, 1);
});

test("the selector must match the template labels", () => {
  const { errors } = create(fixture({ selector: { app: "web" }, template: template({ app: "db" }) }));
  assert.deepEqual(errors, [
    `spec.template.metadata.labels: Invalid value: map[string]string{"app":"db"}: \`selector\` does not match template \`labels\``,
  ]);
  assert.deepEqual(create(fixture({ selector: { app: "web" } })).errors, ["spec.template: Required value"]);
});

test("pods of a replication controller must restart Always", () => {
  const t = template({ app: "x" });
  (t.spec as Record<string, unknown>).restartPolicy = "Never";
  assert.deepEqual(create(fixture({ template: t })).errors, [
    `spec.template.spec.restartPolicy: Unsupported value: "Never": supported values: "Always"`,
  ]);
});

test("spec changes bump the generation; status updates keep spec", () => {
  const old = create(fixture({ template: template({ run: "kubia" }) })).obj;
  const scaled = structuredClone(old);
  (scaled.spec as Record<string, unknown>).replicas = 3;
  s.prepareForUpdate?.(scaled, old, ctx);
  assert.equal(scaled.metadata.generation, 2);
  const st = structuredClone(old);
  st.status = { replicas: 2, readyReplicas: 3 };
  (st.spec as Record<string, unknown>).replicas = 9;
  replicationControllerStatusStrategy.prepareForUpdate?.(st, old, ctx);
  assert.equal((st.spec as Record<string, unknown>).replicas, 1);
  assert.deepEqual((replicationControllerStatusStrategy.validateUpdate?.(st, old) ?? []).map(errorString), [
    "status.readyReplicas: Invalid value: 3: cannot be greater than status.replicas",
  ]);
});

test("table cells match kubectl get rc -o wide", () => {
  const { obj } = create(fixture({ replicas: 3, template: template({ run: "kubia" }) }));
  obj.metadata.creationTimestamp = "2024-01-01T00:00:00Z";
  obj.status = { replicas: 3, readyReplicas: 2 };
  assert.deepEqual(replicationControllerResource.table!.cells(obj, new Date("2024-01-01T00:00:05Z")), [
    "kubia",
    3,
    3,
    2,
    "5s",
    "kubia",
    "luksa/kubia",
    "run=kubia",
  ]);
  assert.equal(replicationControllerResource.fieldSelectors?.["status.replicas"]?.(obj), "3");
});
