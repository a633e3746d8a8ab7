/**
 * apiextensions.k8s.io/v1 CustomResourceDefinition: stored and listed, so clients that look
 * CRDs up (kubectl's validation asks for them before reporting an unknown kind) get upstream's
 * answers. Serving the custom resources themselves comes later.
 */
import { notSupported, path, required } from "../field.js";
import type { KubeObject, ResourceDef, Strategy } from "../types.js";

interface CrdSpec {
  group?: string;
  scope?: string;
  names?: { plural?: string; kind?: string };
  versions?: unknown[];
}

const strategy: Strategy = {
  prepareForCreate(obj: KubeObject) {
    obj.metadata.generation = 1;
  },
  validate(obj: KubeObject) {
    const spec = (obj.spec ?? {}) as CrdSpec;
    const errs = [];
    const p = path("spec");
    if (!spec.group) errs.push(required(p.child("group")));
    if (!spec.names?.plural) errs.push(required(p.child("names").child("plural")));
    if (!spec.names?.kind) errs.push(required(p.child("names").child("kind")));
    if (spec.scope !== "Namespaced" && spec.scope !== "Cluster") {
      errs.push(notSupported(p.child("scope"), spec.scope ?? "", ["Cluster", "Namespaced"]));
    }
    if (!spec.versions?.length)
      errs.push(required(p.child("versions"), "must have exactly one version marked as storage version"));
    return errs;
  },
};

export const crdResource: ResourceDef = {
  group: "apiextensions.k8s.io",
  version: "v1",
  kind: "CustomResourceDefinition",
  resource: "customresourcedefinitions",
  singular: "customresourcedefinition",
  namespaced: false,
  shortNames: ["crd", "crds"],
  categories: ["api-extensions"],
  definition: "io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.CustomResourceDefinition",
  subresources: { status: true },
  strategy,
  table: {
    columns: [
      {
        name: "Name",
        type: "string",
        format: "name",
        description: "Name must be unique within a namespace.",
      },
      { name: "Created At", type: "date", description: "The time the object was created." },
    ],
    cells: (o) => [o.metadata.name, o.metadata.creationTimestamp],
  },
};
