/** core/v1 ServiceAccount. The "default" account of each namespace is created by a controller. */
import type { ServiceAccount } from "kubernetes-types/core/v1.js";
import { isDNS1123Subdomain } from "../common/names.js";
import { AGE_COLUMN, ageOf, column, NAME_COLUMN, nameOf } from "../common/table.js";
import { isObject, list, str } from "../common/values.js";
import { type FieldError, invalid, path } from "../field.js";
import type { KubeObject, ResourceDef, Strategy, TableDef } from "../types.js";

/** Field errors of a ServiceAccount: referenced secrets and pull secrets must be named validly. */
export function validateServiceAccount(sa: Readonly<ServiceAccount>): FieldError[] {
  const errs: FieldError[] = [];
  for (const field of ["secrets", "imagePullSecrets"] as const) {
    list(sa[field]).forEach((ref, i) => {
      const name = str(isObject(ref) ? ref.name : "");
      if (name === "") return;
      for (const m of isDNS1123Subdomain(name))
        errs.push(invalid(path(field).index(i).child("name"), name, m));
    });
  }
  return errs;
}

const asSA = (obj: Readonly<KubeObject>) => obj as unknown as ServiceAccount;

export const serviceAccountStrategy: Strategy = {
  validate: (obj) => validateServiceAccount(asSA(obj)),
};

export const serviceAccountTable: TableDef = {
  columns: [
    NAME_COLUMN,
    column(
      "Secrets",
      "Secrets is a list of the secrets in the same namespace that pods running using this ServiceAccount are allowed to use.",
    ),
    AGE_COLUMN,
  ],
  cells: (obj, now) => [nameOf(obj), list(obj.secrets).length, ageOf(obj, now)],
};

export const serviceAccountResource: ResourceDef = {
  group: "",
  version: "v1",
  kind: "ServiceAccount",
  resource: "serviceaccounts",
  singular: "serviceaccount",
  namespaced: true,
  shortNames: ["sa"],
  definition: "io.k8s.api.core.v1.ServiceAccount",
  subresources: { others: ["token"] },
  strategy: serviceAccountStrategy,
  table: serviceAccountTable,
};
