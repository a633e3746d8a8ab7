import assert from "node:assert/strict";
import { test } from "node:test";
import type { ResourceDef } from "../types.js";
import { resourceDef } from "./testdata.js";
import { openapiV2, openapiV2JSON } from "./v2.js";

function fixture(): ResourceDef[] {
  return [
    resourceDef("", "io.k8s.api.core.v1.Pod", {
      subresources: { status: true, others: ["log", "exec", "eviction"] },
    }),
    resourceDef("", "io.k8s.api.core.v1.Node", { namespaced: false }),
    resourceDef("apps", "io.k8s.api.apps.v1.Deployment", {
      subresources: {
        status: true,
        scale: { specReplicasPath: "spec.replicas", statusReplicasPath: "status.replicas" },
      },
    }),
  ];
}

interface Doc {
  swagger: string;
  info: { title: string; version: string };
  paths: Record<string, Record<string, Op & Param[]>>;
  definitions: Record<string, { "x-kubernetes-group-version-kind"?: unknown[] }>;
}
interface Param {
  name: string;
  in: string;
  required?: boolean;
}
interface Op {
  operationId: string;
  consumes: string[];
  parameters?: Param[];
  "x-kubernetes-action": string;
  "x-kubernetes-group-version-kind"?: { group: string; version: string; kind: string };
}

const doc = (resources = fixture()) => openapiV2(resources) as Doc;
const queryNames = (op: Op) => (op.parameters ?? []).filter((p) => p.in === "query").map((p) => p.name);

test("swagger 2.0 with upstream's title and version", () => {
  const d = doc();
  assert.equal(d.swagger, "2.0");
  assert.deepEqual(d.info, { title: "Kubernetes", version: "v1.32.0" });
});

test("pods have every verb, with fieldValidation on create, update and patch", () => {
  const { paths } = doc();
  const collection = paths["/api/v1/namespaces/{namespace}/pods"];
  const object = paths["/api/v1/namespaces/{namespace}/pods/{name}"];
  assert.deepEqual(
    [
      collection.get,
      collection.post,
      collection.delete,
      object.get,
      object.put,
      object.patch,
      object.delete,
    ].map((op) => [op.operationId, op["x-kubernetes-action"]]),
    [
      ["listCoreV1NamespacedPod", "list"],
      ["createCoreV1NamespacedPod", "post"],
      ["deleteCoreV1CollectionNamespacedPod", "deletecollection"],
      ["readCoreV1NamespacedPod", "get"],
      ["replaceCoreV1NamespacedPod", "put"],
      ["patchCoreV1NamespacedPod", "patch"],
      ["deleteCoreV1NamespacedPod", "delete"],
    ],
  );
  for (const op of [
    collection.post,
    object.put,
    object.patch,
    paths["/api/v1/namespaces/{namespace}/pods/{name}/status"].patch,
  ]) {
    assert.deepEqual(
      queryNames(op).slice(0, 3),
      ["dryRun", "fieldManager", "fieldValidation"],
      op.operationId,
    );
    assert.deepEqual(op["x-kubernetes-group-version-kind"], { group: "", kind: "Pod", version: "v1" });
  }
  assert.ok(object.patch.consumes.includes("application/strategic-merge-patch+json"));
  assert.deepEqual(
    (object.parameters as unknown as Param[]).map((p) => [p.name, p.in, p.required ?? false]),
    [
      ["name", "path", true],
      ["namespace", "path", true],
      ["pretty", "query", false],
    ],
  );
});

test("cluster-scoped, watch, all-namespaces and subresource paths", () => {
  const { paths } = doc();
  assert.equal(paths["/api/v1/nodes/{name}"].get.operationId, "readCoreV1Node");
  assert.equal(paths["/api/v1/watch/nodes"].get["x-kubernetes-action"], "watchlist");
  assert.equal(paths["/api/v1/pods"].get.operationId, "listCoreV1PodForAllNamespaces");
  assert.equal(paths["/api/v1/watch/namespaces/{namespace}/pods/{name}"].get["x-kubernetes-action"], "watch");
  assert.equal(
    paths["/api/v1/namespaces/{namespace}/pods/{name}/log"].get.operationId,
    "readCoreV1NamespacedPodLog",
  );
  assert.equal(
    paths["/api/v1/namespaces/{namespace}/pods/{name}/exec"].post["x-kubernetes-action"],
    "connect",
  );
  assert.deepEqual(
    paths["/api/v1/namespaces/{namespace}/pods/{name}/eviction"].post["x-kubernetes-group-version-kind"],
    {
      group: "policy",
      kind: "Eviction",
      version: "v1",
    },
  );
  const scale = paths["/apis/apps/v1/namespaces/{namespace}/deployments/{name}/scale"];
  assert.equal(scale.patch.operationId, "patchAppsV1NamespacedDeploymentScale");
  assert.deepEqual(scale.patch["x-kubernetes-group-version-kind"], {
    group: "autoscaling",
    kind: "Scale",
    version: "v1",
  });
  assert.equal(paths["/api/v1/nodes"].post.operationId, "createCoreV1Node");
});

test("definitions: served kinds, their lists, the meta kinds, and nothing dangling", () => {
  const d = doc();
  for (const name of [
    "io.k8s.api.core.v1.Pod",
    "io.k8s.api.core.v1.PodList",
    "io.k8s.api.apps.v1.DeploymentList",
    "io.k8s.api.autoscaling.v1.Scale",
    "io.k8s.apimachinery.pkg.apis.meta.v1.Status",
    "io.k8s.apimachinery.pkg.apis.meta.v1.DeleteOptions",
    "io.k8s.apimachinery.pkg.apis.meta.v1.WatchEvent",
  ]) {
    assert.ok(d.definitions[name], name);
  }
  assert.equal(d.definitions["io.k8s.api.batch.v1.Job"], undefined, "kinds not served are left out");
  assert.deepEqual(
    d.definitions["io.k8s.apimachinery.pkg.apis.meta.v1.DeleteOptions"]["x-kubernetes-group-version-kind"],
    [
      { group: "", kind: "DeleteOptions", version: "v1" },
      { group: "apps", kind: "DeleteOptions", version: "v1" },
    ],
  );
  const dangling: string[] = [];
  JSON.stringify(d, (key, value) => {
    if (key === "$ref" && typeof value === "string" && !d.definitions[value.replace("#/definitions/", "")])
      dangling.push(value);
    return value;
  });
  assert.deepEqual(dangling, []);
});

test("verbs limit the operations; documents are cached per resource list", () => {
  const resources = fixture().map((r) => (r.kind === "Node" ? { ...r, verbs: ["get", "list"] } : r));
  const { paths } = doc(resources);
  assert.deepEqual(Object.keys(paths["/api/v1/nodes"]), ["get", "parameters"]);
  assert.equal(paths["/api/v1/watch/nodes"], undefined);
  assert.equal(openapiV2(resources), openapiV2(resources));
  assert.equal(openapiV2JSON(resources), JSON.stringify(openapiV2(resources)));
});
