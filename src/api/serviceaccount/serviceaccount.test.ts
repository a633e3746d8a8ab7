import assert from "node:assert/strict";
import { test } from "node:test";
import { errorString } from "../field.js";
import type { KubeObject } from "../types.js";
import { serviceAccountResource } from "./index.js";

const fixture = (extra: Record<string, unknown> = {}): KubeObject => ({
  apiVersion: "v1",
  kind: "ServiceAccount",
  metadata: { name: "default", namespace: "default", creationTimestamp: "2024-01-01T00:00:00Z" },
  ...extra,
});

test("SECRETS counts the referenced secrets", () => {
  const now = new Date("2024-01-01T05:03:00Z");
  assert.deepEqual(serviceAccountResource.table?.cells(fixture(), now), ["default", 0, "5h3m"]);
  assert.deepEqual(serviceAccountResource.table?.cells(fixture({ secrets: [{ name: "tok" }] }), now), [
    "default",
    1,
    "5h3m",
  ]);
});

test("secret references must be valid names", () => {
  const errs =
    serviceAccountResource.strategy?.validate?.(fixture({ imagePullSecrets: [{ name: "Bad_Name" }] })) ?? [];
  assert.match(
    errorString(errs[0]!),
    /^imagePullSecrets\[0\]\.name: Invalid value: "Bad_Name": a lowercase RFC 1123 subdomain/,
  );
});
