import assert from "node:assert/strict";
import { test } from "node:test";
import type { KubeObject } from "../types.js";
import { podTable } from "./index.js";

const now = new Date("2024-01-01T01:00:00Z");

function fixture(
  status: Record<string, unknown>,
  extra: { spec?: Record<string, unknown>; deleting?: boolean } = {},
): KubeObject {
  return {
    metadata: {
      name: "web",
      creationTimestamp: "2024-01-01T00:55:00Z",
      ...(extra.deleting ? { deletionTimestamp: "2024-01-01T00:59:00Z" } : {}),
    },
    spec: { containers: [{ name: "c", image: "nginx" }], ...extra.spec },
    status,
  };
}

const running = { running: { startedAt: "2024-01-01T00:56:00Z" } };
const cells = (pod: KubeObject) => podTable.cells(pod, now);

test("columns are upstream's, with wide ones at priority 1", () => {
  assert.deepEqual(
    podTable.columns.map((c) => [c.name, c.priority ?? 0]),
    [
      ["Name", 0],
      ["Ready", 0],
      ["Status", 0],
      ["Restarts", 0],
      ["Age", 0],
      ["IP", 1],
      ["Node", 1],
      ["Nominated Node", 1],
      ["Readiness Gates", 1],
    ],
  );
});

test("a pending pod without container statuses", () => {
  assert.deepEqual(cells(fixture({ phase: "Pending" })), [
    "web",
    "0/1",
    "Pending",
    "0",
    "5m",
    "<none>",
    "<none>",
    "<none>",
    "<none>",
  ]);
});

test("a container being created", () => {
  const pod = fixture({
    phase: "Pending",
    containerStatuses: [
      { name: "c", ready: false, restartCount: 0, state: { waiting: { reason: "ContainerCreating" } } },
    ],
  });
  assert.equal(cells(pod)[2], "ContainerCreating");
});

test("a running pod shows its IP and node", () => {
  const pod = fixture(
    {
      phase: "Running",
      podIP: "10.42.0.9",
      podIPs: [{ ip: "10.42.0.9" }],
      containerStatuses: [{ name: "c", ready: true, restartCount: 0, state: running }],
    },
    { spec: { nodeName: "node1" } },
  );
  assert.deepEqual(cells(pod), [
    "web",
    "1/1",
    "Running",
    "0",
    "5m",
    "10.42.0.9",
    "node1",
    "<none>",
    "<none>",
  ]);
});

test("a crash-looping container shows restarts and when the last one was", () => {
  const pod = fixture({
    phase: "Running",
    containerStatuses: [
      {
        name: "c",
        ready: false,
        restartCount: 2,
        state: { waiting: { reason: "CrashLoopBackOff" } },
        lastState: { terminated: { exitCode: 1, reason: "Error", finishedAt: "2024-01-01T00:59:55Z" } },
      },
    ],
  });
  const c = cells(pod);
  assert.equal(c[1], "0/1");
  assert.equal(c[2], "CrashLoopBackOff");
  assert.equal(c[3], "2 (5s ago)");
});

test("finished containers: Completed, Error, exit codes and signals", () => {
  const term = (t: Record<string, unknown>) =>
    cells(
      fixture({
        phase: "Succeeded",
        containerStatuses: [{ name: "c", ready: false, restartCount: 0, state: { terminated: t } }],
      }),
    )[2];
  assert.equal(term({ exitCode: 0, reason: "Completed" }), "Completed");
  assert.equal(term({ exitCode: 1, reason: "Error" }), "Error");
  assert.equal(term({ exitCode: 3 }), "ExitCode:3");
  assert.equal(term({ exitCode: 137, signal: 9 }), "Signal:9");
});

test("init containers report progress", () => {
  const pod = fixture(
    {
      phase: "Pending",
      initContainerStatuses: [{ name: "init", ready: false, restartCount: 0, state: { running: {} } }],
    },
    { spec: { initContainers: [{ name: "init", image: "busybox" }] } },
  );
  assert.equal(cells(pod)[2], "Init:0/1");
  const failing = fixture(
    {
      phase: "Pending",
      initContainerStatuses: [
        { name: "init", restartCount: 3, state: { waiting: { reason: "CrashLoopBackOff" } } },
      ],
    },
    { spec: { initContainers: [{ name: "init", image: "busybox" }] } },
  );
  assert.equal(cells(failing)[2], "Init:CrashLoopBackOff");
  assert.equal(cells(failing)[3], "3");
});

test("a deleted pod is Terminating unless it already finished", () => {
  assert.equal(cells(fixture({ phase: "Running" }, { deleting: true }))[2], "Terminating");
  assert.equal(cells(fixture({ phase: "Succeeded" }, { deleting: true }))[2], "Succeeded");
});

test("scheduling gates and readiness gates", () => {
  const gated = fixture({
    phase: "Pending",
    conditions: [{ type: "PodScheduled", status: "False", reason: "SchedulingGated" }],
  });
  assert.equal(cells(gated)[2], "SchedulingGated");
  const gates = fixture(
    { phase: "Running", conditions: [{ type: "example.com/ready", status: "True" }] },
    {
      spec: {
        readinessGates: [{ conditionType: "example.com/ready" }, { conditionType: "example.com/other" }],
      },
    },
  );
  assert.equal(cells(gates)[8], "1/2");
});
