import assert from "node:assert/strict";
import { test } from "node:test";
import { errorString } from "../field.js";
import type { ObjectMeta } from "../types.js";
import { nameIsDNS1035Label, nameIsDNSLabel, validateObjectMeta, validateObjectMetaUpdate } from "./meta.js";

const messages = (
  meta: ObjectMeta,
  namespaced = true,
  nameValidator = undefined as undefined | typeof nameIsDNSLabel,
) => validateObjectMeta(meta, { namespaced, nameValidator }).map(errorString);

test("a valid name and namespace pass", () => {
  assert.deepEqual(
    messages({ name: "pod-1", namespace: "default", labels: { app: "web", "example.com/tier": "" } }),
    [],
  );
});

test("names are DNS-1123 subdomains by default, with upstream's message", () => {
  assert.deepEqual(messages({ name: "My_Pod", namespace: "default" }), [
    `metadata.name: Invalid value: "My_Pod": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')`,
  ]);
});

test("label-named kinds reject dots; DNS-1035 names must start with a letter", () => {
  assert.deepEqual(messages({ name: "a.b" }, false, nameIsDNSLabel), [
    `metadata.name: Invalid value: "a.b": must not contain dots`,
  ]);
  assert.deepEqual(messages({ name: "1svc", namespace: "default" }, true, nameIsDNS1035Label), [
    `metadata.name: Invalid value: "1svc": a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')`,
  ]);
});

test("name or generateName is required; generateName may end in a dash", () => {
  assert.deepEqual(messages({ namespace: "default" }), [
    "metadata.name: Required value: name or generateName is required",
  ]);
  assert.deepEqual(messages({ generateName: "web-", name: "web-x7k2p", namespace: "default" }), []);
});

test("namespace is required for namespaced kinds and forbidden for cluster-scoped ones", () => {
  assert.deepEqual(messages({ name: "a" }), ["metadata.namespace: Required value"]);
  assert.deepEqual(messages({ name: "a", namespace: "x" }, false), [
    "metadata.namespace: Forbidden: not allowed on this type",
  ]);
});

test("label keys and values are checked with upstream's messages", () => {
  const long = "a".repeat(64);
  assert.deepEqual(messages({ name: "p", namespace: "d", labels: { "lo:dev": "x" } }), [
    `metadata.labels: Invalid value: "lo:dev": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')`,
  ]);
  assert.deepEqual(messages({ name: "p", namespace: "d", labels: { app: long } }), [
    `metadata.labels: Invalid value: "${long}": must be no more than 63 characters`,
  ]);
  assert.equal(
    messages({ name: "p", namespace: "d", labels: { "/x": "y" } })[0],
    `metadata.labels: Invalid value: "/x": prefix part must be non-empty`,
  );
});

test("annotations may total at most 256 KiB", () => {
  const big = "x".repeat(256 * 1024);
  assert.deepEqual(messages({ name: "p", namespace: "d", annotations: { a: big } }), [
    "metadata.annotations: Too long: may not be more than 262144 bytes",
  ]);
});

test("updates may not change name, namespace, uid or creationTimestamp", () => {
  const old: ObjectMeta = {
    name: "a",
    namespace: "d",
    uid: "u1",
    creationTimestamp: "2024-01-01T00:00:00Z",
    generation: 2,
  };
  assert.deepEqual(validateObjectMetaUpdate({ ...old, labels: { x: "y" } }, old), []);
  assert.deepEqual(
    validateObjectMetaUpdate({ ...old, name: "b", uid: "u2", generation: 1 }, old).map(errorString),
    [
      `metadata.generation: Invalid value: 1: must not be decremented`,
      `metadata.name: Invalid value: "b": field is immutable`,
      `metadata.uid: Invalid value: "u2": field is immutable`,
    ],
  );
});

test("no finalizers may be added once deletion started", () => {
  const old: ObjectMeta = {
    name: "a",
    deletionTimestamp: "2024-01-01T00:00:00Z",
    finalizers: ["kubernetes"],
  };
  assert.deepEqual(
    validateObjectMetaUpdate({ ...old, finalizers: ["kubernetes", "example.com/x"] }, old).map(errorString),
    [
      `metadata.finalizers: Forbidden: no new finalizers can be added if the object is being deleted, found new finalizers []string{"example.com/x"}`,
    ],
  );
});
