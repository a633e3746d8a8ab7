/** discovery.k8s.io/v1 EndpointSlice validation (upstream pkg/apis/discovery/validation). */
import { isIP, isIPv4, isIPv6 } from "node:net";
import type { Endpoint, EndpointPort, EndpointSlice } from "kubernetes-types/discovery/v1.js";
import { immutable } from "../common/checks.js";
import { isDNS1123Label, isDNS1123Subdomain, isQualifiedName, isValidLabelValue } from "../common/names.js";
import { view } from "../common/values.js";
import {
  duplicate,
  type FieldError,
  invalid,
  notSupported,
  type Path,
  path,
  required,
  tooMany,
} from "../field.js";
import type { KubeObject } from "../types.js";

export const ADDRESS_TYPES = ["FQDN", "IPv4", "IPv6"];
const PROTOCOLS = ["SCTP", "TCP", "UDP"];
const MAX_ADDRESSES = 100;
const MAX_PORTS = 20000;
const MAX_ENDPOINTS = 1000;
const MAX_ZONE_HINTS = 8;
const MAX_TOPOLOGY_LABELS = 16;

function ipv4Octets(ip: string): number[] {
  return ip.split(".").map(Number);
}

/** Whether `ip` (a valid address) is in the loopback range (127.0.0.0/8, ::1/128). */
export function isLoopbackIP(ip: string): boolean {
  if (isIPv4(ip)) return ipv4Octets(ip)[0] === 127;
  const lower = ip.toLowerCase();
  return /^(0*:)*:?(0*:)*0*1$/.test(lower) && lower.replace(/[^1-9a-f]/g, "") === "1";
}

/** Upstream's ValidateEndpointIP: no unspecified, loopback or link-local addresses. */
export function validateEndpointIP(ip: string, p: Path): FieldError[] {
  if (isIP(ip) === 0) return [invalid(p, ip, "must be a valid IP address")];
  const errs: FieldError[] = [];
  const loopback = isLoopbackIP(ip);
  let unspecified: boolean;
  let linkLocal: boolean;
  let linkLocalMulticast: boolean;
  if (isIPv4(ip)) {
    const [a, b, c] = ipv4Octets(ip);
    unspecified = ip === "0.0.0.0";
    linkLocal = a === 169 && b === 254;
    linkLocalMulticast = a === 224 && b === 0 && c === 0;
  } else {
    const lower = ip.toLowerCase();
    unspecified = /^(0*:)*:?(:0*)*$/.test(lower) && !/[1-9a-f]/.test(lower);
    linkLocal = /^fe[89ab][0-9a-f]:/.test(lower);
    linkLocalMulticast = /^ff[0-9a-f]2:/.test(lower);
  }
  if (unspecified) errs.push(invalid(p, ip, `may not be unspecified (${ip})`));
  if (loopback) errs.push(invalid(p, ip, "may not be in the loopback range (127.0.0.0/8, ::1/128)"));
  if (linkLocal) errs.push(invalid(p, ip, "may not be in the link-local range (169.254.0.0/16, fe80::/10)"));
  if (linkLocalMulticast)
    errs.push(invalid(p, ip, "may not be in the link-local multicast range (224.0.0.0/24, ff02::/10)"));
  return errs;
}

/** Upstream's IsFullyQualifiedDomainName. */
export function validateFQDN(value: string, p: Path): FieldError[] {
  if (value === "") return [required(p)];
  const name = value.endsWith(".") ? value.slice(0, -1) : value;
  const sub = isDNS1123Subdomain(name);
  if (sub.length > 0) return [invalid(p, name, sub.join(","))];
  const labels = name.split(".");
  if (labels.length < 2)
    return [invalid(p, name, "should be a domain with at least two segments separated by dots")];
  for (const l of labels) {
    const errs = isDNS1123Label(l);
    if (errs.length > 0) return [invalid(p, l, errs.join(","))];
  }
  return [];
}

function validateAddress(addressType: string, address: string, p: Path): FieldError[] {
  switch (addressType) {
    case "IPv4":
      return [
        ...(isIPv4(address) ? [] : [invalid(p, address, "must be a valid IPv4 address")]),
        ...validateEndpointIP(address, p),
      ];
    case "IPv6":
      return [
        ...(isIPv6(address) ? [] : [invalid(p, address, "must be a valid IPv6 address")]),
        ...validateEndpointIP(address, p),
      ];
    case "FQDN":
      return validateFQDN(address, p);
    default:
      return [];
  }
}

function validateEndpoints(endpoints: readonly Endpoint[], addressType: string, p: Path): FieldError[] {
  if (endpoints.length > MAX_ENDPOINTS) return [tooMany(p, endpoints.length, MAX_ENDPOINTS)];
  const errs: FieldError[] = [];
  endpoints.forEach((ep, i) => {
    const ip = p.index(i);
    const ap = ip.child("addresses");
    const addresses = ep.addresses ?? [];
    if (addresses.length === 0) errs.push(required(ap, "must contain at least 1 address"));
    else if (addresses.length > MAX_ADDRESSES) errs.push(tooMany(ap, addresses.length, MAX_ADDRESSES));
    addresses.forEach((a, j) => {
      errs.push(...validateAddress(addressType, a, ap.index(j)));
    });
    if (ep.nodeName !== undefined) {
      for (const msg of isDNS1123Subdomain(ep.nodeName))
        errs.push(invalid(ip.child("nodeName"), ep.nodeName, msg));
    }
    const topology = ep.deprecatedTopology ?? {};
    const tp = ip.child("deprecatedTopology");
    if (Object.keys(topology).length > MAX_TOPOLOGY_LABELS) {
      errs.push(tooMany(tp, Object.keys(topology).length, MAX_TOPOLOGY_LABELS));
    }
    for (const [k, v] of Object.entries(topology)) {
      for (const msg of isQualifiedName(k)) errs.push(invalid(tp, k, msg));
      for (const msg of isValidLabelValue(v)) errs.push(invalid(tp, v, msg));
    }
    if (ep.hostname !== undefined) {
      for (const msg of isDNS1123Label(ep.hostname))
        errs.push(invalid(ip.child("hostname"), ep.hostname, msg));
    }
    const zones = ep.hints?.forZones ?? [];
    const zp = ip.child("hints").child("forZones");
    if (zones.length > MAX_ZONE_HINTS) {
      errs.push(tooMany(zp, zones.length, MAX_ZONE_HINTS));
    } else {
      const seen = new Set<string>();
      zones.forEach((z, k) => {
        const np = zp.index(k).child("name");
        if (seen.has(z.name)) errs.push(duplicate(np, z.name));
        seen.add(z.name);
        for (const msg of isValidLabelValue(z.name)) errs.push(invalid(np, z.name, msg));
      });
    }
  });
  return errs;
}

function validatePorts(ports: readonly EndpointPort[], p: Path): FieldError[] {
  if (ports.length > MAX_PORTS) return [tooMany(p, ports.length, MAX_PORTS)];
  const errs: FieldError[] = [];
  const names = new Set<string>();
  ports.forEach((port, i) => {
    const ip = p.index(i);
    const name = port.name ?? "";
    if (name !== "") for (const msg of isDNS1123Label(name)) errs.push(invalid(ip.child("name"), name, msg));
    if (names.has(name)) errs.push(duplicate(ip.child("name"), name));
    names.add(name);
    if (port.protocol === undefined || port.protocol === null) errs.push(required(ip.child("protocol")));
    else if (!PROTOCOLS.includes(port.protocol))
      errs.push(notSupported(ip.child("protocol"), port.protocol, PROTOCOLS));
    if (port.appProtocol !== undefined) {
      for (const msg of isQualifiedName(port.appProtocol))
        errs.push(invalid(ip.child("appProtocol"), port.appProtocol, msg));
    }
  });
  return errs;
}

export function validateEndpointSlice(obj: KubeObject): FieldError[] {
  const eps = view<EndpointSlice>(obj);
  const errs: FieldError[] = [];
  const addressType = eps.addressType ?? "";
  if (addressType === "") errs.push(required(path("addressType")));
  else if (!ADDRESS_TYPES.includes(addressType))
    errs.push(notSupported(path("addressType"), addressType, ADDRESS_TYPES));
  errs.push(...validateEndpoints(eps.endpoints ?? [], addressType, path("endpoints")));
  errs.push(...validatePorts(eps.ports ?? [], path("ports")));
  return errs;
}

export function validateEndpointSliceUpdate(obj: KubeObject, old: Readonly<KubeObject>): FieldError[] {
  return immutable(
    view<EndpointSlice>(obj).addressType,
    view<EndpointSlice>(old).addressType,
    path("addressType"),
  );
}
