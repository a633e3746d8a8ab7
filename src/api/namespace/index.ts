/**
 * core/v1 Namespace, like upstream's pkg/registry/core/namespace: a new namespace is Active
 * with the "kubernetes" finalizer; spec.finalizers change only through namespaces/finalize and
 * status only through namespaces/status.
 */
import type { Namespace } from "kubernetes-types/core/v1.js";
import { isStandardFinalizer, nameIsDNSLabel, validateFinalizers } from "../common/meta.js";
import { keepField, keepStatus, statusStrategyOf } from "../common/status.js";
import { AGE_COLUMN, ageOf, column, NAME_COLUMN, nameOf } from "../common/table.js";
import { child, isObject, type JsonObject, list, str } from "../common/values.js";
import { type FieldError, invalid, path } from "../field.js";
import type { KubeObject, ResourceDef, Strategy, TableDef } from "../types.js";

/** Namespace names are DNS-1123 labels. */
export const namespaceNameValidator = nameIsDNSLabel;

/** The label every namespace carries with its own name. */
export const NAMESPACE_NAME_LABEL = "kubernetes.io/metadata.name";

const statusOf = (obj: Readonly<KubeObject>): JsonObject => (isObject(obj.status) ? obj.status : {});

/** Field errors of spec.finalizers: qualified names, or one of the standard ones. */
export function validateNamespaceFinalizers(ns: Readonly<Namespace>): FieldError[] {
  const p = path("spec").child("finalizers");
  const errs: FieldError[] = [];
  for (const f of list(ns.spec?.finalizers).map(str)) {
    errs.push(...validateFinalizers([f], p));
    if (!f.includes("/") && !isStandardFinalizer(f)) {
      errs.push(invalid(p, f, "name is neither a standard finalizer name nor is it fully qualified"));
    }
  }
  return errs;
}

/** Field errors of a namespaces/status update: the phase follows the deletion timestamp. */
export function validateNamespaceStatusUpdate(ns: Readonly<KubeObject>): FieldError[] {
  const phase = str(statusOf(ns).phase);
  const p = path("status").child("Phase");
  if (!ns.metadata?.deletionTimestamp) {
    return phase === "Active"
      ? []
      : [invalid(p, phase, "may only be 'Active' if `deletionTimestamp` is empty")];
  }
  return phase === "Terminating"
    ? []
    : [invalid(p, phase, "may only be 'Terminating' if `deletionTimestamp` is not empty")];
}

export const namespaceStrategy: Strategy = {
  defaults(obj) {
    const name = str(obj.metadata?.name);
    if (name !== "") obj.metadata.labels = { ...(obj.metadata.labels ?? {}), [NAMESPACE_NAME_LABEL]: name };
    if (isObject(obj.status) && !obj.status.phase) obj.status.phase = "Active";
  },
  prepareForCreate(obj) {
    obj.status = { phase: "Active" };
    const spec = child(obj, "spec");
    const finalizers = list(spec.finalizers).map(str);
    if (!finalizers.includes("kubernetes")) finalizers.push("kubernetes");
    spec.finalizers = finalizers;
  },
  prepareForUpdate(obj, old) {
    keepStatus(obj, old);
    const spec = child(obj, "spec");
    const oldSpec = isObject(old.spec) ? old.spec : {};
    if (oldSpec.finalizers === undefined) delete spec.finalizers;
    else spec.finalizers = structuredClone(oldSpec.finalizers);
  },
  validate(obj) {
    return validateNamespaceFinalizers(obj as unknown as Namespace);
  },
};

/** namespaces/status: only status changes, and the phase must match the deletion state. */
export const namespaceStatusStrategy: Strategy = statusStrategyOf(namespaceStrategy, {
  validateUpdate: (obj) => validateNamespaceStatusUpdate(obj),
});

/** namespaces/finalize: only spec.finalizers changes. */
export const namespaceFinalizeStrategy: Strategy = {
  ...namespaceStrategy,
  prepareForUpdate(obj, old) {
    const finalizers = isObject(obj.spec) ? obj.spec.finalizers : undefined;
    keepStatus(obj, old);
    keepField(obj, old, "spec");
    const spec = child(obj, "spec");
    if (finalizers === undefined) delete spec.finalizers;
    else spec.finalizers = finalizers;
  },
};

export const namespaceTable: TableDef = {
  columns: [NAME_COLUMN, column("Status", "The status of the namespace"), AGE_COLUMN],
  cells: (obj, now) => [nameOf(obj), str(statusOf(obj).phase), ageOf(obj, now)],
};

export const namespaceResource: ResourceDef = {
  group: "",
  version: "v1",
  kind: "Namespace",
  resource: "namespaces",
  singular: "namespace",
  namespaced: false,
  shortNames: ["ns"],
  // No deletecollection, as upstream's namespace storage.
  verbs: ["create", "delete", "get", "list", "patch", "update", "watch"],
  definition: "io.k8s.api.core.v1.Namespace",
  subresources: {
    status: true,
    statusStrategy: namespaceStatusStrategy,
    others: ["finalize"],
    strategies: { finalize: namespaceFinalizeStrategy },
  },
  nameValidator: namespaceNameValidator,
  strategy: namespaceStrategy,
  table: namespaceTable,
  fieldSelectors: {
    "status.phase": (o) => str(statusOf(o).phase),
    // Upstream keeps this alias of metadata.name for compatibility.
    name: (o) => str(o.metadata?.name),
  },
};
