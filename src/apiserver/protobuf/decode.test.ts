import assert from "node:assert/strict";
import { test } from "node:test";
import protobuf from "protobufjs";
import { body, deployment, encode, goMeta, K, rejects, root } from "./fixtures.js";
import {
  decodeProtobufBody,
  isProtobufMediaType,
  PROTOBUF_MEDIA_TYPE,
  PROTOBUF_MEDIA_TYPES,
} from "./index.js";

test("Deployment: pointer zeros stay, omitempty zeros go, inline structs flatten", () => {
  const got = decodeProtobufBody(deployment(0));
  assert.deepEqual(got, {
    kind: "Deployment",
    apiVersion: "apps/v1",
    metadata: { name: "web", creationTimestamp: null, labels: { app: "web" } },
    spec: {
      replicas: 0,
      selector: { matchLabels: { app: "web" } },
      template: {
        metadata: { creationTimestamp: null, labels: { app: "web" } },
        spec: {
          containers: [
            {
              name: "nginx",
              image: "nginx",
              ports: [{ containerPort: 80 }],
              resources: { limits: { cpu: "500m" } },
              readinessProbe: { httpGet: { path: "/", port: "http" } },
              securityContext: { runAsUser: 0, allowPrivilegeEscalation: false },
            },
          ],
          automountServiceAccountToken: false,
        },
      },
      strategy: { type: "RollingUpdate", rollingUpdate: { maxUnavailable: 0 } },
    },
    status: {},
  });
  // Unset stays unset: defaulting (replicas = 1) is the server's job, not the decoder's.
  assert.equal((decodeProtobufBody(deployment(undefined)).spec as { replicas?: number }).replicas, undefined);
});

test("Secret: bytes values become base64, binary intact", () => {
  const binary = Uint8Array.of(0, 1, 2, 0xff, 0xfe, 0x80);
  const got = decodeProtobufBody(
    body("v1", "Secret", `${K.core}.Secret`, {
      metadata: goMeta("db"),
      immutable: false,
      data: { blob: binary, password: Buffer.from("s3cr3t"), empty: new Uint8Array() },
      type: "Opaque",
    }),
  );
  assert.deepEqual(got, {
    kind: "Secret",
    apiVersion: "v1",
    metadata: { name: "db", creationTimestamp: null },
    immutable: false,
    data: { blob: "AAEC//6A", password: "czNjcjN0", empty: "" },
    type: "Opaque",
  });
  assert.deepEqual(Buffer.from((got.data as Record<string, string>).blob!, "base64"), Buffer.from(binary));
});

test("Service: targetPort as number or name; a zero port stays (no omitempty)", () => {
  const port = (name: string, number: number, target: Record<string, unknown>) => ({
    name,
    protocol: "TCP",
    port: number,
    targetPort: target,
    nodePort: 0,
  });
  const got = decodeProtobufBody(
    body("v1", "Service", `${K.core}.Service`, {
      metadata: goMeta("api"),
      spec: {
        ports: [
          port("web", 80, { type: 0, intVal: 8080, strVal: "" }),
          port("tls", 443, { type: 1, intVal: 0, strVal: "https" }),
          port("unset", 0, { type: 0, intVal: 0, strVal: "" }),
        ],
        selector: { app: "api" },
        clusterIP: "",
        type: "ClusterIP",
      },
      status: { loadBalancer: {} },
    }),
  );
  assert.deepEqual((got.spec as { ports: unknown }).ports, [
    { name: "web", protocol: "TCP", port: 80, targetPort: 8080 },
    { name: "tls", protocol: "TCP", port: 443, targetPort: "https" },
    // As Go's JSON writes it; the server's defaulting turns targetPort 0 into port.
    { name: "unset", protocol: "TCP", port: 0, targetPort: 0 },
  ]);
  assert.deepEqual(got.status, { loadBalancer: {} });
});

test("ConfigMap: empty values are kept in maps, empty maps are left out", () => {
  const configMap = encode(`${K.core}.ConfigMap`, {
    metadata: { ...goMeta("cfg"), annotations: {} },
    data: { k1: "v1", empty: "" },
    binaryData: {},
  });
  const hostileEntry = protobuf.Writer.create()
    .uint32((2 << 3) | 2)
    .fork();
  hostileEntry
    .uint32((1 << 3) | 2)
    .string("__proto__")
    .uint32((2 << 3) | 2)
    .string("x")
    .ldelim();
  const got = decodeProtobufBody(
    Buffer.concat([
      Buffer.from("k8s\x00", "latin1"),
      encode("k8s.io.apimachinery.pkg.runtime.Unknown", {
        typeMeta: { apiVersion: "v1", kind: "ConfigMap" },
        raw: Buffer.concat([configMap, hostileEntry.finish()]),
      }),
    ]),
  );
  assert.deepEqual(Object.keys(got), ["kind", "apiVersion", "metadata", "data"]);
  const data = got.data as Record<string, string>;
  assert.equal(data.k1, "v1");
  assert.equal(data.empty, "");
  // A map key is data, not a prototype.
  assert.ok(Object.hasOwn(data, "__proto__"));
  assert.equal(Object.getPrototypeOf(data), Object.prototype);
});

test("Times: RFC 3339 in seconds, MicroTime in microseconds, zero as null", () => {
  const t = Date.UTC(2024, 0, 2, 3, 4, 5) / 1000;
  const got = decodeProtobufBody(
    body("coordination.k8s.io/v1", "Lease", "k8s.io.api.coordination.v1.Lease", {
      metadata: { name: "l", creationTimestamp: { seconds: t, nanos: 999_999_999 }, deletionTimestamp: {} },
      spec: { holderIdentity: "me", acquireTime: { seconds: t, nanos: 123_456_789 }, renewTime: {} },
    }),
  );
  assert.deepEqual(got.metadata, {
    name: "l",
    creationTimestamp: "2024-01-02T03:04:05Z",
    deletionTimestamp: null,
  });
  assert.deepEqual(got.spec, {
    holderIdentity: "me",
    acquireTime: "2024-01-02T03:04:05.123456Z",
    renewTime: null,
  });
});

test("JSON names that differ from proto names, and inline volume sources", () => {
  const got = decodeProtobufBody(
    body("v1", "Pod", `${K.core}.Pod`, {
      metadata: { name: "p" },
      spec: {
        volumes: [
          {
            name: "cfg",
            volumeSource: { configMap: { localObjectReference: { name: "c" }, defaultMode: 420 } },
          },
        ],
        containers: [{ name: "c", image: "i" }],
      },
    }),
  );
  assert.deepEqual((got.spec as { volumes: unknown }).volumes, [
    { name: "cfg", configMap: { name: "c", defaultMode: 420 } },
  ]);
  const ingress = decodeProtobufBody(
    body("networking.k8s.io/v1", "Ingress", "k8s.io.api.networking.v1.Ingress", {
      metadata: { name: "i" },
      // Field 1 of TypedLocalObjectReference, `aPIGroup` in generated.proto.
      spec: { defaultBackend: { resource: { apiGroup: "k8s.example.com", kind: "Bucket", name: "b" } } },
    }),
  );
  assert.deepEqual(ingress.spec, {
    defaultBackend: { resource: { apiGroup: "k8s.example.com", kind: "Bucket", name: "b" } },
  });
});

test("RawExtension and FieldsV1 carry JSON; an embedded protobuf object is decoded too", () => {
  const inner = body("v1", "ConfigMap", `${K.core}.ConfigMap`, {
    metadata: { name: "inner" },
    data: { a: "b" },
  });
  const revision = (raw: Uint8Array) =>
    body("apps/v1", "ControllerRevision", `${K.apps}.ControllerRevision`, {
      metadata: {
        name: "r",
        managedFields: [
          {
            manager: "kubectl",
            operation: "Update",
            fieldsType: "FieldsV1",
            fieldsV1: { Raw: Buffer.from('{"f:data":{}}') },
          },
        ],
      },
      data: { raw },
      revision: 3,
    });
  assert.deepEqual(decodeProtobufBody(revision(Buffer.from('{"spec":{"x":[1,2]}}'))), {
    kind: "ControllerRevision",
    apiVersion: "apps/v1",
    metadata: {
      name: "r",
      managedFields: [
        { manager: "kubectl", operation: "Update", fieldsType: "FieldsV1", fieldsV1: { "f:data": {} } },
      ],
    },
    data: { spec: { x: [1, 2] } },
    revision: 3,
  });
  assert.deepEqual(decodeProtobufBody(revision(inner)).data, {
    kind: "ConfigMap",
    apiVersion: "v1",
    metadata: { name: "inner" },
    data: { a: "b" },
  });
  rejects(revision(Buffer.from("not: json")), "InvalidValue", /data holds embedded data that is not JSON/);
});

test("meta/v1 options kinds decode under any served group version", () => {
  const got = decodeProtobufBody(
    body("apps/v1", "DeleteOptions", `${K.meta}.DeleteOptions`, {
      gracePeriodSeconds: 0,
      preconditions: { uid: "u-1" },
      propagationPolicy: "Foreground",
      dryRun: ["All"],
    }),
  );
  assert.deepEqual(got, {
    kind: "DeleteOptions",
    apiVersion: "apps/v1",
    gracePeriodSeconds: 0,
    preconditions: { uid: "u-1" },
    propagationPolicy: "Foreground",
    dryRun: ["All"],
  });
  const eviction = decodeProtobufBody(
    body("policy/v1", "Eviction", "k8s.io.api.policy.v1.Eviction", {
      metadata: { name: "p", namespace: "default" },
      deleteOptions: { gracePeriodSeconds: 30 },
    }),
  );
  assert.deepEqual(eviction.deleteOptions, { gracePeriodSeconds: 30 });
});

test("wire details: packed and unpacked repeated ints, negative int64, unknown fields, repeated messages merge", () => {
  const msg = root.lookupType(`${K.core}.PodSecurityContext`);
  const unpacked = msg.encode(msg.fromObject({ supplementalGroups: [1, 2] })).finish();
  const w = protobuf.Writer.create();
  w.uint32((4 << 3) | 2)
    .fork()
    .int64(1)
    .int64(-5)
    .int64(2 ** 40)
    .ldelim(); // supplementalGroups, packed
  w.uint32((999 << 3) | 2).string("from a newer kubectl"); // unknown to the table
  w.uint32((999 << 3) | 5).fixed32(7);
  w.uint32((999 << 3) | 1).fixed64(7);
  w.uint32((998 << 3) | 3)
    .uint32((1 << 3) | 0)
    .uint32(1)
    .uint32((998 << 3) | 4); // a group
  const spec = (sc: Uint8Array) => {
    const p = protobuf.Writer.create();
    p.uint32((14 << 3) | 2).bytes(sc); // PodSpec.securityContext
    p.uint32((14 << 3) | 2).bytes(
      root.lookupType(`${K.core}.PodSecurityContext`).encode({ runAsUser: -1 }).finish(),
    );
    return p.finish();
  };
  const pod = (sc: Uint8Array) => {
    const p = protobuf.Writer.create();
    p.uint32((2 << 3) | 2).bytes(spec(sc));
    const unknown = encode("k8s.io.apimachinery.pkg.runtime.Unknown", {
      typeMeta: { apiVersion: "v1", kind: "Pod" },
      raw: p.finish(),
    });
    return Buffer.concat([Buffer.from("k8s\x00", "latin1"), unknown]);
  };
  // The second securityContext occurrence merges into the first, as protobuf defines.
  assert.deepEqual(decodeProtobufBody(pod(unpacked)).spec, {
    securityContext: { supplementalGroups: [1, 2], runAsUser: -1 },
  });
  assert.deepEqual(decodeProtobufBody(pod(w.finish())).spec, {
    securityContext: { supplementalGroups: [1, -5, 2 ** 40], runAsUser: -1 },
  });
});

test("media types", () => {
  assert.deepEqual(PROTOBUF_MEDIA_TYPES, ["application/vnd.kubernetes.protobuf"]);
  assert.ok(isProtobufMediaType(PROTOBUF_MEDIA_TYPE));
  assert.ok(isProtobufMediaType("Application/Vnd.Kubernetes.Protobuf; charset=binary"));
  assert.ok(!isProtobufMediaType("application/json"));
  assert.ok(!isProtobufMediaType("application/vnd.kubernetes.protobuf-extra"));
  assert.ok(!isProtobufMediaType(undefined));
});
