import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { KubeObject } from "../../api/types.js";
import { JSON_PATCH, PatchError } from "./index.js";
import { POD, patched, pod } from "./testdata.js";

function fixture(ops: unknown, current: KubeObject = pod()): KubeObject {
  return patched({ patchType: JSON_PATCH, definition: POD, current, patch: ops });
}

// biome-ignore lint/suspicious/noExplicitAny: tests read deep into patched objects
const spec = (o: KubeObject) => o.spec as any;

/** Upstream's 422 for a patch that does not apply: a fixed message, the library's error as cause. */
function rejectsWith(ops: unknown, cause: string): void {
  assert.throws(
    () => fixture(ops),
    (e: unknown) => {
      assert.ok(e instanceof PatchError);
      assert.equal(e.status, 422);
      assert.equal(e.reason, "Invalid");
      assert.equal(e.message, "the server rejected our request due to an error in our request");
      assert.deepEqual(e.causes, [{ reason: "UnexpectedServerResponse", message: cause }]);
      return true;
    },
  );
}

describe("JSON patch", () => {
  test("kubectl patch pod x --type=json replace of a container image", () => {
    const after = fixture([{ op: "replace", path: "/spec/containers/0/image", value: "nginx:1.25" }]);
    assert.equal(spec(after).containers[0].image, "nginx:1.25");
    assert.equal(spec(after).containers[1].image, "proxy:1");
  });

  test("add, remove, move, copy, and escaped keys", () => {
    const after = fixture([
      { op: "add", path: "/metadata/annotations", value: {} },
      { op: "add", path: "/metadata/annotations/example.com~1team", value: "a" },
      { op: "add", path: "/spec/containers/1/args/-", value: "--v=2" },
      { op: "add", path: "/spec/containers/0/env/0", value: { name: "Z", value: "0" } },
      { op: "remove", path: "/spec/containers/0/env/2" },
      { op: "copy", from: "/metadata/labels/app", path: "/metadata/labels/copy" },
      { op: "move", from: "/spec/restartPolicy", path: "/spec/nodeName" },
      { op: "test", path: "/spec/nodeName", value: "Always" },
    ]);
    assert.deepEqual(after.metadata.annotations, { "example.com/team": "a" });
    assert.deepEqual(spec(after).containers[1].args, ["--port", "8080", "--v=2"]);
    assert.deepEqual(
      spec(after).containers[0].env.map((e: { name: string }) => e.name),
      ["Z", "A"],
    );
    assert.deepEqual(after.metadata.labels, { app: "p", copy: "p" });
    assert.equal(spec(after).restartPolicy, undefined);
    assert.equal(spec(after).nodeName, "Always");
  });

  test("negative indexes count from the end, as the library upstream uses allows", () => {
    const after = fixture([{ op: "remove", path: "/spec/containers/-1" }]);
    assert.deepEqual(
      spec(after).containers.map((c: { name: string }) => c.name),
      ["app"],
    );
  });

  test("replace of a missing object key adds it (json-patch v4 behavior upstream keeps)", () => {
    const after = fixture([{ op: "replace", path: "/metadata/labels/tier", value: "web" }]);
    assert.deepEqual(after.metadata.labels, { app: "p", tier: "web" });
  });

  test("a failing test operation is a 422", () => {
    rejectsWith(
      [{ op: "test", path: "/spec/restartPolicy", value: "Never" }],
      "testing value /spec/restartPolicy failed: test failed",
    );
  });

  test("bad paths are 422s with the library's messages", () => {
    rejectsWith(
      [{ op: "add", path: "/spec/missing/field", value: 1 }],
      'add operation does not apply: doc is missing path: "/spec/missing/field": missing value',
    );
    rejectsWith(
      [{ op: "remove", path: "/metadata/labels/nope" }],
      "error in remove for path: '/metadata/labels/nope': Unable to remove nonexistent key: nope: missing value",
    );
    rejectsWith(
      [{ op: "replace", path: "/spec/containers/7/image", value: "x" }],
      "replace operation does not apply: doc is missing path: /spec/containers/7/image: missing value",
    );
    rejectsWith(
      [{ op: "replace", path: "/spec/containers/7", value: {} }],
      "replace operation does not apply: doc is missing key: /spec/containers/7: missing value",
    );
    rejectsWith(
      [{ op: "add", path: "/spec/containers/9", value: {} }],
      "error in add for path: '/spec/containers/9': Unable to access invalid index: 9: invalid index referenced",
    );
    rejectsWith([{ op: "frobnicate", path: "/x" }], "Unexpected kind: frobnicate");
    rejectsWith([{ op: "add", value: 1 }], "add operation failed to decode path: missing value");
  });

  test("an operation failing leaves nothing half-applied", () => {
    const current = pod();
    assert.throws(() =>
      fixture(
        [
          { op: "replace", path: "/spec/restartPolicy", value: "Never" },
          { op: "test", path: "/spec/restartPolicy", value: "Always" },
        ],
        current,
      ),
    );
    assert.equal(spec(current).restartPolicy, "Always");
  });

  test("malformed bodies are 400s", () => {
    for (const body of ["{not json", '{"op":"add"}', "[1]", ""]) {
      assert.throws(
        () => fixture(body),
        (e: unknown) => e instanceof PatchError && e.status === 400,
        body,
      );
    }
    assert.throws(
      () => fixture('{"op":"add"}'),
      (e: unknown) =>
        e instanceof PatchError &&
        e.message === "json: cannot unmarshal object into Go value of type jsonpatch.Patch",
    );
  });

  test("more than 10000 operations is a 413", () => {
    const ops = Array.from({ length: 10001 }, () => ({ op: "test", path: "/kind", value: "Pod" }));
    assert.throws(
      () => fixture(ops),
      (e: unknown) =>
        e instanceof PatchError &&
        e.status === 413 &&
        e.message === "The allowed maximum operations in a JSON patch is 10000, got 10001",
    );
  });

  test("copies cannot blow the object up", () => {
    const ops = [{ op: "add", path: "/metadata/annotations", value: { a: "x".repeat(100_000) } }];
    for (let i = 0; i < 40; i++)
      ops.push({ op: "copy", from: "/metadata/annotations", path: `/metadata/labels/c${i}` } as never);
    assert.throws(
      () => fixture(ops),
      (e: unknown) =>
        e instanceof PatchError &&
        e.status === 422 &&
        /accumulated size increase of copy/.test(e.causes[0]?.message ?? ""),
    );
  });

  test("repeated self-copies cannot nest the object without bound", () => {
    const ops = [{ op: "add", path: "/metadata/annotations", value: {} }];
    let path = "/metadata/annotations";
    for (let i = 0; i < 15; i++) {
      ops.push({ op: "copy", from: "/metadata", path: `${path}/n` } as never);
      path += "/n";
    }
    assert.throws(
      () => fixture(ops),
      (e: unknown) => e instanceof PatchError && e.status === 422,
    );
  });

  test("__proto__ keys are refused and pollute nothing", () => {
    assert.throws(
      () => fixture('[{"op":"add","path":"/metadata/labels/x","value":{"__proto__":{"polluted":"yes"}}}]'),
      (e: unknown) => e instanceof PatchError && e.status === 400,
    );
    const after = fixture([{ op: "add", path: "/metadata/labels/__proto__", value: "x" }]);
    assert.equal(Object.getPrototypeOf(after.metadata.labels), Object.prototype);
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
  });

  test("a body nested more than 100 levels is a 400", () => {
    const deep = `[{"op":"add","path":"/metadata/x","value":${"[".repeat(200)}${"]".repeat(200)}}]`;
    assert.throws(
      () => fixture(deep),
      (e: unknown) => e instanceof PatchError && e.status === 400 && /nested too deeply/.test(e.message),
    );
  });
});
