/**
 * core/v1 Node, like upstream's pkg/registry/core/node: a kubelet registers its node with
 * status, so status is kept on create; later status changes go through nodes/status.
 */
import type { NodeSpec, NodeStatus } from "kubernetes-types/core/v1.js";
import { isQualifiedName, isValidLabelValue } from "../common/names.js";
import { canonicalizeResourceList } from "../common/quantity.js";
import { validateResourceQuantityValue } from "../common/resources.js";
import { keepStatus, statusStrategyOf } from "../common/status.js";
import { AGE_COLUMN, ageOf, column, NAME_COLUMN, nameOf } from "../common/table.js";
import {
  duplicateRendered,
  goStringSlice,
  invalidRendered,
  ipFamilyOf,
  isObject,
  type JsonObject,
  list,
  str,
} from "../common/values.js";
import { type FieldError, forbidden, invalid, type Path, path } from "../field.js";
import { validateTaintEffect } from "../pod/index.js";
import type { KubeObject, ResourceDef, Strategy, TableDef } from "../types.js";

const specOf = (n: Readonly<KubeObject>): NodeSpec => (isObject(n.spec) ? (n.spec as NodeSpec) : {});
const statusOf = (n: Readonly<KubeObject>): NodeStatus =>
  isObject(n.status) ? (n.status as NodeStatus) : {};

/** Allocatable defaults to capacity; podCIDR and podCIDRs kept in step; quantities canonical. */
export function defaultNode(node: KubeObject): void {
  if (isObject(node.spec)) {
    const spec = node.spec as JsonObject;
    const cidrs = list(spec.podCIDRs);
    if (cidrs.length === 0 && str(spec.podCIDR) !== "") spec.podCIDRs = [spec.podCIDR];
    else if (cidrs.length > 0 && str(spec.podCIDR) === "") spec.podCIDR = cidrs[0];
  }
  if (isObject(node.status)) {
    const st = node.status as JsonObject;
    if (st.allocatable === undefined && isObject(st.capacity)) st.allocatable = { ...st.capacity };
    canonicalizeResourceList(st.capacity);
    canonicalizeResourceList(st.allocatable);
  }
}

const goTaint = (t: JsonObject) =>
  `core.Taint{Key:${JSON.stringify(str(t.key))}, Value:${JSON.stringify(str(t.value))}, Effect:${JSON.stringify(str(t.effect))}, TimeAdded:(*v1.Time)(nil)}`;

function taints(ts: unknown, p: Path): FieldError[] {
  const errs: FieldError[] = [];
  const seen = new Set<string>();
  list(ts).forEach((x, i) => {
    const t = isObject(x) ? x : {};
    const ip = p.index(i);
    const key = str(t.key);
    for (const m of isQualifiedName(key)) errs.push(invalid(ip.child("key"), key, m));
    const value = str(t.value);
    const vm = isValidLabelValue(value);
    if (vm.length > 0) errs.push(invalid(ip.child("value"), value, vm.join(";")));
    errs.push(...validateTaintEffect(str(t.effect), ip.child("effect")));
    const k = `${str(t.effect)}\u0000${key}`;
    if (seen.has(k)) {
      const e = duplicateRendered(ip, goTaint(t));
      errs.push({ ...e, message: `${e.message}: taints must be unique by key and effect pair` });
    }
    seen.add(k);
  });
  return errs;
}

function cidrValid(v: string): boolean {
  const [ip, bits, extra] = v.split("/");
  const fam = ipFamilyOf(ip ?? "");
  return (
    extra === undefined &&
    fam !== 0 &&
    bits !== undefined &&
    /^\d+$/.test(bits) &&
    Number(bits) <= (fam === 4 ? 32 : 128)
  );
}

/** Field errors of a Node: taints (reported under metadata.taints, as upstream does), resources, pod CIDRs. */
export function validateNode(node: Readonly<KubeObject>): FieldError[] {
  const spec = specOf(node);
  const status = statusOf(node);
  // Upstream builds the taints path from "metadata"; kubectl users see metadata.taints[i].
  const errs = taints(spec.taints, path("metadata").child("taints"));
  for (const field of ["capacity", "allocatable"] as const) {
    for (const [k, v] of Object.entries(isObject(status[field]) ? (status[field] as JsonObject) : {})) {
      errs.push(...validateResourceQuantityValue(k, v, path("status").child(field).child(k)));
    }
  }
  const cidrs = list(spec.podCIDRs).map(str);
  const cp = path("spec").child("podCIDRs");
  cidrs.forEach((c, i) => {
    if (!cidrValid(c))
      errs.push(invalid(cp.index(i), c, "must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)"));
  });
  if (cidrs.length > 1) {
    const fams = cidrs.map((c) => ipFamilyOf(c.split("/")[0] ?? ""));
    if (cidrs.length > 2 || fams[0] === fams[1])
      errs.push(
        invalidRendered(cp, goStringSlice(cidrs), "may specify no more than one CIDR for each IP family"),
      );
  }
  return errs;
}

const CIDR_MSG = 'node updates may not change podCIDR except from "" to valid';

/**
 * Field errors of a Node update beyond those of the new node alone (which `validateNode`
 * reports; the API server runs both): pod CIDRs and provider ID are set once; addresses unique.
 */
export function validateNodeUpdate(node: Readonly<KubeObject>, old: Readonly<KubeObject>): FieldError[] {
  const errs: FieldError[] = [];
  const seen = new Set<string>();
  list(statusOf(node).addresses).forEach((a, i) => {
    const k = JSON.stringify(a);
    if (seen.has(k))
      errs.push(
        duplicateRendered(
          path("status").child("addresses").index(i),
          `core.NodeAddress{Type:${JSON.stringify(str(isObject(a) ? a.type : ""))}, Address:${JSON.stringify(str(isObject(a) ? a.address : ""))}}`,
        ),
      );
    seen.add(k);
  });
  const oldCidrs = list(specOf(old).podCIDRs).map(str);
  const cidrs = list(specOf(node).podCIDRs).map(str);
  if (oldCidrs.length > 0) {
    if (oldCidrs.length !== cidrs.length) errs.push(forbidden(path("spec").child("podCIDRs"), CIDR_MSG));
    else if (oldCidrs.some((c, i) => c !== cidrs[i]))
      errs.push(forbidden(path("spec").child("podCIDRs"), CIDR_MSG));
  }
  const oldProvider = str(specOf(old).providerID);
  if (oldProvider !== "" && oldProvider !== str(specOf(node).providerID)) {
    errs.push(
      forbidden(
        path("spec").child("providerID"),
        'node updates may not change providerID except from "" to valid',
      ),
    );
  }
  return errs;
}

export const nodeStrategy: Strategy = {
  defaults: defaultNode,
  prepareForUpdate: keepStatus,
  validate: validateNode,
  validateUpdate: validateNodeUpdate,
};

/** nodes/status: only status changes; its resources and addresses are checked. */
export const nodeStatusStrategy: Strategy = statusStrategyOf(nodeStrategy, {
  prepareForUpdate: (obj) => defaultNode(obj),
  validateUpdate: (obj, old) => [...validateNodeUpdate(obj, old), ...validateNode(obj)],
});

/** The roles of a node from node-role.kubernetes.io/<role> and kubernetes.io/role labels. */
export function nodeRoles(node: Readonly<KubeObject>): string[] {
  const roles = new Set<string>();
  for (const [k, v] of Object.entries(node.metadata?.labels ?? {})) {
    if (k.startsWith("node-role.kubernetes.io/")) {
      const role = k.slice("node-role.kubernetes.io/".length);
      if (role !== "") roles.add(role);
    } else if (k === "kubernetes.io/role" && v !== "") roles.add(v);
  }
  return [...roles].sort();
}

/** The STATUS cell: Ready / NotReady / Unknown, plus SchedulingDisabled when cordoned. */
export function nodeStatusText(node: Readonly<KubeObject>): string {
  const ready = list(statusOf(node).conditions)
    .filter(isObject)
    .reverse()
    .find((c) => c.type === "Ready");
  const status = [ready ? (ready.status === "True" ? "Ready" : "NotReady") : "Unknown"];
  if (specOf(node).unschedulable === true) status.push("SchedulingDisabled");
  return status.join(",");
}

const address = (node: Readonly<KubeObject>, type: string) =>
  str(
    list(statusOf(node).addresses)
      .filter(isObject)
      .find((a) => a.type === type)?.address,
  ) || "<none>";

export const nodeTable: TableDef = {
  columns: [
    NAME_COLUMN,
    column("Status", "The status of the node"),
    column("Roles", "The roles of the node"),
    AGE_COLUMN,
    column("Version", "Kubelet Version reported by the node."),
    column("Internal-IP", "List of addresses reachable to the node.", 1),
    column("External-IP", "List of addresses reachable to the node.", 1),
    column(
      "OS-Image",
      "OS Image reported by the node from /etc/os-release (e.g. Debian GNU/Linux 7 (wheezy)).",
      1,
    ),
    column(
      "Kernel-Version",
      "Kernel Version reported by the node from 'uname -r' (e.g. 3.16.0-0.bpo.4-amd64).",
      1,
    ),
    column(
      "Container-Runtime",
      "ContainerRuntime Version reported by the node through runtime remote API (e.g. containerd://1.4.2).",
      1,
    ),
  ],
  cells(node, now) {
    const info = isObject(statusOf(node).nodeInfo) ? (statusOf(node).nodeInfo as unknown as JsonObject) : {};
    const roles = nodeRoles(node);
    return [
      nameOf(node),
      nodeStatusText(node),
      roles.length > 0 ? roles.join(",") : "<none>",
      ageOf(node, now),
      str(info.kubeletVersion),
      address(node, "InternalIP"),
      address(node, "ExternalIP"),
      str(info.osImage) || "<unknown>",
      str(info.kernelVersion) || "<unknown>",
      str(info.containerRuntimeVersion) || "<unknown>",
    ];
  },
};

export const nodeResource: ResourceDef = {
  group: "",
  version: "v1",
  kind: "Node",
  resource: "nodes",
  singular: "node",
  namespaced: false,
  shortNames: ["no"],
  definition: "io.k8s.api.core.v1.Node",
  subresources: { status: true, statusStrategy: nodeStatusStrategy, others: ["proxy"] },
  strategy: nodeStrategy,
  table: nodeTable,
  fieldSelectors: { "spec.unschedulable": (n) => String(specOf(n).unschedulable === true) },
};
