import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { KubeObject } from "../../api/types.js";
import { PatchError, STRATEGIC_MERGE_PATCH } from "./index.js";
import { DEPLOYMENT, deployment, POD, patched, pod } from "./testdata.js";

function fixture(current: KubeObject, patch: unknown, definition = POD): KubeObject {
  return patched({ patchType: STRATEGIC_MERGE_PATCH, definition, current, patch });
}

// biome-ignore lint/suspicious/noExplicitAny: tests read deep into patched objects
const spec = (o: KubeObject) => o.spec as any;

function rejects(f: () => unknown, status: number, message: string | RegExp): void {
  assert.throws(f, (e: unknown) => {
    assert.ok(e instanceof PatchError, `expected PatchError, got ${e}`);
    assert.equal(e.status, status);
    if (typeof message === "string") assert.equal(e.message, message);
    else assert.match(e.message, message);
    return true;
  });
}

describe("strategic merge patch", () => {
  test('kubectl patch deploy x -p \'{"spec":{"replicas":3}}\' changes only replicas', () => {
    const before = deployment();
    const after = fixture(before, { spec: { replicas: 3 } }, DEPLOYMENT);
    assert.equal(spec(after).replicas, 3);
    assert.deepEqual(spec(after).template, spec(before).template);
    assert.deepEqual(after.metadata, before.metadata);
    assert.equal(spec(deployment()).replicas, 1, "the current object is not modified");
  });

  test("changing one container's image keeps the other containers, in order", () => {
    const after = fixture(pod(), { spec: { containers: [{ name: "sidecar", image: "proxy:2" }] } });
    assert.deepEqual(
      spec(after).containers.map((c: { name: string; image: string }) => [c.name, c.image]),
      [
        ["app", "app:1"],
        ["sidecar", "proxy:2"],
      ],
    );
    assert.deepEqual(spec(after).containers[1].args, ["--port", "8080"]);
  });

  test("a container image change in a deployment template (kubectl set image shape)", () => {
    const after = fixture(
      deployment(),
      { spec: { template: { spec: { containers: [{ name: "nginx", image: "nginx:1.25" }] } } } },
      DEPLOYMENT,
    );
    assert.deepEqual(spec(after).template.spec.containers, [
      { name: "nginx", image: "nginx:1.25", ports: [{ containerPort: 80, protocol: "TCP" }] },
    ]);
  });

  test("env is merged by name: changed, added, and untouched variables", () => {
    const after = fixture(pod(), {
      spec: {
        containers: [
          {
            name: "app",
            env: [
              { name: "B", value: "20" },
              { name: "C", value: "3" },
            ],
          },
        ],
      },
    });
    assert.deepEqual(spec(after).containers[0].env, [
      { name: "A", value: "1" },
      { name: "B", value: "20" },
      { name: "C", value: "3" },
    ]);
  });

  test("$patch: delete removes one container", () => {
    const after = fixture(pod(), { spec: { containers: [{ name: "sidecar", $patch: "delete" }] } });
    assert.deepEqual(
      spec(after).containers.map((c: { name: string }) => c.name),
      ["app"],
    );
  });

  test("$patch: replace in a list replaces the whole list", () => {
    const after = fixture(pod(), {
      spec: { containers: [{ name: "only", image: "only:1" }, { $patch: "replace" }] },
    });
    assert.deepEqual(spec(after).containers, [{ name: "only", image: "only:1" }]);
  });

  test("$patch: replace on a map replaces it; $patch: delete empties it", () => {
    const replaced = fixture(pod(), { metadata: { labels: { $patch: "replace", tier: "web" } } });
    assert.deepEqual(replaced.metadata.labels, { tier: "web" });
    const deleted = fixture(pod(), { metadata: { labels: { $patch: "delete" } } });
    assert.deepEqual(deleted.metadata.labels, {});
  });

  test("null deletes a map key; unmatched nulls are ignored", () => {
    const after = fixture(pod(), { metadata: { labels: { app: null, tier: null, new: "x" } } });
    assert.deepEqual(after.metadata.labels, { new: "x" });
    const added = fixture(pod(), { metadata: { annotations: { a: "1", b: null } } });
    assert.deepEqual(added.metadata.annotations, { a: "1" });
  });

  test("lists without a merge strategy are replaced", () => {
    const after = fixture(pod(), { spec: { containers: [{ name: "sidecar", args: ["--debug"] }] } });
    assert.deepEqual(spec(after).containers[1].args, ["--debug"]);
  });

  test("a new container goes first (upstream's order rule) with its directives removed", () => {
    const after = fixture(pod(), {
      spec: {
        containers: [
          {
            name: "new",
            image: "n:1",
            env: [{ name: "X", value: "1" }],
            "$setElementOrder/env": [{ name: "X" }],
          },
        ],
      },
    });
    assert.deepEqual(spec(after).containers[0], {
      name: "new",
      image: "n:1",
      env: [{ name: "X", value: "1" }],
    });
    assert.deepEqual(
      spec(after).containers.map((c: { name: string }) => c.name),
      ["new", "app", "sidecar"],
    );
  });

  test("scalar merge lists are unions; $deleteFromPrimitiveList removes items", () => {
    const current = pod();
    current.metadata.finalizers = ["a/one", "b/two"];
    const added = fixture(current, { metadata: { finalizers: ["c/three", "a/one"] } });
    assert.deepEqual(added.metadata.finalizers, ["c/three", "a/one", "b/two"]);
    const removed = fixture(current, { metadata: { "$deleteFromPrimitiveList/finalizers": ["a/one"] } });
    assert.deepEqual(removed.metadata.finalizers, ["b/two"]);
  });

  test("$setElementOrder orders the merged list", () => {
    const after = fixture(pod(), {
      spec: {
        "$setElementOrder/containers": [{ name: "sidecar" }, { name: "app" }],
        containers: [{ name: "app", image: "app:2" }],
      },
    });
    assert.deepEqual(
      spec(after).containers.map((c: { name: string; image: string }) => `${c.name}=${c.image}`),
      ["sidecar=proxy:1", "app=app:2"],
    );
  });

  test("kubectl apply's patch deleting one container and adding another keeps upstream's order", () => {
    const current = pod();
    spec(current).containers = [{ name: "a" }, { name: "b", image: "b:1" }, { name: "d", image: "d:1" }];
    const after = fixture(current, {
      spec: {
        "$setElementOrder/containers": [{ name: "b" }, { name: "c" }],
        containers: [
          { name: "c", image: "c:1" },
          { name: "a", $patch: "delete" },
        ],
      },
    });
    assert.deepEqual(spec(after).containers, [
      { name: "b", image: "b:1" },
      { name: "d", image: "d:1" },
      { name: "c", image: "c:1" },
    ]);
  });

  test("$retainKeys clears the keys it does not list (kubectl apply of a Recreate strategy)", () => {
    const current = deployment();
    spec(current).strategy = {
      type: "RollingUpdate",
      rollingUpdate: { maxSurge: "25%", maxUnavailable: "25%" },
    };
    const after = fixture(
      current,
      { spec: { strategy: { $retainKeys: ["type"], type: "Recreate" } } },
      DEPLOYMENT,
    );
    assert.deepEqual(spec(after).strategy, { type: "Recreate" });
  });

  test("ports merge by containerPort", () => {
    const after = fixture(
      deployment(),
      { spec: { template: { spec: { containers: [{ name: "nginx", ports: [{ containerPort: 443 }] }] } } } },
      DEPLOYMENT,
    );
    assert.deepEqual(spec(after).template.spec.containers[0].ports, [
      { containerPort: 443 },
      { containerPort: 80, protocol: "TCP" },
    ]);
  });

  test("a map-typed value replacing a scalar and vice versa", () => {
    const after = fixture(pod(), { spec: { restartPolicy: { odd: true } } });
    assert.deepEqual(spec(after).restartPolicy, { odd: true });
  });

  test("an item without its merge key is refused (422), worded as upstream", () => {
    rejects(
      () => fixture(pod(), { spec: { containers: [{ image: "x" }] } }),
      422,
      "map: map[image:x] does not contain declared merge key: name",
    );
  });

  test("an unknown $patch value is refused", () => {
    rejects(
      () => fixture(pod(), { spec: { containers: [{ name: "app", $patch: "explode" }] } }),
      422,
      "unknown patch type: explode in map: map[$patch:explode name:app]",
    );
  });

  test("malformed directives are 400s", () => {
    rejects(
      () => fixture(pod(), { spec: { $retainKeys: "containers" } }),
      400,
      "invalid patch format of retainKeys",
    );
    rejects(
      () => fixture(pod(), { metadata: { $deleteFromPrimitiveListfinalizers: ["x"] } }),
      400,
      "invalid patch format of primitive list",
    );
  });

  test("lists of lists are refused with upstream's generic 422", () => {
    const current = pod();
    current.metadata.finalizers = ["a"];
    assert.throws(
      () => fixture(current, { metadata: { finalizers: [["x"]] } }),
      (e: unknown) =>
        e instanceof PatchError &&
        e.status === 422 &&
        e.message === "the server rejected our request due to an error in our request" &&
        e.causes[0]?.message === "lists of lists are not supported",
    );
  });

  test("a body that is not a JSON object is a 400", () => {
    rejects(
      () => fixture(pod(), "[1]"),
      400,
      "json: cannot unmarshal array into Go value of type map[string]interface {}",
    );
    rejects(() => fixture(pod(), "{nope"), 400, /JSON/);
  });

  test("a null body changes nothing", () => {
    assert.deepEqual(fixture(pod(), "null"), pod());
  });
});
