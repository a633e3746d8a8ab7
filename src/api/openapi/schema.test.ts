import assert from "node:assert/strict";
import { test } from "node:test";
import { ENUMS } from "./enums.js";
import { NUMBER_FORMATS } from "./formats.js";
import { PATCH_META } from "./patchmeta.js";
import { deref, loadDefinitions, refName } from "./schema.js";

const defs = loadDefinitions();

test("Pod is an upstream-named definition with descriptions and its group/version/kind", () => {
  const pod = defs["io.k8s.api.core.v1.Pod"];
  assert.match(pod.description ?? "", /^Pod is a collection of containers/);
  assert.deepEqual(pod["x-kubernetes-group-version-kind"], [{ group: "", kind: "Pod", version: "v1" }]);
  assert.equal(pod.properties?.spec.$ref, "#/definitions/io.k8s.api.core.v1.PodSpec");
  assert.match(pod.properties?.spec.description ?? "", /desired behavior of the pod/);
  assert.deepEqual(defs["io.k8s.api.apps.v1.DeploymentList"]["x-kubernetes-group-version-kind"], [
    { group: "apps", kind: "DeploymentList", version: "v1" },
  ]);
  // Only objects with literal apiVersion/kind (or the meta kinds) are kinds.
  assert.equal(defs["io.k8s.api.core.v1.PodSpec"]["x-kubernetes-group-version-kind"], undefined);
  assert.equal(
    defs["io.k8s.apimachinery.pkg.apis.meta.v1.OwnerReference"]["x-kubernetes-group-version-kind"],
    undefined,
  );
});

test("required follows the optional markers of kubernetes-types", () => {
  assert.deepEqual(defs["io.k8s.api.core.v1.Container"].required, ["name"]);
  assert.deepEqual(defs["io.k8s.api.core.v1.PodList"].required, ["items"]);
  assert.equal(defs["io.k8s.api.core.v1.Pod"].required, undefined);
});

test("Container.ports carries upstream's strategic merge patch metadata", () => {
  const ports = defs["io.k8s.api.core.v1.Container"].properties?.ports;
  assert.equal(ports?.type, "array");
  assert.equal(ports?.items?.$ref, "#/definitions/io.k8s.api.core.v1.ContainerPort");
  assert.equal(ports?.["x-kubernetes-patch-strategy"], "merge");
  assert.equal(ports?.["x-kubernetes-patch-merge-key"], "containerPort");
  assert.equal(ports?.["x-kubernetes-list-type"], "map");
  assert.deepEqual(ports?.["x-kubernetes-list-map-keys"], ["containerPort", "protocol"]);
  const spec = defs["io.k8s.api.core.v1.PodSpec"].properties;
  assert.equal(spec?.containers["x-kubernetes-patch-merge-key"], "name");
  assert.equal(spec?.volumes["x-kubernetes-patch-strategy"], "merge,retainKeys");
  assert.equal(spec?.tolerations["x-kubernetes-list-type"], "atomic");
  assert.equal(spec?.tolerations["x-kubernetes-patch-strategy"], undefined);
  const meta = defs["io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta"].properties;
  assert.equal(meta?.finalizers["x-kubernetes-patch-strategy"], "merge");
  assert.equal(meta?.ownerReferences["x-kubernetes-patch-merge-key"], "uid");
});

test("every fact table entry names an existing field", () => {
  for (const table of [PATCH_META, NUMBER_FORMATS, ENUMS]) {
    for (const [name, fields] of Object.entries(table)) {
      for (const field of Object.keys(fields)) {
        assert.ok(defs[name]?.properties?.[field], `${name}.${field} is not in the definitions`);
      }
    }
  }
});

test("enum fields list their values, as upstream's +enum types do", () => {
  assert.deepEqual(defs["io.k8s.api.core.v1.ServiceSpec"].properties?.type?.enum, [
    "ClusterIP",
    "ExternalName",
    "LoadBalancer",
    "NodePort",
  ]);
  assert.deepEqual(defs["io.k8s.api.core.v1.ServiceSpec"].properties?.ipFamilies?.items?.enum, [
    "IPv4",
    "IPv6",
  ]);
});

test("scalar types: numbers, int64 fields, IntOrString, Quantity, Time, maps, raw JSON", () => {
  const container = defs["io.k8s.api.core.v1.ContainerPort"].properties;
  assert.deepEqual(
    { ...container?.containerPort, description: undefined },
    {
      description: undefined,
      type: "integer",
      format: "int32",
    },
  );
  const meta = defs["io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta"].properties;
  assert.equal(meta?.generation.format, "int64");
  assert.equal(meta?.creationTimestamp.$ref, "#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.Time");
  assert.deepEqual(meta?.labels.additionalProperties, { type: "string" });
  assert.equal(
    defs["io.k8s.api.core.v1.PodSecurityContext"].properties?.supplementalGroups.items?.format,
    "int64",
  );
  assert.equal(
    defs["io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSONSchemaProps"].properties?.maximum.type,
    "number",
  );

  const target = defs["io.k8s.api.core.v1.ServicePort"].properties?.targetPort;
  assert.equal(target?.$ref, "#/definitions/io.k8s.apimachinery.pkg.util.intstr.IntOrString");
  const intOrString = defs["io.k8s.apimachinery.pkg.util.intstr.IntOrString"];
  assert.equal(intOrString.format, "int-or-string");
  assert.equal(intOrString["x-kubernetes-int-or-string"], true);
  const quantity = defs["io.k8s.apimachinery.pkg.api.resource.Quantity"];
  assert.equal(quantity.type, "string");
  assert.equal(quantity["x-kubernetes-int-or-string"], true);
  assert.equal(defs["io.k8s.apimachinery.pkg.apis.meta.v1.Time"].format, "date-time");
  assert.equal(
    defs["io.k8s.apimachinery.pkg.runtime.RawExtension"]["x-kubernetes-preserve-unknown-fields"],
    true,
  );
});

test("every reference resolves and deref follows it", () => {
  const dangling: string[] = [];
  JSON.stringify(defs, (key, value) => {
    if (key === "$ref" && typeof value === "string" && !defs[refName(value) ?? ""]) dangling.push(value);
    return value;
  });
  assert.deepEqual(dangling, []);
  const spec = defs["io.k8s.api.core.v1.Pod"].properties?.spec ?? {};
  assert.equal(deref(spec), defs["io.k8s.api.core.v1.PodSpec"]);
  assert.equal(
    deref({ allOf: [{ $ref: "#/components/schemas/io.k8s.api.core.v1.PodSpec" }] }),
    defs["io.k8s.api.core.v1.PodSpec"],
  );
  assert.throws(() => deref({ $ref: "#/definitions/io.k8s.api.core.v1.Nope" }), /unknown OpenAPI reference/);
});
