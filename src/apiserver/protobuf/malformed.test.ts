import assert from "node:assert/strict";
import { test } from "node:test";
import protobuf from "protobufjs";
import { body, deployment, encode, K, messages, rejects } from "./fixtures.js";
import { decodeProtobufBody, MAX_DEPTH, ProtobufDecodeError } from "./index.js";

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
