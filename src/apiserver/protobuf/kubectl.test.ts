import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import { decodeProtobufBody } from "./index.js";

// The compiled test runs from dist/src/apiserver/protobuf; the captured bodies stay in src.
const dir = fileURLToPath(new URL("../../../../src/apiserver/protobuf/testdata/kubectl/", import.meta.url));

function fixture(name: string): { body: Buffer; json: () => Record<string, unknown> } {
  return {
    body: readFileSync(`${dir}${name}.pb`),
    json: () => JSON.parse(readFileSync(`${dir}${name}.json`, "utf8")),
  };
}

const names = readdirSync(dir)
  .filter((f) => f.endsWith(".pb") && f !== "token.pb")
  .map((f) => f.slice(0, -3))
  .sort();

test("kubectl's protobuf bodies decode to the JSON kubectl writes for the same object", () => {
  assert.ok(names.length >= 16, `only ${names.length} fixtures in ${dir}`);
  for (const name of names) {
    const { body, json } = fixture(name);
    const want = json();
    if (name === "clusterrole-aggregated") {
      // Go writes a nil list without omitempty as null; the decoder leaves empty lists out.
      assert.equal(want.rules, null);
      delete want.rules;
    }
    assert.deepEqual(decodeProtobufBody(body), want, name);
  }
});

test("kubectl create deployment --replicas=0: the zero that matters survives", () => {
  const got = decodeProtobufBody(fixture("deployment-replicas0").body);
  assert.equal((got.spec as { replicas: unknown }).replicas, 0);
  const defaulted = decodeProtobufBody(fixture("deployment").body);
  assert.equal((defaulted.spec as { replicas: unknown }).replicas, 1);
});

test("kubectl create secret generic: literal and binary file values as base64", () => {
  const got = decodeProtobufBody(fixture("secret-generic").body);
  const data = got.data as Record<string, string>;
  assert.equal(Buffer.from(data.password!, "base64").toString(), "s3cr3t!");
  assert.deepEqual([...Buffer.from(data.blob!, "base64").subarray(0, 5)], [0, 1, 2, 0xff, 0xfe]);
});

test("kubectl create token: a TokenRequest for the token subresource", () => {
  assert.deepEqual(decodeProtobufBody(fixture("token").body), {
    kind: "TokenRequest",
    apiVersion: "authentication.k8s.io/v1",
    metadata: { creationTimestamp: null },
    spec: { audiences: ["api"], expirationSeconds: 3600 },
    status: { token: "", expirationTimestamp: null },
  });
});
