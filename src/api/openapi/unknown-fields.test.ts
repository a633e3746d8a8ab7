import assert from "node:assert/strict";
import { test } from "node:test";
import { unknownFields } from "./unknown-fields.js";

const POD = "io.k8s.api.core.v1.Pod";

function pod(container: Record<string, unknown>): unknown {
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: {
      name: "web",
      labels: { "app.kubernetes.io/name": "web", anything: "goes" },
      annotations: { "example.com/x": "y" },
    },
    spec: { containers: [{ name: "web", image: "nginx", ...container }] },
  };
}

test("finds a typo'd field with upstream's path", () => {
  assert.deepEqual(unknownFields(POD, pod({ imagee: "nginx" })), ["spec.containers[0].imagee"]);
});

test("map keys are data, not fields", () => {
  assert.deepEqual(
    unknownFields(POD, pod({ resources: { limits: { cpu: "1", "example.com/gpu": 2 } } })),
    [],
  );
});

test("reports every unknown field, at any depth, in document order", () => {
  const obj = pod({ ports: [{ containerPort: 80 }, { containerPort: 81, protocl: "TCP" }] }) as Record<
    string,
    unknown
  >;
  obj.spex = {};
  assert.deepEqual(unknownFields(POD, obj), ["spec.containers[0].ports[1].protocl", "spex"]);
});

test("does not look inside preserve-unknown-fields values", () => {
  const event = { type: "ADDED", object: { kind: "Pod", whatever: { deeply: ["nested"] } } };
  assert.deepEqual(unknownFields("io.k8s.apimachinery.pkg.apis.meta.v1.WatchEvent", event), []);
  const managed = {
    metadata: { managedFields: [{ manager: "kubectl", fieldsV1: { "f:spec": { ".": {} } } }] },
  };
  assert.deepEqual(unknownFields(POD, managed), []);
});

test("values of the wrong type and unknown definitions are left alone", () => {
  assert.deepEqual(unknownFields(POD, { spec: "not an object", metadata: null }), []);
  assert.deepEqual(unknownFields("io.k8s.api.core.v1.Nope", { a: 1 }), []);
});
