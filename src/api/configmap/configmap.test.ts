import assert from "node:assert/strict";
import { test } from "node:test";
import { errorString } from "../field.js";
import type { KubeObject } from "../types.js";
import { configMapResource, configMapStrategy as s } from "./index.js";

const fixture = (extra: Record<string, unknown>): KubeObject => ({
  apiVersion: "v1",
  kind: "ConfigMap",
  metadata: { name: "cfg", namespace: "default" },
  ...extra,
});
const errors = (o: KubeObject) => (s.validate?.(o) ?? []).map(errorString);

test("keys must be config keys", () => {
  assert.deepEqual(errors(fixture({ data: { "app.properties": "a=b", KEY_NAME: "x" } })), []);
  assert.deepEqual(errors(fixture({ data: { "bad key": "x", "..x": "y" } })), [
    `data[bad key]: Invalid value: "bad key": a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')`,
    `data[..x]: Invalid value: "..x": must not start with '..'`,
  ]);
});

test("a key may not be in both data and binaryData; binaryData is base64", () => {
  assert.deepEqual(errors(fixture({ data: { a: "1" }, binaryData: { a: "MQ==", b: "!!" } })), [
    `data[a]: Invalid value: "a": duplicate of key present in binaryData`,
    `binaryData[a]: Invalid value: "a": duplicate of key present in data`,
    `binaryData[b]: Invalid value: "<binary data>": illegal base64 data at input byte 0`,
  ]);
});

test("at most 1 MiB of data", () => {
  assert.deepEqual(errors(fixture({ data: { a: "x".repeat(1024 * 1024 + 1) } })), [
    ": Too long: may not be more than 1048576 bytes",
  ]);
});

test("an immutable configmap cannot change", () => {
  const old = fixture({ data: { a: "1" }, immutable: true });
  assert.deepEqual((s.validateUpdate?.(fixture({ data: { a: "2" } }), old) ?? []).map(errorString), [
    "immutable: Forbidden: field is immutable when `immutable` is set",
    "data: Forbidden: field is immutable when `immutable` is set",
  ]);
  assert.deepEqual(
    s.validateUpdate?.(
      fixture({ data: { a: "1" }, immutable: true, metadata: { name: "cfg", labels: { x: "y" } } }),
      old,
    ),
    [],
  );
});

test("DATA counts data and binaryData keys", () => {
  const cm = fixture({ data: { a: "1", b: "2" }, binaryData: { c: "MQ==" } });
  cm.metadata.creationTimestamp = "2024-01-01T00:00:00Z";
  assert.deepEqual(configMapResource.table?.cells(cm, new Date("2024-01-01T00:00:30Z")), ["cfg", 3, "30s"]);
});
