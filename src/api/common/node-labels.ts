/**
 * Node labels upstream has renamed (pkg/api/node), and the warnings for selectors that still
 * use them: pods, workloads' templates and PersistentVolumes' node affinity.
 */
import type { Path } from "../field.js";
import { asObject, list, str } from "./values.js";

/** Node labels upstream has renamed, with what it says of them (pkg/api/node). */
const DEPRECATED_NODE_LABELS: Readonly<Record<string, string>> = {
  "beta.kubernetes.io/arch": 'deprecated since v1.14; use "kubernetes.io/arch" instead',
  "beta.kubernetes.io/os": 'deprecated since v1.14; use "kubernetes.io/os" instead',
  "failure-domain.beta.kubernetes.io/region":
    'deprecated since v1.17; use "topology.kubernetes.io/region" instead',
  "failure-domain.beta.kubernetes.io/zone":
    'deprecated since v1.17; use "topology.kubernetes.io/zone" instead',
  "beta.kubernetes.io/instance-type":
    'deprecated since v1.17; use "node.kubernetes.io/instance-type" instead',
};

export function deprecatedNodeLabel(key: string): string | undefined {
  return Object.hasOwn(DEPRECATED_NODE_LABELS, key) ? DEPRECATED_NODE_LABELS[key] : undefined;
}

/** Warnings for the node label keys a node selector term matches on. */
export function nodeSelectorTermWarnings(term: unknown, p: Path): string[] {
  const out: string[] = [];
  list(asObject(term).matchExpressions).forEach((e, i) => {
    const key = str(asObject(e).key);
    const msg = deprecatedNodeLabel(key);
    if (msg) out.push(`${p.child("matchExpressions").index(i).child("key")}: ${key} is ${msg}`);
  });
  return out;
}
