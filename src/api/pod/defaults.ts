/**
 * Pod defaulting as upstream's `pkg/apis/core/v1/defaults.go` (SetDefaults_PodSpec,
 * SetDefaults_Container, SetDefaults_Volume, ...) plus what upstream's default admission
 * plugins add to every Pod (service account name, priority, not-ready/unreachable tolerations).
 */
import type { Container, Pod, PodSpec, Toleration } from "kubernetes-types/core/v1.js";
import { canonicalizeResourceList, canonicalQuantity } from "../common/quantity.js";
import { entries, isObject, type JsonObject, list, str } from "../common/values.js";

const DEFAULT_MODE = 0o644;

/** The tag an image reference pulls: "latest" when it names neither a tag nor a digest. */
export function imageTag(image: string): string {
  if (image === "") return "";
  const at = image.indexOf("@");
  const name = at >= 0 ? image.slice(0, at) : image;
  const slash = name.lastIndexOf("/");
  const colon = name.lastIndexOf(":");
  if (colon > slash) return name.slice(colon + 1);
  return at >= 0 ? "" : "latest";
}

function defaultHTTPGet(handler: unknown): void {
  if (!isObject(handler) || !isObject(handler.httpGet)) return;
  const h = handler.httpGet;
  if (!h.path) h.path = "/";
  if (!h.scheme) h.scheme = "HTTP";
}

function defaultProbe(probe: unknown): void {
  if (!isObject(probe)) return;
  if (!probe.timeoutSeconds) probe.timeoutSeconds = 1;
  if (!probe.periodSeconds) probe.periodSeconds = 10;
  if (!probe.successThreshold) probe.successThreshold = 1;
  if (!probe.failureThreshold) probe.failureThreshold = 3;
  defaultHTTPGet(probe);
}

function defaultFieldRef(ref: unknown): void {
  if (isObject(ref) && !ref.apiVersion) ref.apiVersion = "v1";
}

/** Container defaults: pull policy from the tag, termination message, port protocol, probes. */
function defaultContainer(c: unknown): void {
  if (!isObject(c)) return;
  const image = str(c.image);
  if (!c.imagePullPolicy) c.imagePullPolicy = imageTag(image) === "latest" ? "Always" : "IfNotPresent";
  if (!c.terminationMessagePath) c.terminationMessagePath = "/dev/termination-log";
  if (!c.terminationMessagePolicy) c.terminationMessagePolicy = "File";
  if (c.resources === undefined) c.resources = {};
  if (isObject(c.resources)) {
    canonicalizeResourceList(c.resources.limits);
    canonicalizeResourceList(c.resources.requests);
  }
  for (const port of list(c.ports)) if (isObject(port) && !port.protocol) port.protocol = "TCP";
  for (const env of list(c.env))
    if (isObject(env) && isObject(env.valueFrom)) defaultFieldRef(env.valueFrom.fieldRef);
  defaultProbe(c.livenessProbe);
  defaultProbe(c.readinessProbe);
  defaultProbe(c.startupProbe);
  if (isObject(c.lifecycle)) {
    defaultHTTPGet(c.lifecycle.postStart);
    defaultHTTPGet(c.lifecycle.preStop);
  }
}

const volumeSources = [
  "hostPath",
  "emptyDir",
  "gcePersistentDisk",
  "awsElasticBlockStore",
  "gitRepo",
  "secret",
  "nfs",
  "iscsi",
  "glusterfs",
  "persistentVolumeClaim",
  "rbd",
  "flexVolume",
  "cinder",
  "cephfs",
  "flocker",
  "downwardAPI",
  "fc",
  "azureFile",
  "configMap",
  "vsphereVolume",
  "quobyte",
  "azureDisk",
  "photonPersistentDisk",
  "projected",
  "portworxVolume",
  "scaleIO",
  "storageos",
  "csi",
  "ephemeral",
  "image",
] as const;

/** The volume source fields a Volume (or PV spec) may set. */
export const VOLUME_SOURCES: readonly string[] = volumeSources;

function defaultVolume(v: unknown): void {
  if (!isObject(v)) return;
  if (!volumeSources.some((s) => v[s] !== undefined && v[s] !== null)) v.emptyDir = {};
  for (const s of ["secret", "configMap", "downwardAPI", "projected"]) {
    const src = v[s];
    if (isObject(src) && src.defaultMode === undefined) src.defaultMode = DEFAULT_MODE;
  }
  if (isObject(v.hostPath) && v.hostPath.type === undefined) v.hostPath.type = "";
  if (isObject(v.emptyDir) && v.emptyDir.sizeLimit !== undefined) {
    v.emptyDir.sizeLimit = canonicalQuantity(v.emptyDir.sizeLimit) ?? v.emptyDir.sizeLimit;
  }
  if (isObject(v.downwardAPI))
    for (const item of list(v.downwardAPI.items)) if (isObject(item)) defaultFieldRef(item.fieldRef);
  if (isObject(v.projected)) {
    for (const src of list(v.projected.sources)) {
      if (!isObject(src)) continue;
      if (isObject(src.serviceAccountToken) && !src.serviceAccountToken.expirationSeconds) {
        src.serviceAccountToken.expirationSeconds = 3600;
      }
      if (isObject(src.downwardAPI))
        for (const item of list(src.downwardAPI.items)) if (isObject(item)) defaultFieldRef(item.fieldRef);
    }
  }
}

/**
 * Upstream's PodSpec defaults, for Pods and pod templates alike: restartPolicy Always,
 * dnsPolicy ClusterFirst, terminationGracePeriodSeconds 30, schedulerName default-scheduler,
 * securityContext {}, and the container, probe and volume defaults.
 */
export function defaultPodSpec(spec: PodSpec | undefined): void {
  if (!isObject(spec)) return;
  const s = spec as unknown as JsonObject;
  if (!s.dnsPolicy) s.dnsPolicy = "ClusterFirst";
  if (!s.restartPolicy) s.restartPolicy = "Always";
  if (s.securityContext === undefined || s.securityContext === null) s.securityContext = {};
  if (s.terminationGracePeriodSeconds === undefined || s.terminationGracePeriodSeconds === null) {
    s.terminationGracePeriodSeconds = 30;
  }
  if (!s.schedulerName) s.schedulerName = "default-scheduler";
  for (const c of list(s.containers)) defaultContainer(c);
  for (const c of list(s.initContainers)) defaultContainer(c);
  for (const c of list(s.ephemeralContainers)) defaultContainer(c);
  for (const v of list(s.volumes)) defaultVolume(v);
  if (isObject(s.overhead)) canonicalizeResourceList(s.overhead);
}

/** Requests default to limits for each resource a container limits but does not request. */
function defaultRequestsFromLimits(containers: unknown): void {
  for (const c of list<Container>(containers)) {
    if (!isObject(c) || !isObject(c.resources) || !isObject(c.resources.limits)) continue;
    const requests = isObject(c.resources.requests) ? c.resources.requests : {};
    for (const [k, v] of entries(c.resources.limits))
      if (requests[k] === undefined) requests[k] = v as string;
    c.resources.requests = requests;
  }
}

function defaultHostNetworkPorts(containers: unknown): void {
  for (const c of list<Container>(containers)) {
    if (!isObject(c)) continue;
    for (const p of list(c.ports)) if (isObject(p) && !p.hostPort) p.hostPort = p.containerPort;
  }
}

/**
 * Pod-only defaults on top of defaultPodSpec: requests from limits, enableServiceLinks,
 * host ports for hostNetwork pods, and serviceAccountName mirrored into the deprecated
 * serviceAccount field (as upstream's v1 conversion does).
 */
export function defaultPod(pod: Pod): void {
  if (!isObject(pod.spec)) return;
  const spec = pod.spec;
  defaultRequestsFromLimits(spec.containers);
  defaultRequestsFromLimits(spec.initContainers);
  defaultPodSpec(spec);
  if (spec.enableServiceLinks === undefined || spec.enableServiceLinks === null)
    spec.enableServiceLinks = true;
  if (spec.hostNetwork === true) {
    defaultHostNetworkPorts(spec.containers);
    defaultHostNetworkPorts(spec.initContainers);
  }
  if (!spec.serviceAccountName && spec.serviceAccount) spec.serviceAccountName = spec.serviceAccount;
  if (spec.serviceAccountName) spec.serviceAccount = spec.serviceAccountName;
}

const defaultTolerations: readonly Toleration[] = [
  { key: "node.kubernetes.io/not-ready", operator: "Exists", effect: "NoExecute", tolerationSeconds: 300 },
  { key: "node.kubernetes.io/unreachable", operator: "Exists", effect: "NoExecute", tolerationSeconds: 300 },
];

/**
 * What upstream's default admission plugins add to a new Pod: serviceAccountName "default"
 * (ServiceAccount), priority 0 and preemptionPolicy PreemptLowerPriority (Priority), and
 * 300s tolerations of not-ready/unreachable nodes (DefaultTolerationSeconds).
 */
export function admitNewPod(pod: Pod): void {
  if (!isObject(pod.spec)) return;
  const spec = pod.spec;
  if (!spec.serviceAccountName) spec.serviceAccountName = "default";
  spec.serviceAccount = spec.serviceAccountName;
  if (spec.priority === undefined || spec.priority === null) spec.priority = 0;
  if (!spec.preemptionPolicy) spec.preemptionPolicy = "PreemptLowerPriority";
  const tolerations = list<Toleration>(spec.tolerations).filter(isObject);
  for (const t of defaultTolerations) {
    const has = tolerations.some(
      (x) => (x.key === t.key || !x.key) && (!x.effect || x.effect === "NoExecute"),
    );
    if (!has) tolerations.push({ ...t });
  }
  spec.tolerations = tolerations;
}
