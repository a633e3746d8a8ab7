/** Service validation as upstream's ValidateService / ValidateServiceUpdate. */
import type { Service, ServicePort, ServiceSpec } from "kubernetes-types/core/v1.js";
import { validateLabels } from "../common/meta.js";
import { isDNS1123Label, isDNS1123Subdomain, isQualifiedName, isValidPortNum } from "../common/names.js";
import {
  duplicateRendered,
  goStringSlice,
  invalidRendered,
  ipFamilyOf,
  isObject,
  list,
  num,
  str,
  VALID_IP_MESSAGE,
} from "../common/values.js";
import {
  duplicate,
  type FieldError,
  forbidden,
  invalid,
  notSupported,
  type Path,
  path,
  required,
} from "../field.js";
import { validatePortNumOrName } from "../pod/index.js";
import { externallyAccessible, isHeadless, needsHealthCheck } from "./defaults.js";

/** Upstream's supported values, sorted as upstream prints them. */
export const SERVICE_TYPES = ["ClusterIP", "ExternalName", "LoadBalancer", "NodePort"];
const protocols = ["SCTP", "TCP", "UDP"];
const affinities = ["ClientIP", "None"];
const policies = ["Cluster", "Local"];
const familyPolicies = ["PreferDualStack", "RequireDualStack", "SingleStack"];
const families = ["IPv4", "IPv6"];
const KUBELET_PORT = 10250;
const MAX_CLIENT_IP_TIMEOUT = 86400;

function servicePort(
  sp: Readonly<ServicePort>,
  requireName: boolean,
  names: Set<string>,
  p: Path,
): FieldError[] {
  const errs: FieldError[] = [];
  const name = str(sp.name);
  if (requireName && name === "") errs.push(required(p.child("name")));
  else if (name !== "") {
    for (const m of isDNS1123Label(name)) errs.push(invalid(p.child("name"), name, m));
    if (names.has(name)) errs.push(duplicate(p.child("name"), name));
    else names.add(name);
  }
  const port = num(sp.port) ?? 0;
  for (const m of isValidPortNum(port)) errs.push(invalid(p.child("port"), port, m));
  const proto = str(sp.protocol);
  if (proto === "") errs.push(required(p.child("protocol")));
  else if (!protocols.includes(proto)) errs.push(notSupported(p.child("protocol"), proto, protocols));
  errs.push(...validatePortNumOrName(sp.targetPort, p.child("targetPort")));
  if (sp.appProtocol !== undefined && sp.appProtocol !== null) {
    for (const m of isQualifiedName(str(sp.appProtocol)))
      errs.push(invalid(p.child("appProtocol"), sp.appProtocol, m));
  }
  return errs;
}

/** Go's %#v of the (protocol, port) key upstream reports duplicate service ports with. */
function goServicePortKey(protocol: string, port: number): string {
  return `core.ServicePort{Name:"", Protocol:${JSON.stringify(protocol)}, AppProtocol:(*string)(nil), Port:${port}, TargetPort:intstr.IntOrString{Type:0, IntVal:0, StrVal:""}, NodePort:0}`;
}

function clusterIPFields(spec: Readonly<ServiceSpec>): FieldError[] {
  if (spec.type === "ExternalName") return [];
  const errs: FieldError[] = [];
  const sp = path("spec");
  const ipsPath = sp.child("clusterIPs");
  const ip = str(spec.clusterIP);
  const ips = list(spec.clusterIPs).map(str);
  if (ip !== "") {
    if (ips.length === 0) errs.push(required(ipsPath));
    else if (ips[0] !== ip)
      errs.push(invalidRendered(ipsPath, goStringSlice(ips), "first value must match `clusterIP`"));
  } else if (ips.length > 0) {
    errs.push(
      invalidRendered(ipsPath, goStringSlice(ips), "must be empty when `clusterIP` is not specified"),
    );
  }
  const seen = new Set<string>();
  list(spec.ipFamilies)
    .map(str)
    .forEach((f, i) => {
      if (!families.includes(f)) errs.push(notSupported(sp.child("ipFamilies").index(i), f, families));
      if (seen.has(f)) errs.push(duplicate(sp.child("ipFamilies").index(i), f));
      seen.add(f);
    });
  if (
    spec.ipFamilyPolicy !== undefined &&
    spec.ipFamilyPolicy !== null &&
    !familyPolicies.includes(str(spec.ipFamilyPolicy))
  ) {
    errs.push(notSupported(sp.child("ipFamilyPolicy"), spec.ipFamilyPolicy, familyPolicies));
  }
  let bad = false;
  ips.forEach((v, i) => {
    if (i === 0 && v === "None") {
      if (ips.length > 1) {
        bad = true;
        errs.push(invalidRendered(ipsPath, goStringSlice(ips), "'None' must be the first and only value"));
      }
      return;
    }
    if (ipFamilyOf(v) === 0) {
      bad = true;
      errs.push(invalid(ipsPath.index(i), v, VALID_IP_MESSAGE));
    }
  });
  if (ips.length > 2) {
    bad = true;
    errs.push(invalidRendered(ipsPath, goStringSlice(ips), "may only hold up to 2 values"));
  }
  if (bad) return errs;
  if (ips.length > 1 && ipFamilyOf(ips[0]!) === ipFamilyOf(ips[1]!)) {
    errs.push(
      invalidRendered(ipsPath, goStringSlice(ips), "may specify no more than one IP for each IP family"),
    );
  }
  if (!isHeadless(spec)) {
    const fams = list(spec.ipFamilies).map(str);
    ips.forEach((v, i) => {
      if (i >= fams.length) return;
      if (fams[i] === "IPv4" && ipFamilyOf(v) === 6) {
        errs.push(
          invalid(ipsPath.index(i), v, `expected an IPv4 value as indicated by \`ipFamilies[${i}]\``),
        );
      }
      if (fams[i] === "IPv6" && ipFamilyOf(v) !== 6) {
        errs.push(
          invalid(ipsPath.index(i), v, `expected an IPv6 value as indicated by \`ipFamilies[${i}]\``),
        );
      }
    });
  }
  return errs;
}

function trafficPolicies(spec: Readonly<ServiceSpec>): FieldError[] {
  const errs: FieldError[] = [];
  const sp = path("spec");
  const etp = str(spec.externalTrafficPolicy);
  if (!externallyAccessible(spec)) {
    if (etp !== "")
      errs.push(
        invalid(sp.child("externalTrafficPolicy"), etp, "may only be set for externally-accessible services"),
      );
  } else if (etp === "") errs.push(required(sp.child("externalTrafficPolicy")));
  else if (!policies.includes(etp)) errs.push(notSupported(sp.child("externalTrafficPolicy"), etp, policies));
  const hc = num(spec.healthCheckNodePort) ?? 0;
  if (!needsHealthCheck(spec)) {
    if (hc !== 0) {
      errs.push(
        invalid(
          sp.child("healthCheckNodePort"),
          hc,
          "may only be set when `type` is 'LoadBalancer' and `externalTrafficPolicy` is 'Local'",
        ),
      );
    }
  } else if (hc !== 0) {
    for (const m of isValidPortNum(hc)) errs.push(invalid(sp.child("healthCheckNodePort"), hc, m));
  }
  const itp = spec.internalTrafficPolicy;
  if (itp === undefined || itp === null) {
    if (["NodePort", "LoadBalancer", "ClusterIP"].includes(str(spec.type))) {
      errs.push(
        required(
          sp.child("internalTrafficPolicy"),
          "must specify this field, valid values are (Cluster, Local)",
        ),
      );
    }
  } else if (!policies.includes(str(itp))) {
    errs.push(notSupported(sp.child("internalTrafficPolicy"), itp, policies));
  }
  return errs;
}

/** Field errors of a Service (metadata is validated generically, names as DNS-1035 labels). */
export function validateService(svc: Readonly<Service>): FieldError[] {
  const spec: Readonly<ServiceSpec> = isObject(svc.spec) ? svc.spec : {};
  const sp = path("spec");
  const errs: FieldError[] = [];
  const ports = list<ServicePort>(spec.ports).map((p) => (isObject(p) ? p : ({} as ServicePort)));
  const headless = isHeadless(spec);
  if (ports.length === 0 && !headless && spec.type !== "ExternalName") errs.push(required(sp.child("ports")));
  const ips = list(spec.clusterIPs).map(str);
  // NodePort and LoadBalancer services are built on a cluster IP, so neither may be headless.
  if (headless && (spec.type === "LoadBalancer" || spec.type === "NodePort")) {
    errs.push(
      invalid(
        sp.child("clusterIPs").index(0),
        ips[0] ?? "None",
        `may not be set to 'None' for ${spec.type} services`,
      ),
    );
  }
  switch (spec.type) {
    case "LoadBalancer":
      ports.forEach((p, i) => {
        if (p.port === KUBELET_PORT) {
          errs.push(
            invalid(
              sp.child("ports").index(i),
              KUBELET_PORT,
              `may not expose port ${KUBELET_PORT} externally since it is used by kubelet`,
            ),
          );
        }
      });
      break;
    case "ExternalName": {
      if (ips.length > 0)
        errs.push(forbidden(sp.child("clusterIPs"), "may not be set for ExternalName services"));
      if (list(spec.ipFamilies).length > 0)
        errs.push(forbidden(sp.child("ipFamilies"), "may not be set for ExternalName services"));
      if (spec.ipFamilyPolicy)
        errs.push(forbidden(sp.child("ipFamilyPolicy"), "may not be set for ExternalName services"));
      const cname = str(spec.externalName).replace(/\.$/, "");
      if (cname === "") errs.push(required(sp.child("externalName")));
      else for (const m of isDNS1123Subdomain(cname)) errs.push(invalid(sp.child("externalName"), cname, m));
      break;
    }
  }
  const names = new Set<string>();
  for (let i = 0; i < ports.length; i++)
    errs.push(...servicePort(ports[i]!, ports.length > 1, names, sp.child("ports").index(i)));
  if (spec.selector !== undefined && spec.selector !== null)
    errs.push(...validateLabels(spec.selector, sp.child("selector")));
  const affinity = str(spec.sessionAffinity);
  if (affinity === "") errs.push(required(sp.child("sessionAffinity")));
  else if (!affinities.includes(affinity))
    errs.push(notSupported(sp.child("sessionAffinity"), affinity, affinities));
  if (affinity === "ClientIP") {
    const t = num(spec.sessionAffinityConfig?.clientIP?.timeoutSeconds);
    const tp = sp.child("sessionAffinityConfig").child("clientIP").child("timeoutSeconds");
    if (t === undefined) errs.push(required(tp));
    else if (t <= 0 || t > MAX_CLIENT_IP_TIMEOUT)
      errs.push(invalid(tp, t, `must be greater than 0 and less than ${MAX_CLIENT_IP_TIMEOUT}`));
  } else if (affinity === "None" && spec.sessionAffinityConfig) {
    errs.push(forbidden(sp.child("sessionAffinityConfig"), "must not be set when session affinity is None"));
  }
  errs.push(...clusterIPFields(spec));
  list(spec.externalIPs)
    .map(str)
    .forEach((ip, i) => {
      if (ipFamilyOf(ip) === 0) errs.push(invalid(sp.child("externalIPs").index(i), ip, VALID_IP_MESSAGE));
    });
  const type = str(spec.type);
  if (type === "") errs.push(required(sp.child("type")));
  else if (!SERVICE_TYPES.includes(type)) errs.push(notSupported(sp.child("type"), type, SERVICE_TYPES));
  if (type === "ClusterIP") {
    ports.forEach((p, i) => {
      if ((num(p.nodePort) ?? 0) !== 0)
        errs.push(
          forbidden(
            sp.child("ports").index(i).child("nodePort"),
            "may not be used when `type` is 'ClusterIP'",
          ),
        );
    });
  }
  const nodePorts = new Set<string>();
  const keys = new Set<string>();
  ports.forEach((p, i) => {
    const np = num(p.nodePort) ?? 0;
    if (np !== 0) {
      const k = `${str(p.protocol)}/${np}`;
      if (nodePorts.has(k)) errs.push(duplicate(sp.child("ports").index(i).child("nodePort"), np));
      nodePorts.add(k);
    }
  });
  ports.forEach((p, i) => {
    const k = `${str(p.protocol)}/${num(p.port) ?? 0}`;
    if (keys.has(k))
      errs.push(
        duplicateRendered(sp.child("ports").index(i), goServicePortKey(str(p.protocol), num(p.port) ?? 0)),
      );
    keys.add(k);
  });
  list(spec.loadBalancerSourceRanges)
    .map(str)
    .forEach((r, i) => {
      const [ip, bits, extra] = r.trim().split("/");
      const fam = ipFamilyOf(ip ?? "");
      const n = Number(bits);
      const ok =
        extra === undefined &&
        fam !== 0 &&
        bits !== undefined &&
        /^\d+$/.test(bits) &&
        n <= (fam === 4 ? 32 : 128);
      if (!ok) {
        errs.push(
          invalid(
            sp.child("loadBalancerSourceRanges").index(i),
            r,
            "must be a list of IP ranges. For example, 10.240.0.0/24,10.250.0.0/24 ",
          ),
        );
      }
    });
  errs.push(...trafficPolicies(spec));
  return errs;
}

/**
 * Field errors of a Service update beyond those of the new service alone (which
 * `validateService` reports; the API server runs both): the primary cluster IP may not change.
 */
export function validateServiceUpdate(svc: Readonly<Service>, old: Readonly<Service>): FieldError[] {
  const spec = svc.spec ?? {};
  const o = old.spec ?? {};
  if (spec.type === "ExternalName" || o.type === "ExternalName") return [];
  const oldIPs = list(o.clusterIPs).map(str);
  const ips = list(spec.clusterIPs).map(str);
  if (oldIPs.length > 0 && (ips.length === 0 || ips[0] !== oldIPs[0])) {
    return [
      invalidRendered(
        path("spec").child("clusterIPs").index(0),
        goStringSlice(ips),
        "may not change once set",
      ),
    ];
  }
  return [];
}

/** Field errors of a services/status update: load balancer ingress points. */
export function validateServiceStatus(svc: Readonly<Service>): FieldError[] {
  const errs: FieldError[] = [];
  const ip = path("status").child("loadBalancer").child("ingress");
  list(svc.status?.loadBalancer?.ingress).forEach((x, i) => {
    const ing = isObject(x) ? x : {};
    const p = ip.index(i);
    const addr = str(ing.ip);
    if (addr !== "" && ipFamilyOf(addr) === 0) errs.push(invalid(p.child("ip"), addr, VALID_IP_MESSAGE));
    if (ing.ipMode && addr === "")
      errs.push(forbidden(p.child("ipMode"), "may not be set when `ip` is empty"));
    const host = str(ing.hostname);
    if (host !== "") {
      for (const m of isDNS1123Subdomain(host)) errs.push(invalid(p.child("hostname"), host, m));
      if (ipFamilyOf(host) !== 0)
        errs.push(invalid(p.child("hostname"), host, "must be a DNS name, not an IP address"));
    }
  });
  return errs;
}
