import assert from "node:assert/strict";
import { test } from "node:test";
import { errorString } from "../field.js";
import type { KubeObject } from "../types.js";
import { secretStrategy as s, secretResource } from "./index.js";

const fixture = (extra: Record<string, unknown>): KubeObject => ({
  apiVersion: "v1",
  kind: "Secret",
  metadata: { name: "db", namespace: "default" },
  ...extra,
});

function prepared(extra: Record<string, unknown>): { obj: KubeObject; errors: string[] } {
  const o = fixture(extra);
  s.defaults?.(o);
  return { obj: o, errors: (s.validate?.(o) ?? []).map(errorString) };
}

test("type defaults to Opaque and stringData becomes data", () => {
  const { obj, errors } = prepared({ data: { user: "YWRtaW4=" }, stringData: { password: "s3cret" } });
  assert.deepEqual(errors, []);
  assert.equal(obj.type, "Opaque");
  assert.deepEqual(obj.data, { user: "YWRtaW4=", password: "czNjcmV0" });
  assert.equal(obj.stringData, undefined);
});

test("data must be base64, with Go's error offsets", () => {
  assert.deepEqual(prepared({ data: { a: "abc$" } }).errors, [
    `data[a]: Invalid value: "<secret contents redacted>": illegal base64 data at input byte 3`,
  ]);
  assert.deepEqual(prepared({ data: { a: "abc" } }).errors, [
    `data[a]: Invalid value: "<secret contents redacted>": illegal base64 data at input byte 0`,
  ]);
  assert.deepEqual(prepared({ data: { a: "YQ==\n" } }).errors, []);
});

test("well-known types need their keys", () => {
  assert.deepEqual(prepared({ type: "kubernetes.io/tls", data: { "tls.crt": "YQ==" } }).errors, [
    "data[tls.key]: Required value",
  ]);
  assert.deepEqual(prepared({ type: "kubernetes.io/basic-auth" }).errors, [
    "data[username]: Required value",
    "data[password]: Required value",
  ]);
  assert.deepEqual(
    prepared({
      type: "kubernetes.io/dockerconfigjson",
      data: { ".dockerconfigjson": Buffer.from('{"auths":{}}').toString("base64") },
    }).errors,
    [],
  );
});

test("type is immutable, and so is data of an immutable secret", () => {
  const old = prepared({ data: { a: "YQ==" }, immutable: true }).obj;
  const next = prepared({
    type: "kubernetes.io/basic-auth",
    data: { username: "YQ==" },
    immutable: true,
  }).obj;
  assert.deepEqual((s.validateUpdate?.(next, old) ?? []).map(errorString), [
    `type: Invalid value: "kubernetes.io/basic-auth": field is immutable`,
    "data: Forbidden: field is immutable when `immutable` is set",
  ]);
});

test("table and the type field selector", () => {
  const { obj } = prepared({ data: { a: "YQ==", b: "Yg==" } });
  obj.metadata.creationTimestamp = "2024-01-01T00:00:00Z";
  assert.deepEqual(secretResource.table?.cells(obj, new Date("2024-01-01T00:03:02Z")), [
    "db",
    "Opaque",
    2,
    "3m2s",
  ]);
  assert.equal(secretResource.fieldSelectors?.type?.(obj), "Opaque");
});
