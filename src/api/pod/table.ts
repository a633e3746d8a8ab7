/**
 * `kubectl get pods` columns and cells as upstream's printPod: STATUS is the pod's reason, or
 * the most telling container state (Init:1/2, ContainerCreating, CrashLoopBackOff, Completed,
 * Error, Terminating, ...), and RESTARTS tells when the last restart was ("2 (5s ago)").
 */
import { translateTimestampSince } from "../common/duration.js";
import { AGE_COLUMN, ageOf, column, NAME_COLUMN, nameOf } from "../common/table.js";
import { isObject, type JsonObject, list, num, str } from "../common/values.js";
import type { KubeObject, TableDef } from "../types.js";

function laterOf(current: string, cs: JsonObject): string {
  const last =
    isObject(cs.lastState) && isObject(cs.lastState.terminated)
      ? str(cs.lastState.terminated.finishedAt)
      : "";
  if (last === "") return current;
  return current === "" || Date.parse(last) > Date.parse(current) ? last : current;
}

function terminatedReason(t: JsonObject, prefix: string): string {
  if (str(t.reason) !== "") return `${prefix}${str(t.reason)}`;
  const signal = num(t.signal) ?? 0;
  return signal !== 0 ? `${prefix}Signal:${signal}` : `${prefix}ExitCode:${num(t.exitCode) ?? 0}`;
}

function conditionTrue(status: JsonObject, type: string): boolean {
  return list(status.conditions).some((c) => isObject(c) && c.type === type && c.status === "True");
}

/** The cells READY, STATUS and RESTARTS of a pod, computed like upstream's printPod. */
export function podStatusCells(
  pod: Readonly<KubeObject>,
  now: Date,
): { ready: string; status: string; restarts: string } {
  const spec = (isObject(pod.spec) ? pod.spec : {}) as JsonObject;
  const status = (isObject(pod.status) ? pod.status : {}) as JsonObject;
  const initSpecs = new Map(
    list(spec.initContainers)
      .filter(isObject)
      .map((c) => [str(c.name), c]),
  );
  const isSidecar = (name: string) => initSpecs.get(name)?.restartPolicy === "Always";
  const total =
    list(spec.containers).length + [...initSpecs.values()].filter((c) => c.restartPolicy === "Always").length;
  let ready = 0;
  let restarts = 0;
  let sidecarRestarts = 0;
  let lastRestart = "";
  let lastSidecarRestart = "";
  const phase = str(status.phase);
  let reason = str(status.reason) !== "" ? str(status.reason) : phase;
  for (const c of list(status.conditions)) {
    if (isObject(c) && c.type === "PodScheduled" && c.reason === "SchedulingGated")
      reason = "SchedulingGated";
  }

  let initializing = false;
  const initStatuses = list(status.initContainerStatuses).filter(isObject);
  for (let i = 0; i < initStatuses.length; i++) {
    const cs = initStatuses[i]!;
    const state = (isObject(cs.state) ? cs.state : {}) as JsonObject;
    restarts += num(cs.restartCount) ?? 0;
    lastRestart = laterOf(lastRestart, cs);
    const sidecar = isSidecar(str(cs.name));
    if (sidecar) {
      sidecarRestarts += num(cs.restartCount) ?? 0;
      lastSidecarRestart = laterOf(lastSidecarRestart, cs);
    }
    const terminated = isObject(state.terminated) ? state.terminated : undefined;
    const waiting = isObject(state.waiting) ? state.waiting : undefined;
    if (terminated && (num(terminated.exitCode) ?? 0) === 0) continue;
    if (sidecar && cs.started === true) {
      if (cs.ready === true) ready++;
      continue;
    }
    if (terminated) reason = terminatedReason(terminated, "Init:");
    else if (waiting && str(waiting.reason) !== "" && waiting.reason !== "PodInitializing")
      reason = `Init:${str(waiting.reason)}`;
    else reason = `Init:${i}/${initSpecs.size}`;
    initializing = true;
    break;
  }

  if (!initializing || conditionTrue(status, "Initialized")) {
    restarts = sidecarRestarts;
    lastRestart = lastSidecarRestart;
    let hasRunning = false;
    const statuses = list(status.containerStatuses).filter(isObject);
    for (let i = statuses.length - 1; i >= 0; i--) {
      const cs = statuses[i]!;
      const state = (isObject(cs.state) ? cs.state : {}) as JsonObject;
      restarts += num(cs.restartCount) ?? 0;
      lastRestart = laterOf(lastRestart, cs);
      const waiting = isObject(state.waiting) ? state.waiting : undefined;
      const terminated = isObject(state.terminated) ? state.terminated : undefined;
      if (waiting && str(waiting.reason) !== "") reason = str(waiting.reason);
      else if (terminated) reason = terminatedReason(terminated, "");
      else if (cs.ready === true && isObject(state.running)) {
        hasRunning = true;
        ready++;
      }
    }
    if (reason === "Completed" && hasRunning)
      reason = conditionTrue(status, "Ready") ? "Running" : "NotReady";
  }

  if (pod.metadata?.deletionTimestamp && status.reason === "NodeLost") reason = "Unknown";
  else if (pod.metadata?.deletionTimestamp && phase !== "Succeeded" && phase !== "Failed")
    reason = "Terminating";

  const restartsCell =
    lastRestart === "" ? `${restarts}` : `${restarts} (${translateTimestampSince(lastRestart, now)} ago)`;
  return { ready: `${ready}/${total}`, status: reason, restarts: restartsCell };
}

function podIP(status: JsonObject): string {
  const first = list(status.podIPs).find(isObject);
  const ip = first ? str(first.ip) : str(status.podIP);
  return ip === "" ? "<none>" : ip;
}

function readinessGates(spec: JsonObject, status: JsonObject): string {
  const gates = list(spec.readinessGates).filter(isObject);
  if (gates.length === 0) return "<none>";
  const conditions = list(status.conditions).filter(isObject);
  const trueCount = gates.filter(
    (g) => conditions.find((c) => c.type === g.conditionType)?.status === "True",
  ).length;
  return `${trueCount}/${gates.length}`;
}

export const podTable: TableDef = {
  columns: [
    NAME_COLUMN,
    column("Ready", "The aggregate readiness state of this pod for accepting traffic."),
    column("Status", "The aggregate status of the containers in this pod."),
    column(
      "Restarts",
      "The number of times the containers in this pod have been restarted and when the last container in this pod has restarted.",
    ),
    AGE_COLUMN,
    column(
      "IP",
      "podIP address allocated to the pod. Routable at least within the cluster. Empty if not yet allocated.",
      1,
    ),
    column("Node", "NodeName indicates in which node this pod is scheduled.", 1),
    column(
      "Nominated Node",
      "nominatedNodeName is set only when this pod preempts other pods on the node.",
      1,
    ),
    column("Readiness Gates", "If specified, all readiness gates will be evaluated for pod readiness.", 1),
  ],
  cells(pod, now) {
    const spec = (isObject(pod.spec) ? pod.spec : {}) as JsonObject;
    const status = (isObject(pod.status) ? pod.status : {}) as JsonObject;
    const { ready, status: st, restarts } = podStatusCells(pod, now);
    return [
      nameOf(pod),
      ready,
      st,
      restarts,
      ageOf(pod, now),
      podIP(status),
      str(spec.nodeName) || "<none>",
      str(status.nominatedNodeName) || "<none>",
      readinessGates(spec, status),
    ];
  },
};
