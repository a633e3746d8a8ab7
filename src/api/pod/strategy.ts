/**
 * The Pod strategy, like upstream's pkg/registry/core/pod/strategy.go: a new pod starts
 * Pending with its QoS class computed; updates keep status; the status subresource keeps the
 * spec, owner references and QoS class.
 */
import type { Pod } from "kubernetes-types/core/v1.js";
import { Quantity } from "../common/quantity.js";
import { keepField, keepStatus, statusStrategyOf } from "../common/status.js";
import { entries, isObject, type JsonObject, list, str } from "../common/values.js";
import type { FieldError } from "../field.js";
import type { KubeObject, Strategy } from "../types.js";
import { admitNewPod, defaultPod } from "./defaults.js";
import { validatePodStatusUpdate, validatePodUpdate } from "./update.js";
import { validatePodCreate } from "./validation.js";
import { podWarnings } from "./warnings.js";

const asPod = (obj: KubeObject) => obj as unknown as Pod;

/** The pod's QoS class (Guaranteed, Burstable, BestEffort) as upstream's ComputePodQOS. */
export function computePodQOS(pod: Readonly<Pod>): "Guaranteed" | "Burstable" | "BestEffort" {
  const spec = (isObject(pod.spec) ? pod.spec : {}) as JsonObject;
  const requests = new Map<string, Quantity>();
  const limits = new Map<string, Quantity>();
  let guaranteed = true;
  const sum = (m: Map<string, Quantity>, k: string, q: Quantity) => m.set(k, m.has(k) ? m.get(k)!.add(q) : q);
  for (const c of [...list(spec.containers), ...list(spec.initContainers)]) {
    const res = isObject(c) && isObject(c.resources) ? c.resources : {};
    const lim = isObject(res.limits) ? res.limits : {};
    // Requests default to limits (upstream defaults them before computing QoS).
    const req = { ...lim, ...(isObject(res.requests) ? res.requests : {}) };
    for (const [k, v] of entries(req)) {
      const q = Quantity.parse(v);
      if ((k === "cpu" || k === "memory") && q && q.nanos > 0n) sum(requests, k, q);
    }
    const found = new Set<string>();
    for (const [k, v] of entries(lim)) {
      const q = Quantity.parse(v);
      if ((k === "cpu" || k === "memory") && q && q.nanos > 0n) {
        found.add(k);
        sum(limits, k, q);
      }
    }
    if (!found.has("cpu") || !found.has("memory")) guaranteed = false;
  }
  if (requests.size === 0 && limits.size === 0) return "BestEffort";
  if (guaranteed) {
    for (const [k, q] of requests) {
      const l = limits.get(k);
      if (l?.cmp(q) !== 0) guaranteed = false;
    }
  }
  return guaranteed && requests.size === limits.size ? "Guaranteed" : "Burstable";
}

/** Keeps status.podIP/podIPs and hostIP/hostIPs in step, as upstream's v1 conversion does. */
function normalizeStatusIPs(pod: KubeObject): void {
  if (!isObject(pod.status)) return;
  const s = pod.status;
  for (const [single, plural] of [
    ["podIP", "podIPs"],
    ["hostIP", "hostIPs"],
  ] as const) {
    const ips = list(s[plural]).filter(isObject);
    if (ips.length === 0 && str(s[single]) !== "") s[plural] = [{ ip: s[single] }];
    else if (ips.length > 0 && str(s[single]) === "") s[single] = str(ips[0]!.ip);
  }
}

export const podStrategy: Strategy = {
  defaults(obj) {
    defaultPod(asPod(obj));
    normalizeStatusIPs(obj);
  },
  prepareForCreate(obj) {
    const pod = asPod(obj);
    admitNewPod(pod);
    const status: JsonObject = { phase: "Pending", qosClass: computePodQOS(pod) };
    if (list(pod.spec?.schedulingGates).length > 0) {
      status.conditions = [
        {
          type: "PodScheduled",
          status: "False",
          reason: "SchedulingGated",
          message: "Scheduling is blocked due to non-empty scheduling gates",
          lastProbeTime: null,
          lastTransitionTime: null,
        },
      ];
    }
    obj.status = status;
  },
  prepareForUpdate(obj, old) {
    keepStatus(obj, old);
  },
  validate(obj) {
    return validatePodCreate(asPod(obj).spec);
  },
  validateUpdate(obj, old) {
    return validatePodUpdate(asPod(obj), old as unknown as Pod);
  },
  warnings(obj) {
    return podWarnings(asPod(obj).spec, obj.metadata);
  },
  warningsOnUpdate(obj) {
    return podWarnings(asPod(obj).spec, obj.metadata);
  },
};

/** pods/status: only status changes; owner references and the QoS class stay as stored. */
export const podStatusStrategy: Strategy = statusStrategyOf(podStrategy, {
  prepareForUpdate(obj, old) {
    normalizeStatusIPs(obj);
    if (old.metadata?.ownerReferences === undefined) delete obj.metadata.ownerReferences;
    else obj.metadata.ownerReferences = old.metadata.ownerReferences;
    delete obj.metadata.deletionTimestamp;
    if (old.metadata?.deletionTimestamp) obj.metadata.deletionTimestamp = old.metadata.deletionTimestamp;
    if (isObject(obj.status) && !obj.status.qosClass && isObject(old.status) && old.status.qosClass) {
      obj.status.qosClass = old.status.qosClass;
    }
  },
  validateUpdate: (obj) => validatePodStatusUpdate(asPod(obj)),
});

/** pods/ephemeralcontainers: only spec.ephemeralContainers changes. */
export const podEphemeralContainersStrategy: Strategy = {
  ...podStrategy,
  prepareForUpdate(obj, old) {
    const ephemeral = isObject(obj.spec) ? obj.spec.ephemeralContainers : undefined;
    keepField(obj, old, "spec");
    keepStatus(obj, old);
    if (isObject(obj.spec)) {
      if (ephemeral === undefined) delete obj.spec.ephemeralContainers;
      else obj.spec.ephemeralContainers = ephemeral;
    }
  },
  validateUpdate(obj, old) {
    const errs: FieldError[] = [];
    const before = list((old.spec as JsonObject | undefined)?.ephemeralContainers);
    const after = list((obj.spec as JsonObject | undefined)?.ephemeralContainers);
    before.forEach((c, i) => {
      if (JSON.stringify(after[i]) !== JSON.stringify(c)) {
        errs.push({
          type: "FieldValueForbidden",
          field: `spec.ephemeralContainers[${i}]`,
          message: "Forbidden: existing ephemeral containers may not be changed",
        });
      }
    });
    return errs;
  },
};
