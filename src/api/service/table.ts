/** `kubectl get services` columns and cells as upstream's printService. */
import type { Service, ServicePort } from "kubernetes-types/core/v1.js";
import { formatLabels } from "../common/selector.js";
import { AGE_COLUMN, ageOf, column, NAME_COLUMN, nameOf } from "../common/table.js";
import { isObject, list, num, str } from "../common/values.js";
import type { TableDef } from "../types.js";

function loadBalancerIPs(svc: Readonly<Service>): string[] {
  const out = new Set<string>();
  for (const ing of list(svc.status?.loadBalancer?.ingress)) {
    if (!isObject(ing)) continue;
    if (str(ing.ip) !== "") out.add(str(ing.ip));
    else if (str(ing.hostname) !== "") out.add(str(ing.hostname));
  }
  return [...out].sort();
}

/** The EXTERNAL-IP cell: external IPs, load balancer ingress, "<pending>" or "<none>". */
export function serviceExternalIP(svc: Readonly<Service>): string {
  const spec = svc.spec ?? {};
  const external = list(spec.externalIPs).map(str);
  switch (spec.type) {
    case "ClusterIP":
    case "NodePort":
      return external.length > 0 ? external.join(",") : "<none>";
    case "LoadBalancer": {
      const lb = loadBalancerIPs(svc);
      if (external.length > 0) return [...lb, ...external].join(",");
      return lb.length > 0 ? lb.join(",") : "<pending>";
    }
    case "ExternalName":
      return str(spec.externalName);
    default:
      return "<unknown>";
  }
}

/** The PORT(S) cell: "80/TCP", "80:30080/TCP", comma-separated. */
export function servicePorts(ports: unknown): string {
  return list<ServicePort>(ports)
    .filter(isObject)
    .map((p) => {
      const np = num(p.nodePort) ?? 0;
      return np > 0
        ? `${num(p.port) ?? 0}:${np}/${str(p.protocol)}`
        : `${num(p.port) ?? 0}/${str(p.protocol)}`;
    })
    .join(",");
}

export const serviceTable: TableDef = {
  columns: [
    NAME_COLUMN,
    column("Type", "type determines how the Service is exposed."),
    column("Cluster-IP", "clusterIP is the IP address of the service and is usually assigned randomly."),
    column(
      "External-IP",
      "externalIPs is a list of IP addresses for which nodes in the cluster will also accept traffic for this service.",
    ),
    column("Port(s)", "The list of ports that are exposed by this service."),
    AGE_COLUMN,
    column("Selector", "Route service traffic to pods with label keys and values matching this selector.", 1),
  ],
  cells(obj, now) {
    const svc = obj as unknown as Service;
    const spec = isObject(svc.spec) ? svc.spec : {};
    const ips = list(spec.clusterIPs).map(str);
    return [
      nameOf(obj),
      str(spec.type),
      ips[0] || "<none>",
      serviceExternalIP(svc),
      servicePorts(spec.ports) || "<none>",
      ageOf(obj, now),
      formatLabels(spec.selector),
    ];
  },
};
