import assert from "node:assert/strict";
import { test } from "node:test";
import { checkDecode, unknownFields } from "./decode-check.js";

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

test("values of the wrong JSON type are refused as Go's decoder words it", () => {
  const err = (definition: string, obj: unknown) => checkDecode(definition, obj, { unknown: true }).typeError;
  const SVC = "io.k8s.api.core.v1.Service";
  assert.equal(
    err(SVC, { spec: { selector: "app:web", ports: [{ port: 80 }] } }),
    "json: cannot unmarshal string into Go struct field ServiceSpec.spec.selector of type map[string]string",
  );
  assert.equal(
    err(SVC, { spec: { type: 5 } }),
    "json: cannot unmarshal number into Go struct field ServiceSpec.spec.type of type v1.ServiceType",
  );
  assert.equal(
    err("io.k8s.api.apps.v1.Deployment", { spec: { replicas: "3" } }),
    "json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32",
  );
  // List indexes and map keys are not part of the field; the struct is the innermost one.
  assert.equal(
    err(POD, pod({ ports: [{ containerPort: "80" }] })),
    "json: cannot unmarshal string into Go struct field ContainerPort.spec.containers.ports.containerPort of type int32",
  );
  assert.equal(
    err(POD, pod({ env: [{ name: "A", value: 1 }] })),
    "json: cannot unmarshal number into Go struct field EnvVar.spec.containers.env.value of type string",
  );
  assert.equal(
    err(POD, pod({ ports: [{ containerPort: 80.5 }] })),
    "json: cannot unmarshal number 80.5 into Go struct field ContainerPort.spec.containers.ports.containerPort of type int32",
  );
  assert.equal(
    err(POD, { spec: { containers: ["c"] } }),
    "json: cannot unmarshal string into Go struct field PodSpec.spec.containers of type v1.Container",
  );
  assert.equal(
    err(POD, { spec: { nodeSelector: "gpu:true" } }),
    "json: cannot unmarshal string into Go struct field PodSpec.spec.nodeSelector of type map[string]string",
  );
  assert.equal(
    err(POD, { metadata: { labels: { a: 1 } } }),
    "json: cannot unmarshal number into Go struct field ObjectMeta.metadata.labels of type string",
  );
  assert.equal(
    err(POD, { spec: "x" }),
    "json: cannot unmarshal string into Go struct field Pod.spec of type v1.PodSpec",
  );
  assert.match(err(POD, pod({ resources: { limits: { cpu: true } } })) ?? "", /^quantities must match/);
  // The first one in document order; nulls, int-or-strings, quantities as numbers are fine.
  assert.equal(
    err(SVC, { spec: { ports: [{ port: "a" }], selector: "x" } }),
    "json: cannot unmarshal string into Go struct field ServicePort.spec.ports.port of type int32",
  );
  assert.equal(
    err(SVC, {
      spec: {
        selector: null,
        ports: [
          { port: 80, targetPort: "http" },
          { port: 81, targetPort: 8081 },
        ],
      },
    }),
    undefined,
  );
  assert.equal(err(POD, pod({ resources: { limits: { cpu: 0.5, memory: "1Gi" } } })), undefined);
  assert.equal(
    err(SVC, { spec: { ports: [{ port: 80, targetPort: true }] } }),
    "json: cannot unmarshal bool into Go value of type int32",
  );
  // apiVersion and kind are read before decoding; a body that is no object is refused elsewhere.
  assert.equal(err(POD, { apiVersion: 1, kind: 2 }), undefined);
  assert.equal(err(POD, ["x"]), undefined);
});
