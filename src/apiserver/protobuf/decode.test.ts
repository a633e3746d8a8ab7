import assert from "node:assert/strict";
import { test } from "node:test";
import protobuf from "protobufjs";
import {
  decodeProtobufBody,
  isProtobufMediaType,
  MAX_DEPTH,
  PROTOBUF_MEDIA_TYPE,
  PROTOBUF_MEDIA_TYPES,
  ProtobufDecodeError,
  type ProtobufDecodeErrorCode,
} from "./index.js";
import table from "./k8s-proto.json" with { type: "json" };

// Fixtures are encoded by protobufjs from the same table the decoder reads, so these tests check
// the decoder's wire handling and JSON conversion; kubectl.test.ts checks the table against bodies
// the real kubectl wrote.

const messages = table.messages as unknown as Record<string, [string, number, string, string?][]>;

const root = (() => {
  const r = new protobuf.Root();
  for (const [full, rows] of Object.entries(messages)) {
    const dot = full.lastIndexOf(".");
    const type = new protobuf.Type(full.slice(dot + 1));
    for (const [name, id, fieldType, flags = ""] of rows) {
      const t = fieldType.includes(".") ? `.${fieldType}` : fieldType;
      type.add(
        flags.includes("m")
          ? new protobuf.MapField(name, id, "string", t)
          : new protobuf.Field(name, id, t, flags.includes("r") ? "repeated" : "optional"),
      );
    }
    r.define(full.slice(0, dot)).add(type);
  }
  // The envelope is no field of any served kind, so the table does not carry it.
  r.define("k8s.io.apimachinery.pkg.runtime")
    .add(
      new protobuf.Type("TypeMeta")
        .add(new protobuf.Field("apiVersion", 1, "string"))
        .add(new protobuf.Field("kind", 2, "string")),
    )
    .add(
      new protobuf.Type("Unknown")
        .add(new protobuf.Field("typeMeta", 1, "TypeMeta"))
        .add(new protobuf.Field("raw", 2, "bytes"))
        .add(new protobuf.Field("contentEncoding", 3, "string"))
        .add(new protobuf.Field("contentType", 4, "string")),
    );
  r.resolveAll();
  return r;
})();

const K = {
  meta: "k8s.io.apimachinery.pkg.apis.meta.v1",
  core: "k8s.io.api.core.v1",
  apps: "k8s.io.api.apps.v1",
};

function encode(message: string, value: Record<string, unknown>): Uint8Array {
  const type = root.lookupType(message);
  const err = type.verify(value);
  if (err) throw new Error(`fixture does not fit ${message}: ${err}`);
  return type.encode(type.fromObject(value)).finish();
}

/** A body as kubectl writes it: magic, then runtime.Unknown around the object's message. */
function body(apiVersion: string, kind: string, message: string, value: Record<string, unknown>, extra = {}) {
  const raw = encode(message, value);
  const unknown = encode("k8s.io.apimachinery.pkg.runtime.Unknown", {
    typeMeta: { apiVersion, kind },
    raw,
    ...extra,
  });
  return Buffer.concat([Buffer.from("k8s\x00", "latin1"), unknown]);
}

function rejects(bytes: Uint8Array, code: ProtobufDecodeErrorCode, message?: RegExp): ProtobufDecodeError {
  let caught: unknown;
  try {
    decodeProtobufBody(bytes);
  } catch (err) {
    caught = err;
  }
  assert.ok(caught instanceof ProtobufDecodeError, `expected a ProtobufDecodeError, got ${String(caught)}`);
  assert.equal(caught.code, code, caught.message);
  if (message) assert.match(caught.message, message);
  return caught;
}

/** Gogo writes every non-pointer scalar, zero or not: what a Go client's ObjectMeta looks like. */
const goMeta = (name: string) => ({
  name,
  generateName: "",
  namespace: "",
  selfLink: "",
  uid: "",
  resourceVersion: "",
  generation: 0,
  creationTimestamp: {},
});

function deployment(replicas: number | undefined) {
  return body("apps/v1", "Deployment", `${K.apps}.Deployment`, {
    metadata: { ...goMeta("web"), labels: { app: "web" } },
    spec: {
      ...(replicas === undefined ? {} : { replicas }),
      selector: { matchLabels: { app: "web" } },
      template: {
        metadata: { ...goMeta(""), labels: { app: "web" } },
        spec: {
          containers: [
            {
              name: "nginx",
              image: "nginx",
              workingDir: "",
              stdin: false,
              ports: [{ name: "", hostPort: 0, containerPort: 80, protocol: "", hostIP: "" }],
              resources: { limits: { cpu: { string: "500m" } } },
              readinessProbe: {
                handler: { httpGet: { path: "/", port: { type: 1, intVal: 0, strVal: "http" } } },
              },
              securityContext: { runAsUser: 0, allowPrivilegeEscalation: false },
            },
          ],
          automountServiceAccountToken: false,
          hostNetwork: false,
        },
      },
      strategy: {
        type: "RollingUpdate",
        rollingUpdate: { maxUnavailable: { type: 0, intVal: 0, strVal: "" } },
      },
      minReadySeconds: 0,
      paused: false,
    },
    status: { observedGeneration: 0, replicas: 0 },
  });
}

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

test("malformed bodies are rejected with a ProtobufDecodeError", () => {
  const good = deployment(1);
  rejects(new Uint8Array(), "NotProtobuf", /empty/);
  rejects(Buffer.from('{"kind":"Deployment"}'), "NotProtobuf", /k8s\\x00/);
  rejects(good.subarray(0, 4), "Malformed");
  // Every cut is caught by a length prefix, except the one right after typeMeta: a body without
  // `raw` is an object with no fields, as upstream reads it too.
  const typeMetaEnd = 4 + 2 + good[5]!;
  for (let n = 5; n < good.length; n++) {
    if (n === typeMetaEnd)
      assert.deepEqual(decodeProtobufBody(good.subarray(0, n)), {
        kind: "Deployment",
        apiVersion: "apps/v1",
      });
    else rejects(good.subarray(0, n), "Malformed");
  }
  const truncated = rejects(good.subarray(0, 60), "Malformed");
  assert.match(truncated.message, /runs past the end/);

  const magic = Buffer.from("k8s\x00", "latin1");
  rejects(Buffer.concat([magic, Buffer.from([0x0a, 0xff, 0xff, 0xff, 0xff, 0x0f])]), "Malformed", /length/);
  rejects(Buffer.concat([magic, Buffer.alloc(11, 0xff)]), "Malformed", /varint/);
  rejects(Buffer.concat([magic, Buffer.from([0x00])]), "Malformed", /tag/);
  rejects(Buffer.concat([magic, Buffer.from([0x0f])]), "Malformed", /wire type/);
  // spec.replicas sent as a string: the field's wire type does not match.
  const spec = protobuf.Writer.create()
    .uint32((2 << 3) | 2)
    .fork()
    .uint32((1 << 3) | 2)
    .string("3")
    .ldelim();
  const unknown = encode("k8s.io.apimachinery.pkg.runtime.Unknown", {
    typeMeta: { apiVersion: "apps/v1", kind: "Deployment" },
    raw: spec.finish(),
  });
  rejects(
    Buffer.concat([magic, unknown]),
    "Malformed",
    /apps\/v1, Kind=Deployment: .*field 1 of spec\.replicas has wire type 2, expected 0/,
  );
});

test("the envelope must name a kind this decoder knows", () => {
  const cm = (apiVersion: string, kind: string) => body(apiVersion, kind, `${K.core}.ConfigMap`, {});
  const unknown = rejects(cm("example.com/v1", "Widget"), "UnknownKind", /"example\.com\/v1".*"Widget"/);
  assert.equal(unknown.apiVersion, "example.com/v1");
  assert.equal(unknown.kind, "Widget");
  rejects(cm("apps/v1", "ConfigMap"), "UnknownKind", /"apps\/v1".*"ConfigMap"/);
  rejects(cm("v1", ""), "MissingKind", /kind/);
  rejects(cm("", "ConfigMap"), "MissingKind", /apiVersion/);
  assert.equal(
    decodeProtobufBody(cm("", ""), { defaults: { apiVersion: "v1", kind: "ConfigMap" } }).kind,
    "ConfigMap",
  );
  const gz = body("v1", "ConfigMap", `${K.core}.ConfigMap`, {}, { contentEncoding: "gzip" });
  rejects(gz, "UnsupportedEncoding", /gzip/);
});

test("values Go could not write as JSON are rejected", () => {
  const lease = (acquireTime: Record<string, unknown>) =>
    body("coordination.k8s.io/v1", "Lease", "k8s.io.api.coordination.v1.Lease", { spec: { acquireTime } });
  rejects(lease({ seconds: 253402300800 }), "InvalidValue", /spec\.acquireTime/);
  rejects(lease({ seconds: -62167219201 }), "InvalidValue", /years 0 to 9999/);
  assert.equal(
    (decodeProtobufBody(lease({ seconds: -62167219200 })).spec as { acquireTime: string }).acquireTime,
    "0000-01-01T00:00:00.000000Z",
  );
  const pdb = body("policy/v1", "PodDisruptionBudget", "k8s.io.api.policy.v1.PodDisruptionBudget", {
    spec: { minAvailable: { type: 2, intVal: 1 } },
  });
  rejects(pdb, "InvalidValue", /spec\.minAvailable holds IntOrString type 2/);
});

test("nesting is bounded: embedded objects inside embedded objects fail past MAX_DEPTH", () => {
  let bytes: Uint8Array = body("v1", "ConfigMap", `${K.core}.ConfigMap`, { metadata: { name: "leaf" } });
  for (let i = 0; i < MAX_DEPTH; i++) {
    bytes = body("apps/v1", "ControllerRevision", `${K.apps}.ControllerRevision`, { data: { raw: bytes } });
  }
  rejects(bytes, "TooDeep", /deeper than 64/);
  // A handful of levels is fine: the limit only stops hostile input.
  let shallow: Uint8Array = body("v1", "ConfigMap", `${K.core}.ConfigMap`, { metadata: { name: "leaf" } });
  for (let i = 0; i < 5; i++) {
    shallow = body("apps/v1", "ControllerRevision", `${K.apps}.ControllerRevision`, {
      data: { raw: shallow },
    });
  }
  let level = decodeProtobufBody(shallow) as Record<string, unknown>;
  for (let i = 0; i < 5; i++) level = level.data as Record<string, unknown>;
  assert.deepEqual(level.metadata, { name: "leaf" });
});

test("the schema's own types never nest as deep as MAX_DEPTH (no recursive message)", () => {
  const depth = new Map<string, number>();
  const visiting = new Set<string>();
  const depthOf = (name: string): number => {
    const known = depth.get(name);
    if (known !== undefined) return known;
    assert.ok(!visiting.has(name), `${name} contains itself`);
    visiting.add(name);
    let max = 0;
    for (const [, , type] of messages[name]!) if (type.includes(".")) max = Math.max(max, depthOf(type));
    visiting.delete(name);
    depth.set(name, max + 1);
    return max + 1;
  };
  const deepest = Math.max(...Object.keys(messages).map(depthOf));
  assert.ok(deepest < MAX_DEPTH / 2, `schema nests ${deepest} deep`);
});

test("hostile bytes: flipping any bit of a real body yields an object or a ProtobufDecodeError", () => {
  const good = deployment(2);
  for (let i = 4; i < good.length; i++) {
    for (let bit = 0; bit < 8; bit++) {
      const bad = Buffer.from(good);
      bad[i]! ^= 1 << bit;
      try {
        const got = decodeProtobufBody(bad);
        assert.equal(typeof got, "object");
      } catch (err) {
        assert.ok(err instanceof ProtobufDecodeError, `byte ${i} bit ${bit}: ${String(err)}`);
      }
    }
  }
});

test("media types", () => {
  assert.deepEqual(PROTOBUF_MEDIA_TYPES, ["application/vnd.kubernetes.protobuf"]);
  assert.ok(isProtobufMediaType(PROTOBUF_MEDIA_TYPE));
  assert.ok(isProtobufMediaType("Application/Vnd.Kubernetes.Protobuf; charset=binary"));
  assert.ok(!isProtobufMediaType("application/json"));
  assert.ok(!isProtobufMediaType("application/vnd.kubernetes.protobuf-extra"));
  assert.ok(!isProtobufMediaType(undefined));
});
