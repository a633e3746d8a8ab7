/**
 * The warnings upstream (v1.32) returns for a valid Service, on create and update
 * (pkg/api/service GetWarningsForService): addresses in forms that will stop being accepted,
 * and fields the Service's type ignores.
 */
import type { Service } from "kubernetes-types/core/v1.js";
import { isObject, list, str } from "../common/values.js";
import { type Path, path } from "../field.js";

const TOPOLOGY_HINTS = "service.kubernetes.io/topology-aware-hints";
const TOPOLOGY_MODE = "service.kubernetes.io/topology-mode";

/** Go's netip.ParseAddr error for a dotted quad with a leading zero (which validation accepts, as Go's net.ParseIP once did). */
function leadingZeroError(ip: string): string | undefined {
  if (!/^\d+(\.\d+){3}$/.test(ip)) return undefined;
  if (!ip.split(".").some((o) => o.length > 1 && o.startsWith("0"))) return undefined;
  return `ParseAddr(${JSON.stringify(ip)}): IPv4 field has octet with leading zero`;
}

/** An IPv6 address in RFC 5952's canonical text (lower case, the longest run of zeros compressed). */
function canonicalIPv6(ip: string): string | undefined {
  // Forms with an embedded dotted quad print differently in Go; they are left alone.
  if (!ip.includes(":") || ip.includes(".")) return undefined;
  try {
    return new URL(`http://[${ip}]/`).hostname.slice(1, -1);
  } catch {
    return undefined;
  }
}

function ipWarnings(p: Path, ip: string): string[] {
  const err = leadingZeroError(ip);
  if (err)
    return [`${p}: IP address was accepted, but will be invalid in a future Kubernetes release: ${err}`];
  const canonical = canonicalIPv6(ip);
  if (canonical !== undefined && canonical !== ip)
    return [
      `${p}: IPv6 address ${JSON.stringify(ip)} is not in RFC 5952 canonical format (${JSON.stringify(canonical)}), which may cause controller apply-loops`,
    ];
  return [];
}

function cidrWarnings(p: Path, cidr: string): string[] {
  const slash = cidr.indexOf("/");
  if (slash < 0) return [];
  const ip = cidr.slice(0, slash);
  const err = leadingZeroError(ip);
  if (err)
    return [
      `${p}: IP prefix was accepted, but will be invalid in a future Kubernetes release: netip.ParsePrefix(${JSON.stringify(cidr)}): ${err}`,
    ];
  const canonical = canonicalIPv6(ip);
  if (canonical !== undefined && canonical !== ip) {
    const fixed = `${canonical}${cidr.slice(slash)}`;
    return [
      `${p}: IPv6 prefix ${JSON.stringify(cidr)} is not in RFC 5952 canonical format (${JSON.stringify(fixed)}), which may cause controller apply-loops`,
    ];
  }
  return [];
}

export function serviceWarnings(svc: Readonly<Service>): string[] {
  const warnings: string[] = [];
  const spec = isObject(svc.spec) ? svc.spec : {};
  const annotations = isObject(svc.metadata?.annotations) ? svc.metadata.annotations : {};
  if (Object.hasOwn(annotations, TOPOLOGY_HINTS))
    warnings.push(`annotation ${TOPOLOGY_HINTS} is deprecated, please use ${TOPOLOGY_MODE} instead`);
  const at = path("spec");
  const clusterIPs = list(spec.clusterIPs).map(str);
  // Only real addresses: not headless ("None"), not yet allocated ("").
  if (clusterIPs.length > 0 && clusterIPs[0] !== "" && clusterIPs[0] !== "None")
    for (const [i, ip] of clusterIPs.entries())
      warnings.push(...ipWarnings(at.child("clusterIPs").index(i), ip));
  for (const [i, ip] of list(spec.externalIPs).entries())
    warnings.push(...ipWarnings(at.child("externalIPs").index(i), str(ip)));
  if (str(spec.loadBalancerIP) !== "")
    warnings.push(...ipWarnings(at.child("loadBalancerIP"), str(spec.loadBalancerIP)));
  for (const [i, cidr] of list(spec.loadBalancerSourceRanges).entries())
    warnings.push(...cidrWarnings(at.child("loadBalancerSourceRanges").index(i), str(cidr)));
  if (spec.type === "ExternalName" && list(spec.externalIPs).length > 0)
    warnings.push('spec.externalIPs is ignored when spec.type is "ExternalName"');
  if (spec.type !== "ExternalName" && str(spec.externalName) !== "")
    warnings.push('spec.externalName is ignored when spec.type is not "ExternalName"');
  return warnings;
}
