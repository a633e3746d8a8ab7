import assert from "node:assert/strict";
import { test } from "node:test";
import { errorString } from "../field.js";
import type { KubeObject } from "../types.js";
import {
  clusterRoleBindingResource,
  clusterRoleResource,
  roleBindingResource,
  roleResource,
} from "./index.js";

function binding(): KubeObject {
  return {
    metadata: { name: "read-pods", namespace: "default", creationTimestamp: "2024-01-01T00:00:00Z" },
    subjects: [
      { kind: "User", name: "jane" },
      { kind: "Group", name: "devs" },
      { kind: "ServiceAccount", name: "builder", namespace: "ci" },
    ],
    roleRef: { kind: "Role", name: "pod-reader" },
  };
}

test("bindings default apiGroups for the role ref and user/group subjects", () => {
  const b = binding();
  roleBindingResource.strategy!.defaults!(b);
  assert.deepEqual(b.roleRef, { kind: "Role", name: "pod-reader", apiGroup: "rbac.authorization.k8s.io" });
  assert.deepEqual(
    (b.subjects as { apiGroup?: string }[]).map((s) => s.apiGroup),
    ["rbac.authorization.k8s.io", "rbac.authorization.k8s.io", undefined],
  );
  assert.deepEqual(roleBindingResource.strategy!.validate!(b), []);
});

test("role rules need verbs, groups and resources; roles may not name non-resource URLs", () => {
  const role: KubeObject = {
    metadata: { name: "r", namespace: "default" },
    rules: [
      { apiGroups: [""], resources: ["pods"] },
      { verbs: ["get"], nonResourceURLs: ["/healthz"] },
      { verbs: ["get"] },
    ],
  };
  assert.deepEqual(roleResource.strategy!.validate!(role).map(errorString), [
    "rules[0].verbs: Required value: verbs must contain at least one value",
    'rules[1].nonResourceURLs: Invalid value: ["/healthz"]: namespaced rules cannot apply to non-resource URLs',
    "rules[2].apiGroups: Required value: resource rules must supply at least one api group",
    "rules[2].resources: Required value: resource rules must supply at least one resource",
  ]);
  const clusterRole: KubeObject = {
    metadata: { name: "system:health" },
    rules: [{ verbs: ["get"], nonResourceURLs: ["/healthz"] }],
  };
  assert.deepEqual(clusterRoleResource.strategy!.validate!(clusterRole), []);
  clusterRole.aggregationRule = { clusterRoleSelectors: [] };
  assert.deepEqual(clusterRoleResource.strategy!.validate!(clusterRole).map(errorString), [
    "aggregationRule.clusterRoleSelectors: Required value: at least one clusterRoleSelector required if aggregationRule is non-nil",
  ]);
});

test("cluster role bindings must bind ClusterRoles and namespaced service accounts", () => {
  const b = binding();
  delete b.metadata.namespace;
  (b.subjects as { namespace?: string }[])[2]!.namespace = undefined;
  (b.subjects as { kind: string }[]).push({ kind: "Robot" });
  clusterRoleBindingResource.strategy!.defaults!(b);
  assert.deepEqual(clusterRoleBindingResource.strategy!.validate!(b).map(errorString), [
    'roleRef.kind: Unsupported value: "Role": supported values: "ClusterRole"',
    "subjects[2].namespace: Required value",
    "subjects[3].name: Required value",
    'subjects[3].kind: Unsupported value: "Robot": supported values: "ServiceAccount", "User", "Group"',
  ]);
});

test("roleRef cannot change", () => {
  const old = binding();
  roleBindingResource.strategy!.defaults!(old);
  const next = structuredClone(old);
  (next.roleRef as { name: string }).name = "admin";
  assert.deepEqual(roleBindingResource.strategy!.validateUpdate!(next, old).map(errorString), [
    'roleRef: Invalid value: {"kind":"Role","name":"admin","apiGroup":"rbac.authorization.k8s.io"}: cannot change roleRef',
  ]);
  const subjectsOnly = structuredClone(old);
  subjectsOnly.subjects = [];
  assert.deepEqual(roleBindingResource.strategy!.validateUpdate!(subjectsOnly, old), []);
});

test("tables: roles show CREATED AT, bindings ROLE and the subjects when wide", () => {
  const role: KubeObject = { metadata: { name: "pod-reader", creationTimestamp: "2024-01-01T00:00:00Z" } };
  assert.deepEqual(roleResource.table!.cells(role, new Date()), ["pod-reader", "2024-01-01T00:00:00Z"]);
  assert.deepEqual(
    roleResource.table!.columns.map((c) => c.name),
    ["Name", "Created At"],
  );
  assert.deepEqual(roleBindingResource.table!.cells(binding(), new Date("2024-01-02T00:00:00Z")), [
    "read-pods",
    "Role/pod-reader",
    "24h",
    "jane",
    "devs",
    "ci/builder",
  ]);
});
