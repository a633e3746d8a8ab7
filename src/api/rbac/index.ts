/**
 * rbac.authorization.k8s.io/v1 Role, ClusterRole, RoleBinding, ClusterRoleBinding: stored and
 * served with upstream's defaults, validation and tables (authorization itself is elsewhere).
 */
import type { RoleBinding } from "kubernetes-types/rbac/v1.js";
import { nameIsPathSegment } from "../common/index.js";
import { AGE_COLUMN, ageOf, NAME_COLUMN } from "../common/table.js";
import { view } from "../common/values.js";
import type { FieldError } from "../field.js";
import type { KubeObject, ResourceDef, Strategy, TableDef } from "../types.js";
import {
  RBAC_GROUP,
  validateBindingUpdate,
  validateClusterRole,
  validateClusterRoleBinding,
  validateRole,
  validateRoleBinding,
} from "./validation.js";

/** Upstream's SetDefaults_RoleRef and SetDefaults_Subject. */
export function defaultBinding(obj: KubeObject): void {
  const b = view<RoleBinding>(obj);
  if (b.roleRef && !b.roleRef.apiGroup) b.roleRef.apiGroup = RBAC_GROUP;
  for (const s of b.subjects ?? []) {
    if (!s.apiGroup && (s.kind === "User" || s.kind === "Group")) s.apiGroup = RBAC_GROUP;
  }
}

/** Upstream's default table (roles have no printer): NAME and CREATED AT as an RFC 3339 date. */
const roleTable: TableDef = {
  columns: [NAME_COLUMN, { name: "Created At", type: "date", description: AGE_COLUMN.description }],
  cells(obj) {
    const ts = obj.metadata.creationTimestamp;
    const d = typeof ts === "string" ? new Date(ts) : undefined;
    const created =
      d && !Number.isNaN(d.getTime()) ? d.toISOString().replace(/\.\d{3}Z$/, "Z") : "0001-01-01T00:00:00Z";
    return [obj.metadata.name ?? "", created];
  },
};

/** Upstream's rbac.SubjectsStrings: users, groups and namespace/name service accounts. */
export function subjectsStrings(obj: Readonly<KubeObject>): [string, string, string] {
  const users: string[] = [];
  const groups: string[] = [];
  const sas: string[] = [];
  for (const s of view<RoleBinding>(obj).subjects ?? []) {
    if (s.kind === "ServiceAccount") sas.push(`${s.namespace ?? ""}/${s.name}`);
    else if (s.kind === "User") users.push(s.name);
    else if (s.kind === "Group") groups.push(s.name);
  }
  return [users.join(", "), groups.join(", "), sas.join(", ")];
}

function bindingTable(what: string): TableDef {
  return {
    columns: [
      NAME_COLUMN,
      {
        name: "Role",
        type: "string",
        description:
          "RoleRef can reference a Role in the current namespace or a ClusterRole in the global namespace. If the RoleRef cannot be resolved, the Authorizer must return an error. This field is immutable.",
      },
      AGE_COLUMN,
      { name: "Users", type: "string", priority: 1, description: `Users in the ${what}` },
      { name: "Groups", type: "string", priority: 1, description: `Groups in the ${what}` },
      { name: "ServiceAccounts", type: "string", priority: 1, description: `ServiceAccounts in the ${what}` },
    ],
    cells(obj, now) {
      const ref = view<RoleBinding>(obj).roleRef;
      return [
        obj.metadata.name ?? "",
        `${ref?.kind ?? ""}/${ref?.name ?? ""}`,
        ageOf(obj, now),
        ...subjectsStrings(obj),
      ];
    },
  };
}

/**
 * An rbac.authorization.k8s.io/v1 kind; its other names follow from `kind` (Role: roles,
 * role, RoleList, io.k8s.api.rbac.v1.Role), and its names are path segments, as upstream's.
 */
function rbacResource(def: Pick<ResourceDef, "kind" | "namespaced" | "strategy" | "table">): ResourceDef {
  const singular = def.kind.toLowerCase();
  return {
    group: RBAC_GROUP,
    version: "v1",
    kind: def.kind,
    listKind: `${def.kind}List`,
    resource: `${singular}s`,
    nameValidator: nameIsPathSegment,
    singular,
    namespaced: def.namespaced,
    definition: `io.k8s.api.rbac.v1.${def.kind}`,
    strategy: def.strategy,
    table: def.table,
  };
}

/** The strategy of a binding kind whose objects `validate` checks. */
function bindingStrategy(validate: (obj: KubeObject) => FieldError[]): Strategy {
  return { defaults: defaultBinding, validate, validateUpdate: validateBindingUpdate };
}

export const roleResource = rbacResource({
  kind: "Role",
  namespaced: true,
  strategy: { validate: validateRole },
  table: roleTable,
});

export const clusterRoleResource = rbacResource({
  kind: "ClusterRole",
  namespaced: false,
  strategy: { validate: validateClusterRole },
  table: roleTable,
});

export const roleBindingResource = rbacResource({
  kind: "RoleBinding",
  namespaced: true,
  strategy: bindingStrategy(validateRoleBinding),
  table: bindingTable("roleBinding"),
});

export const clusterRoleBindingResource = rbacResource({
  kind: "ClusterRoleBinding",
  namespaced: false,
  strategy: bindingStrategy(validateClusterRoleBinding),
  table: bindingTable("clusterRoleBinding"),
});

export const rbacResources: readonly ResourceDef[] = [
  clusterRoleBindingResource,
  clusterRoleResource,
  roleBindingResource,
  roleResource,
];
