import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { KubeObject } from "../../api/types.js";
import { MERGE_PATCH, PatchError } from "./index.js";
import { DEPLOYMENT, deployment, patched, pod } from "./testdata.js";

function fixture(patch: unknown, current: KubeObject = deployment()): KubeObject {
  return patched({ patchType: `${MERGE_PATCH}; charset=utf-8`, definition: DEPLOYMENT, current, patch });
}

// biome-ignore lint/suspicious/noExplicitAny: tests read deep into patched objects
const spec = (o: KubeObject) => o.spec as any;

describe("JSON merge patch", () => {
  test('kubectl patch deploy x --type=merge -p \'{"spec":{"replicas":3}}\'', () => {
    const after = fixture({ spec: { replicas: 3 } });
    assert.equal(spec(after).replicas, 3);
    assert.deepEqual(spec(after).template, spec(deployment()).template);
  });

  test("null deletes keys; nested nulls in new values are dropped", () => {
    const after = fixture({ metadata: { labels: { app: null }, annotations: { a: "1", b: null } } });
    assert.deepEqual(after.metadata.labels, {});
    assert.deepEqual(after.metadata.annotations, { a: "1" });
  });

  test("lists are replaced as a whole (containers are not merged by name)", () => {
    const after = fixture({ spec: { containers: [{ name: "sidecar", image: "proxy:2" }] } }, pod());
    assert.deepEqual(spec(after).containers, [{ name: "sidecar", image: "proxy:2" }]);
  });

  test("anything but a JSON object is 'Invalid JSON Patch' (400)", () => {
    for (const body of ["[]", "3", "null", "{oops"]) {
      assert.throws(
        () => fixture(body),
        (e: unknown) => e instanceof PatchError && e.status === 400 && e.message === "Invalid JSON Patch",
        body,
      );
    }
  });

  test("__proto__ keys are refused and pollute nothing", () => {
    assert.throws(
      () => fixture('{"metadata":{"__proto__":{"polluted":true}}}'),
      (e: unknown) => e instanceof PatchError && e.status === 400,
    );
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
  });
});
