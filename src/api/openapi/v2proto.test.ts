import assert from "node:assert/strict";
import { test } from "node:test";
import type { ResourceDef } from "../types.js";
import { resourceDef } from "./testdata.js";
import { openapiV2Protobuf } from "./v2proto.js";

const resources: ResourceDef[] = [resourceDef("", "io.k8s.api.core.v1.Pod")];

/** A decoded protobuf message: field number -> raw values (varints or byte strings). */
type Fields = Map<number, (number | Buffer)[]>;

/** Reads one message of the protobuf wire format (varint and length-delimited fields only). */
function read(buf: Buffer): Fields {
  const out: Fields = new Map();
  let pos = 0;
  const varint = () => {
    let n = 0;
    let shift = 1;
    for (;;) {
      const b = buf[pos++];
      n += (b & 0x7f) * shift;
      shift *= 128;
      if (b < 0x80) return n;
    }
  };
  while (pos < buf.length) {
    const key = varint();
    const field = Math.floor(key / 8);
    const wire = key % 8;
    let value: number | Buffer;
    if (wire === 0) value = varint();
    else if (wire === 2) {
      const len = varint();
      value = buf.subarray(pos, pos + len);
      pos += len;
    } else throw new Error(`unexpected wire type ${wire}`);
    out.set(field, [...(out.get(field) ?? []), value]);
  }
  return out;
}

const text = (f: Fields, n: number) => (f.get(n) ?? []).map((v) => v.toString());
const sub = (f: Fields, n: number) => (f.get(n) ?? []).map((v) => read(v as Buffer));

test("the protobuf document decodes as gnostic's openapi.v2.Document", () => {
  const doc = read(Buffer.from(openapiV2Protobuf(resources)));
  assert.deepEqual(text(doc, 1), ["2.0"]);
  const [info] = sub(doc, 2);
  assert.deepEqual([text(info, 1), text(info, 2)], [["Kubernetes"], ["v1.32.0"]]);

  // Paths.path (2) -> NamedPathItem{name 1, value 2} -> PathItem.patch (8).
  const [paths] = sub(doc, 8);
  const named = sub(paths, 2).find((p) => text(p, 1)[0] === "/api/v1/namespaces/{namespace}/pods/{name}");
  assert.ok(named, "pods object path");
  const [item] = sub(named, 2);
  const [patch] = sub(item, 8);
  assert.deepEqual(text(patch, 5), ["patchCoreV1NamespacedPod"]);
  assert.ok(text(patch, 7).includes("application/strategic-merge-patch+json"));
  // Vendor extensions (13) are NamedAny{name 1, value 2: Any{yaml 2}}.
  const ext = new Map(sub(patch, 13).map((e) => [text(e, 1)[0], JSON.parse(text(sub(e, 2)[0], 2)[0])]));
  assert.deepEqual(ext.get("x-kubernetes-group-version-kind"), { group: "", kind: "Pod", version: "v1" });
  // Query parameters: ParametersItem{parameter 1: Parameter{non_body_parameter 2: {query 3: {name 4}}}}.
  const queryNames = sub(patch, 8)
    .flatMap((p) => sub(p, 1))
    .flatMap((p) => sub(p, 2))
    .flatMap((p) => sub(p, 3))
    .map((q) => text(q, 4)[0]);
  assert.ok(queryNames.includes("fieldValidation"));

  // Definitions (9): NamedSchema{name 1, value 2}.
  const [defs] = sub(doc, 9);
  assert.ok(sub(defs, 1).some((d) => text(d, 1)[0] === "io.k8s.api.core.v1.PodSpec"));
});

test("the encoding is cached", () => {
  assert.equal(openapiV2Protobuf(resources), openapiV2Protobuf(resources));
});
