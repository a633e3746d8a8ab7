import assert from "node:assert/strict";
import { test } from "node:test";
import type { ResourceDef } from "../types.js";
import { resourceDef } from "./testdata.js";
import { openapiV3GroupVersion, openapiV3GroupVersionJSON, openapiV3Index } from "./v3.js";

function fixture(): ResourceDef[] {
  return [
    resourceDef("", "io.k8s.api.core.v1.Pod", { subresources: { status: true } }),
    resourceDef("", "io.k8s.api.core.v1.Service"),
    resourceDef("apps", "io.k8s.api.apps.v1.Deployment"),
    // A kind kubernetes-types does not describe.
    resourceDef("example.com", "com.example.v1.Widget"),
  ];
}

type Json = Record<string, unknown>;
interface Doc {
  openapi: string;
  paths: Record<string, Record<string, Json & { parameters?: Json[]; requestBody?: { content: Json } }>>;
  components: { schemas: Record<string, Json & { properties?: Record<string, Json> }> };
}

test("the index lists every group version, group, api, apis and version, with content hashes", () => {
  const resources = fixture();
  const { paths } = openapiV3Index(resources);
  assert.deepEqual(Object.keys(paths), [
    "api",
    "api/v1",
    "apis",
    "apis/apps",
    "apis/apps/v1",
    "apis/example.com",
    "apis/example.com/v1",
    "version",
  ]);
  assert.match(paths["api/v1"].serverRelativeURL, /^\/openapi\/v3\/api\/v1\?hash=[0-9A-F]{128}$/);
  // Same content, same hash: kubectl's cache survives a server restart.
  assert.deepEqual(openapiV3Index(fixture()), openapiV3Index(resources));
  const fewer = fixture().filter((r) => r.kind !== "Service");
  assert.notEqual(openapiV3Index(fewer).paths["api/v1"].serverRelativeURL, paths["api/v1"].serverRelativeURL);
  assert.equal(
    openapiV3Index(fewer).paths["apis/apps/v1"].serverRelativeURL,
    paths["apis/apps/v1"].serverRelativeURL,
  );
});

test("the api/v1 document resolves every reference", () => {
  const doc = openapiV3GroupVersion("api/v1", fixture()) as Doc;
  assert.equal(doc.openapi, "3.0.0");
  const refs = new Set<string>();
  JSON.stringify(doc, (key, value) => {
    if (key === "$ref" && typeof value === "string") refs.add(value);
    return value;
  });
  assert.ok(refs.size > 50);
  for (const ref of refs) {
    assert.ok(ref.startsWith("#/components/schemas/"), ref);
    assert.ok(doc.components.schemas[ref.slice("#/components/schemas/".length)], ref);
  }
  assert.equal(
    doc.components.schemas["io.k8s.api.apps.v1.Deployment"],
    undefined,
    "other group versions stay out",
  );
});

test("schemas take upstream's v3 form", () => {
  const { schemas } = (openapiV3GroupVersion("/openapi/v3/api/v1", fixture()) as Doc).components;
  const pod = schemas["io.k8s.api.core.v1.Pod"];
  assert.deepEqual(pod["x-kubernetes-group-version-kind"], [{ group: "", kind: "Pod", version: "v1" }]);
  assert.deepEqual(pod.properties?.spec.allOf, [{ $ref: "#/components/schemas/io.k8s.api.core.v1.PodSpec" }]);
  assert.match(String(pod.properties?.spec.description), /desired behavior/);
  const ports = schemas["io.k8s.api.core.v1.Container"].properties?.ports;
  assert.equal(ports?.["x-kubernetes-patch-merge-key"], "containerPort");
  assert.deepEqual(ports?.items, { $ref: "#/components/schemas/io.k8s.api.core.v1.ContainerPort" });
  assert.deepEqual(schemas["io.k8s.apimachinery.pkg.util.intstr.IntOrString"].oneOf, [
    { type: "integer" },
    { type: "string" },
  ]);
  assert.deepEqual(schemas["io.k8s.apimachinery.pkg.api.resource.Quantity"].oneOf, [
    { type: "string" },
    { type: "number" },
  ]);
});

test("patch operations advertise fieldValidation and strategic merge patch where kubectl looks", () => {
  const doc = openapiV3GroupVersion("api/v1", fixture()) as Doc;
  const patch = doc.paths["/api/v1/namespaces/{namespace}/pods/{name}"].patch;
  assert.deepEqual(patch["x-kubernetes-group-version-kind"], { group: "", kind: "Pod", version: "v1" });
  assert.ok(patch.parameters?.some((p) => p.name === "fieldValidation" && p.in === "query"));
  assert.ok("application/strategic-merge-patch+json" in (patch.requestBody?.content ?? {}));
  const widget = openapiV3GroupVersion("apis/example.com/v1", fixture()) as Doc;
  const widgetPatch = widget.paths["/apis/example.com/v1/namespaces/{namespace}/widgets/{name}"].patch;
  assert.ok(
    !("application/strategic-merge-patch+json" in (widgetPatch.requestBody?.content ?? {})),
    "no schema, no SMP",
  );
  assert.equal(
    widget.components.schemas["com.example.v1.Widget"]["x-kubernetes-preserve-unknown-fields"],
    true,
  );
});

test("discovery documents and unknown paths", () => {
  const resources = fixture();
  const apis = openapiV3GroupVersion("apis", resources) as Doc;
  assert.ok(apis.paths["/apis/"].get);
  assert.ok((openapiV3GroupVersion("apis/apps", resources) as Doc).paths["/apis/apps/"].get);
  assert.ok(
    (openapiV3GroupVersion("version", resources) as Doc).components.schemas[
      "io.k8s.apimachinery.pkg.version.Info"
    ],
  );
  assert.equal(openapiV3GroupVersion("apis/batch/v1", resources), undefined);
  assert.equal(
    openapiV3GroupVersionJSON("api/v1", resources),
    JSON.stringify(openapiV3GroupVersion("api/v1", resources)),
  );
});
