import assert from "node:assert/strict";
import { test } from "node:test";
import type { Service } from "kubernetes-types/core/v1.js";
import { serviceWarnings } from "./warnings.js";

const svc = (spec: Record<string, unknown>, annotations?: Record<string, string>) =>
  ({ metadata: { name: "s", annotations }, spec }) as unknown as Service;

test("service warnings (upstream's GetWarningsForService, v1.32)", () => {
  assert.deepEqual(
    serviceWarnings(svc({ type: "ClusterIP", clusterIPs: ["10.43.0.10"], ports: [{ port: 80 }] })),
    [],
  );
  assert.deepEqual(serviceWarnings(svc({ clusterIPs: ["None"] })), []);
  assert.deepEqual(
    serviceWarnings(
      svc(
        {
          type: "LoadBalancer",
          clusterIPs: ["010.43.0.10"],
          externalIPs: ["192.0.2.1", "2001:DB8:0:0::1"],
          loadBalancerIP: "192.000.2.5",
          loadBalancerSourceRanges: ["192.0.2.0/24", "010.0.0.0/8", "2001:db8:0::/48"],
          externalName: "example.invalid",
        },
        { "service.kubernetes.io/topology-aware-hints": "auto" },
      ),
    ),
    [
      "annotation service.kubernetes.io/topology-aware-hints is deprecated, please use service.kubernetes.io/topology-mode instead",
      'spec.clusterIPs[0]: IP address was accepted, but will be invalid in a future Kubernetes release: ParseAddr("010.43.0.10"): IPv4 field has octet with leading zero',
      'spec.externalIPs[1]: IPv6 address "2001:DB8:0:0::1" is not in RFC 5952 canonical format ("2001:db8::1"), which may cause controller apply-loops',
      'spec.loadBalancerIP: IP address was accepted, but will be invalid in a future Kubernetes release: ParseAddr("192.000.2.5"): IPv4 field has octet with leading zero',
      'spec.loadBalancerSourceRanges[1]: IP prefix was accepted, but will be invalid in a future Kubernetes release: netip.ParsePrefix("010.0.0.0/8"): ParseAddr("010.0.0.0"): IPv4 field has octet with leading zero',
      'spec.loadBalancerSourceRanges[2]: IPv6 prefix "2001:db8:0::/48" is not in RFC 5952 canonical format ("2001:db8::/48"), which may cause controller apply-loops',
      'spec.externalName is ignored when spec.type is not "ExternalName"',
    ],
  );
  assert.deepEqual(
    serviceWarnings(
      svc({ type: "ExternalName", externalName: "db.example.invalid", externalIPs: ["192.0.2.1"] }),
    ),
    ['spec.externalIPs is ignored when spec.type is "ExternalName"'],
  );
});
