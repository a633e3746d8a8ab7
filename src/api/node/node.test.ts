import assert from "node:assert/strict";
import { test } from "node:test";
import { errorString } from "../field.js";
import type { KubeObject, StrategyContext } from "../types.js";
import { nodeResource, nodeStatusStrategy, nodeStrategy as s } from "./index.js";

const ctx: StrategyContext = { namespace: "", now: new Date("2024-01-01T00:00:00Z") };
const now = new Date("2024-01-03T03:00:00Z");

function fixture(extra: Record<string, unknown> = {}, labels: Record<string, string> = {}): KubeObject {
  return {
    apiVersion: "v1",
    kind: "Node",
    metadata: { name: "k8s-node1", labels, creationTimestamp: "2024-01-01T00:00:00Z" },
    spec: { podCIDR: "10.42.1.0/24" },
    status: {
      capacity: { cpu: "2", memory: "4096Mi", pods: "110" },
      conditions: [{ type: "Ready", status: "True" }],
      addresses: [
        { type: "InternalIP", address: "10.0.0.11" },
        { type: "Hostname", address: "k8s-node1" },
      ],
      nodeInfo: {
        kubeletVersion: "v1.32.0",
        osImage: "Debian GNU/Linux 12 (bookworm)",
        kernelVersion: "6.1.0",
        containerRuntimeVersion: "containerd://1.6.20",
      },
    },
    ...extra,
  };
}

test("a registering node keeps its status; allocatable defaults to capacity", () => {
  const n = fixture();
  s.defaults?.(n);
  s.prepareForCreate?.(n, ctx);
  const status = n.status as Record<string, unknown>;
  assert.deepEqual(status.allocatable, { cpu: "2", memory: "4Gi", pods: "110" });
  assert.deepEqual((n.spec as Record<string, unknown>).podCIDRs, ["10.42.1.0/24"]);
  assert.deepEqual(s.validate?.(n), []);
});

test("table cells match kubectl get nodes -o wide", () => {
  const cells = nodeResource.table!.cells(fixture({}, { "node-role.kubernetes.io/control-plane": "" }), now);
  assert.deepEqual(cells, [
    "k8s-node1",
    "Ready",
    "control-plane",
    "2d3h",
    "v1.32.0",
    "10.0.0.11",
    "<none>",
    "Debian GNU/Linux 12 (bookworm)",
    "6.1.0",
    "containerd://1.6.20",
  ]);
  const cordoned = fixture({
    spec: { unschedulable: true },
    status: { conditions: [{ type: "Ready", status: "False" }] },
  });
  assert.deepEqual(nodeResource.table!.cells(cordoned, now).slice(1, 3), [
    "NotReady,SchedulingDisabled",
    "<none>",
  ]);
  assert.equal(nodeResource.table!.cells(fixture({ status: {} }), now)[1], "Unknown");
  assert.equal(nodeResource.fieldSelectors?.["spec.unschedulable"]?.(cordoned), "true");
});

test("taints are validated like upstream (under metadata.taints)", () => {
  const n = fixture({
    spec: {
      taints: [
        { key: "gpu", effect: "NoRun" },
        { key: "a", value: "b", effect: "NoSchedule" },
        { key: "a", effect: "NoSchedule" },
      ],
    },
  });
  assert.deepEqual((s.validate?.(n) ?? []).map(errorString), [
    `metadata.taints[0].effect: Unsupported value: "NoRun": supported values: "NoSchedule", "PreferNoSchedule", "NoExecute"`,
    `metadata.taints[2]: Duplicate value: core.Taint{Key:"a", Value:"", Effect:"NoSchedule", TimeAdded:(*v1.Time)(nil)}: taints must be unique by key and effect pair`,
  ]);
});

test("pod CIDRs are set once; updates keep status and status updates keep spec", () => {
  const old = fixture();
  s.defaults?.(old);
  const next = structuredClone(old);
  (next.spec as Record<string, unknown>).podCIDR = "10.42.9.0/24";
  (next.spec as Record<string, unknown>).podCIDRs = ["10.42.9.0/24"];
  next.status = {};
  s.prepareForUpdate?.(next, old, ctx);
  assert.deepEqual(next.status, old.status);
  assert.deepEqual((s.validateUpdate?.(next, old) ?? []).map(errorString), [
    `spec.podCIDRs: Forbidden: node updates may not change podCIDR except from "" to valid`,
  ]);
  const st = structuredClone(old);
  (st.spec as Record<string, unknown>).unschedulable = true;
  st.status = { conditions: [] };
  nodeStatusStrategy.prepareForUpdate?.(st, old, ctx);
  assert.equal((st.spec as Record<string, unknown>).unschedulable, undefined);
  assert.deepEqual(st.status, { conditions: [] });
});
