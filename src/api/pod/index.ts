/**
 * core/v1 Pod. Also exports the PodSpec helpers workload kinds (Deployment, ReplicaSet,
 * DaemonSet, StatefulSet, Job, ReplicationController) reuse for their pod templates.
 */
import { isObject, type JsonObject, str } from "../common/values.js";
import type { ResourceDef } from "../types.js";
import { podStatusStrategy, podStrategy } from "./strategy.js";
import { podTable } from "./table.js";

export {
  validateAffinity,
  validateNodeSelector,
  validateTaintEffect,
  validateTolerations,
} from "./affinity.js";
export { CONTAINER_GROUPS, validatePortNumOrName, validateResourceRequirements } from "./containers.js";
export { admitNewPod, defaultPod, defaultPodSpec, imageTag } from "./defaults.js";
export { computePodQOS, podEphemeralContainersStrategy, podStatusStrategy, podStrategy } from "./strategy.js";
export { podStatusCells, podTable } from "./table.js";
export { POD_SPEC_UPDATE_FORBIDDEN, validatePodStatusUpdate, validatePodUpdate } from "./update.js";
export {
  type PodSpecOptions,
  validatePodCreate,
  validatePodSpec,
  validatePodTemplateSpec,
} from "./validation.js";
export { validateVolumeSource, validateVolumes } from "./volumes.js";
export { podWarnings } from "./warnings.js";

const spec = (obj: unknown): JsonObject => (isObject(obj) && isObject(obj.spec) ? obj.spec : {});
const status = (obj: unknown): JsonObject => (isObject(obj) && isObject(obj.status) ? obj.status : {});

export const podResource: ResourceDef = {
  group: "",
  version: "v1",
  kind: "Pod",
  resource: "pods",
  singular: "pod",
  namespaced: true,
  shortNames: ["po"],
  categories: ["all"],
  definition: "io.k8s.api.core.v1.Pod",
  subresources: {
    status: true,
    statusStrategy: podStatusStrategy,
    others: ["binding", "eviction", "log", "exec", "attach", "portforward", "ephemeralcontainers"],
  },
  strategy: podStrategy,
  table: podTable,
  fieldSelectors: {
    "spec.nodeName": (o) => str(spec(o).nodeName),
    "spec.restartPolicy": (o) => str(spec(o).restartPolicy),
    "spec.schedulerName": (o) => str(spec(o).schedulerName),
    "spec.serviceAccountName": (o) => str(spec(o).serviceAccountName),
    "spec.hostNetwork": (o) => String(spec(o).hostNetwork === true),
    "status.phase": (o) => str(status(o).phase),
    "status.podIP": (o) => {
      const ips = status(o).podIPs;
      const first = Array.isArray(ips) && isObject(ips[0]) ? str(ips[0].ip) : "";
      return first || str(status(o).podIP);
    },
    "status.nominatedNodeName": (o) => str(status(o).nominatedNodeName),
  },
};
