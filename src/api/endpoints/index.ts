/** core/v1 Endpoints (the legacy endpoints API kube-proxy and DNS read; written by a controller). */
import type { EndpointAddress, EndpointPort, EndpointSubset, Endpoints } from "kubernetes-types/core/v1.js";
import { isDNS1123Label, isDNS1123Subdomain, isQualifiedName, isValidPortNum } from "../common/names.js";
import { AGE_COLUMN, ageOf, column, NAME_COLUMN, nameOf } from "../common/table.js";
import { ipFamilyOf, isObject, list, num, str, VALID_IP_MESSAGE } from "../common/values.js";
import { type FieldError, invalid, notSupported, type Path, path, required } from "../field.js";
import type { KubeObject, ResourceDef, Strategy, TableDef } from "../types.js";

const protocols = ["SCTP", "TCP", "UDP"];

/**
 * Upstream's ValidateNonSpecialIP, except loopback: k8ts runs single-node clusters on
 * loopback addresses, where the API server's own endpoints are 127.0.0.1.
 */
function nonSpecialIP(ip: string, p: Path): FieldError[] {
  const fam = ipFamilyOf(ip);
  if (fam === 0) return [invalid(p, ip, "must be a valid IP address")];
  const errs: FieldError[] = [];
  if (ip === "0.0.0.0" || /^(0*:)*:?0*$/.test(ip))
    errs.push(invalid(p, ip, `may not be unspecified (${ip})`));
  if ((fam === 4 && ip.startsWith("169.254.")) || (fam === 6 && /^fe[89ab]/i.test(ip))) {
    errs.push(invalid(p, ip, "may not be in the link-local range (169.254.0.0/16, fe80::/10)"));
  }
  if ((fam === 4 && ip.startsWith("224.0.0.")) || (fam === 6 && /^ff02:/i.test(ip))) {
    errs.push(invalid(p, ip, "may not be in the link-local multicast range (224.0.0.0/24, ff02::/10)"));
  }
  return errs;
}

function address(a: Readonly<EndpointAddress>, p: Path): FieldError[] {
  const errs: FieldError[] = [];
  const ip = str(a.ip);
  if (ipFamilyOf(ip) === 0) errs.push(invalid(p.child("ip"), ip, VALID_IP_MESSAGE));
  const host = str(a.hostname);
  if (host !== "") for (const m of isDNS1123Label(host)) errs.push(invalid(p.child("hostname"), host, m));
  if (a.nodeName !== undefined && a.nodeName !== null) {
    for (const m of isDNS1123Subdomain(str(a.nodeName)))
      errs.push(invalid(p.child("nodeName"), str(a.nodeName), m));
  }
  return [...errs, ...nonSpecialIP(ip, p.child("ip"))];
}

function port(pt: Readonly<EndpointPort>, requireName: boolean, p: Path): FieldError[] {
  const errs: FieldError[] = [];
  const name = str(pt.name);
  if (requireName && name === "") errs.push(required(p.child("name")));
  else if (name !== "") for (const m of isDNS1123Label(name)) errs.push(invalid(p.child("name"), name, m));
  const n = num(pt.port) ?? 0;
  for (const m of isValidPortNum(n)) errs.push(invalid(p.child("port"), n, m));
  const proto = str(pt.protocol);
  if (proto === "") errs.push(required(p.child("protocol")));
  else if (!protocols.includes(proto)) errs.push(notSupported(p.child("protocol"), proto, protocols));
  if (pt.appProtocol !== undefined && pt.appProtocol !== null) {
    for (const m of isQualifiedName(str(pt.appProtocol)))
      errs.push(invalid(p.child("appProtocol"), str(pt.appProtocol), m));
  }
  return errs;
}

/** Field errors of Endpoints: each subset has addresses, valid IPs, named ports when several. */
export function validateEndpoints(ep: Readonly<Endpoints>): FieldError[] {
  const errs: FieldError[] = [];
  list<EndpointSubset>(ep.subsets).forEach((x, i) => {
    const ss: EndpointSubset = isObject(x) ? x : {};
    const p = path("subsets").index(i);
    const addrs = list<EndpointAddress>(ss.addresses);
    const notReady = list<EndpointAddress>(ss.notReadyAddresses);
    if (addrs.length === 0 && notReady.length === 0)
      errs.push(required(p, "must specify `addresses` or `notReadyAddresses`"));
    addrs.forEach((a, j) => {
      errs.push(...address(isObject(a) ? a : ({} as EndpointAddress), p.child("addresses").index(j)));
    });
    notReady.forEach((a, j) => {
      errs.push(...address(isObject(a) ? a : ({} as EndpointAddress), p.child("notReadyAddresses").index(j)));
    });
    const ports = list<EndpointPort>(ss.ports);
    ports.forEach((pt, j) => {
      errs.push(
        ...port(isObject(pt) ? pt : ({} as EndpointPort), ports.length > 1, p.child("ports").index(j)),
      );
    });
  });
  return errs;
}

/** Port protocols default to TCP. */
export function defaultEndpoints(ep: Endpoints): void {
  for (const ss of list<EndpointSubset>(ep.subsets)) {
    if (!isObject(ss)) continue;
    for (const pt of list<EndpointPort>(ss.ports)) if (isObject(pt) && !pt.protocol) pt.protocol = "TCP";
  }
}

const hostPort = (ip: string, p: number) => (ip.includes(":") ? `[${ip}]:${p}` : `${ip}:${p}`);

/** The ENDPOINTS cell: up to three "ip:port" entries, then "+ N more...". */
export function formatEndpoints(ep: Readonly<Endpoints>): string {
  const subsets = list<EndpointSubset>(ep.subsets).filter(isObject);
  if (subsets.length === 0) return "<none>";
  const shown: string[] = [];
  let count = 0;
  const add = (s: string) => {
    if (shown.length < 3) shown.push(s);
    count++;
  };
  for (const ss of subsets) {
    const addrs = list<EndpointAddress>(ss.addresses).filter(isObject);
    const ports = list<EndpointPort>(ss.ports).filter(isObject);
    if (ports.length === 0) for (const a of addrs) add(str(a.ip));
    else for (const pt of ports) for (const a of addrs) add(hostPort(str(a.ip), num(pt.port) ?? 0));
  }
  const s = shown.join(",");
  return count > 3 ? `${s} + ${count - 3} more...` : s;
}

const asEndpoints = (obj: Readonly<KubeObject>) => obj as unknown as Endpoints;

export const endpointsStrategy: Strategy = {
  defaults: (obj) => defaultEndpoints(asEndpoints(obj)),
  validate: (obj) => validateEndpoints(asEndpoints(obj)),
};

export const endpointsTable: TableDef = {
  columns: [
    NAME_COLUMN,
    column("Endpoints", "The set of all endpoints is the union of all subsets."),
    AGE_COLUMN,
  ],
  cells: (obj, now) => [nameOf(obj), formatEndpoints(asEndpoints(obj)), ageOf(obj, now)],
};

export const endpointsResource: ResourceDef = {
  group: "",
  version: "v1",
  kind: "Endpoints",
  resource: "endpoints",
  singular: "endpoints",
  namespaced: true,
  shortNames: ["ep"],
  definition: "io.k8s.api.core.v1.Endpoints",
  strategy: endpointsStrategy,
  table: endpointsTable,
};
