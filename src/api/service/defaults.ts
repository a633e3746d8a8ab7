/**
 * Service defaulting (upstream's SetDefaults_Service) and the create/update preparation of
 * pkg/registry/core/service: clusterIP/clusterIPs kept in step, allocated values (cluster IPs,
 * node ports, health check port) carried over when an update omits them, and fields that no
 * longer apply dropped when the type changes.
 */
import type { Service, ServicePort, ServiceSpec } from "kubernetes-types/core/v1.js";
import { clone, deepEqual, ipFamilyOf, isObject, list, num, str } from "../common/values.js";

export const DEFAULT_CLIENT_IP_TIMEOUT = 10800;

export function externallyAccessible(spec: Readonly<ServiceSpec>): boolean {
  return (
    spec.type === "LoadBalancer" ||
    spec.type === "NodePort" ||
    (spec.type === "ClusterIP" && list(spec.externalIPs).length > 0)
  );
}

export function isHeadless(spec: Readonly<ServiceSpec>): boolean {
  return spec.clusterIP === "None";
}

const needsClusterIP = (s: Readonly<ServiceSpec>) => s.type !== "ExternalName";
const needsNodePort = (s: Readonly<ServiceSpec>) =>
  s.type === "NodePort" || (s.type === "LoadBalancer" && s.allocateLoadBalancerNodePorts !== false);
/** A LoadBalancer with externalTrafficPolicy Local needs a health check node port. */
export const needsHealthCheck = (s: Readonly<ServiceSpec>) =>
  s.type === "LoadBalancer" && s.externalTrafficPolicy === "Local";

/** SetDefaults_Service: type, session affinity, port protocol and targetPort, traffic policies. */
export function defaultService(svc: Service): void {
  if (!isObject(svc.spec)) svc.spec = {};
  const spec = svc.spec;
  if (!spec.sessionAffinity) spec.sessionAffinity = "None";
  if (spec.sessionAffinity === "None") delete spec.sessionAffinityConfig;
  if (spec.sessionAffinity === "ClientIP") {
    const cfg = spec.sessionAffinityConfig;
    if (!isObject(cfg) || !isObject(cfg.clientIP) || cfg.clientIP.timeoutSeconds === undefined) {
      spec.sessionAffinityConfig = { clientIP: { timeoutSeconds: DEFAULT_CLIENT_IP_TIMEOUT } };
    }
  }
  if (!spec.type) spec.type = "ClusterIP";
  for (const p of list<ServicePort>(spec.ports)) {
    if (!isObject(p)) continue;
    if (!p.protocol) p.protocol = "TCP";
    if (p.targetPort === undefined || p.targetPort === null || p.targetPort === 0 || p.targetPort === "") {
      p.targetPort = p.port;
    }
  }
  if (externallyAccessible(spec) && !spec.externalTrafficPolicy) spec.externalTrafficPolicy = "Cluster";
  if (!spec.internalTrafficPolicy && ["NodePort", "LoadBalancer", "ClusterIP"].includes(str(spec.type))) {
    spec.internalTrafficPolicy = "Cluster";
  }
  if (spec.type === "LoadBalancer" && spec.allocateLoadBalancerNodePorts === undefined) {
    spec.allocateLoadBalancerNodePorts = true;
  }
  defaultLoadBalancerIPMode(svc);
}

/** Load balancer ingress points with an IP default to ipMode VIP (LoadBalancerIPMode, on since 1.30). */
export function defaultLoadBalancerIPMode(svc: Service): void {
  if (svc.spec?.type !== "LoadBalancer" || !isObject(svc.status) || !isObject(svc.status.loadBalancer))
    return;
  for (const ing of list(svc.status.loadBalancer.ingress)) {
    if (isObject(ing) && str(ing.ip) !== "" && !ing.ipMode) ing.ipMode = "VIP";
  }
}

/** Upstream's NormalizeClusterIPs: keeps the singular and plural cluster IP fields in step. */
export function normalizeClusterIPs(spec: ServiceSpec, old?: Readonly<ServiceSpec>): void {
  const ip = str(spec.clusterIP);
  const ips = list<string>(spec.clusterIPs);
  if (!old) {
    if (ip !== "" && ips.length === 0) spec.clusterIPs = [ip];
    return;
  }
  const sameIPs = deepEqual(list(old.clusterIPs), list(spec.clusterIPs));
  if (list(old.clusterIPs).length > 0 && ips.length === 0 && str(old.clusterIP) === ip) {
    spec.clusterIPs = clone(old.clusterIPs);
  }
  if (str(old.clusterIP) !== ip) {
    if (str(old.clusterIP) !== "" && ip === "") {
      if (sameIPs) delete spec.clusterIPs;
    } else if (sameIPs) {
      spec.clusterIPs = [ip];
    }
  }
}

/** The IP family policy and families of a new service that did not choose them (single-stack). */
export function defaultIPFamilies(spec: ServiceSpec): void {
  if (!needsClusterIP(spec)) return;
  if (!spec.ipFamilyPolicy) spec.ipFamilyPolicy = "SingleStack";
  if (list(spec.ipFamilies).length === 0) {
    const first = list<string>(spec.clusterIPs)[0] ?? str(spec.clusterIP);
    spec.ipFamilies = [ipFamilyOf(first) === 6 ? "IPv6" : "IPv4"];
  }
}

/** Upstream's patchAllocatedValues: an update that omits allocated values keeps them. */
export function patchAllocatedValues(spec: ServiceSpec, old: Readonly<ServiceSpec>): void {
  if (needsClusterIP(old) && needsClusterIP(spec)) {
    if (!spec.clusterIP && old.clusterIP) spec.clusterIP = old.clusterIP;
    if (list(spec.clusterIPs).length === 0 && list(old.clusterIPs).length > 0)
      spec.clusterIPs = clone(old.clusterIPs);
    if (list(spec.ipFamilies).length === 0 && list(old.ipFamilies).length > 0)
      spec.ipFamilies = clone(old.ipFamilies);
    if (!spec.ipFamilyPolicy && old.ipFamilyPolicy) spec.ipFamilyPolicy = old.ipFamilyPolicy;
  }
  if (needsNodePort(old) && needsNodePort(spec)) {
    const used = (s: Readonly<ServiceSpec>) =>
      new Set(
        list<ServicePort>(s.ports)
          .map((p) => num(p?.nodePort) ?? 0)
          .filter((n) => n > 0),
      );
    const oldUsed = used(old);
    const taken = new Set([...used(spec)].filter((n) => oldUsed.has(n)));
    const byName = new Map(
      list<ServicePort>(old.ports)
        .filter(isObject)
        .map((p) => [str(p.name), num(p.nodePort) ?? 0]),
    );
    for (const p of list<ServicePort>(spec.ports)) {
      if (!isObject(p) || (num(p.nodePort) ?? 0) !== 0) continue;
      const prev = byName.get(str(p.name)) ?? 0;
      if (prev > 0 && !taken.has(prev)) p.nodePort = prev;
    }
  }
  if (
    needsHealthCheck(old) &&
    needsHealthCheck(spec) &&
    !spec.healthCheckNodePort &&
    old.healthCheckNodePort
  ) {
    spec.healthCheckNodePort = old.healthCheckNodePort;
  }
}

const nodePorts = (s: Readonly<ServiceSpec>) =>
  list<ServicePort>(s.ports).map((p) => (isObject(p) ? (p.nodePort ?? 0) : 0));

/** Upstream's dropTypeDependentFields: a type change drops what only the old type used. */
export function dropTypeDependentFields(svc: Service, old: Readonly<Service>): void {
  const spec = svc.spec ?? {};
  const o = old.spec ?? {};
  if (needsClusterIP(o) && !needsClusterIP(spec)) {
    if (str(o.clusterIP) === str(spec.clusterIP) && deepEqual(list(o.clusterIPs), list(spec.clusterIPs))) {
      delete spec.clusterIP;
      delete spec.clusterIPs;
    }
    if (deepEqual(list(o.ipFamilies), list(spec.ipFamilies))) delete spec.ipFamilies;
    if (o.ipFamilyPolicy === spec.ipFamilyPolicy) delete spec.ipFamilyPolicy;
  }
  if (needsNodePort(o) && !needsNodePort(spec) && deepEqual(nodePorts(o), nodePorts(spec))) {
    for (const p of list<ServicePort>(spec.ports)) if (isObject(p)) delete p.nodePort;
  }
  if (needsHealthCheck(o) && !needsHealthCheck(spec) && o.healthCheckNodePort === spec.healthCheckNodePort) {
    delete spec.healthCheckNodePort;
  }
  if (o.type === "LoadBalancer" && spec.type !== "LoadBalancer") {
    if (
      spec.allocateLoadBalancerNodePorts !== undefined &&
      spec.allocateLoadBalancerNodePorts === o.allocateLoadBalancerNodePorts
    ) {
      delete spec.allocateLoadBalancerNodePorts;
    }
    if (spec.loadBalancerClass === o.loadBalancerClass) delete spec.loadBalancerClass;
  }
  if (
    externallyAccessible(o) &&
    !externallyAccessible(spec) &&
    o.externalTrafficPolicy === spec.externalTrafficPolicy
  ) {
    delete spec.externalTrafficPolicy;
  }
  if (spec.type !== "LoadBalancer") {
    const obj = svc as unknown as Record<string, unknown>;
    obj.status = { ...(isObject(obj.status) ? obj.status : {}), loadBalancer: {} };
  }
}
