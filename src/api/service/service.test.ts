import assert from "node:assert/strict";
import { test } from "node:test";
import type { Service } from "kubernetes-types/core/v1.js";
import { aggregate, errorString } from "../field.js";
import type { KubeObject, StrategyContext } from "../types.js";
import { serviceNameValidator, serviceResource, serviceStatusStrategy, serviceStrategy } from "./index.js";

const ctx: StrategyContext = { namespace: "default", now: new Date("2024-01-01T00:00:00Z") };
const s = serviceStrategy;

function fixture(spec: Record<string, unknown>, name = "svc-1"): KubeObject {
  return { apiVersion: "v1", kind: "Service", metadata: { name, namespace: "default" }, spec };
}

function create(obj: KubeObject): { obj: KubeObject; errors: string[] } {
  const o = structuredClone(obj);
  s.defaults?.(o);
  s.prepareForCreate?.(o, ctx);
  return { obj: o, errors: (s.validate?.(o) ?? []).map(errorString) };
}

/** A created service with the cluster IP the allocator would have assigned. */
function stored(obj: KubeObject, ip = "10.96.0.20"): KubeObject {
  const o = create(obj).obj;
  const spec = (o as unknown as Service).spec!;
  if (spec.type !== "ExternalName" && spec.clusterIP !== "None") {
    spec.clusterIP = ip;
    spec.clusterIPs = [ip];
  }
  return o;
}

function update(obj: KubeObject, old: KubeObject): { obj: KubeObject; errors: string[] } {
  const o = structuredClone(obj);
  s.defaults?.(o);
  s.prepareForUpdate?.(o, old, ctx);
  return { obj: o, errors: (s.validateUpdate?.(o, old) ?? []).map(errorString) };
}

const spec = (o: KubeObject) => (o as unknown as Service).spec!;

test("the seed's LocalBalancer type is rejected with upstream's message", () => {
  const { errors } = create(
    fixture(
      { selector: { app: "pod" }, ports: [{ port: 9000, targetPort: 8080 }], type: "LocalBalancer" },
      "svc-3",
    ),
  );
  assert.equal(
    aggregate(
      s.validate!(
        create(
          fixture({
            selector: { app: "pod" },
            ports: [{ port: 9000, targetPort: 8080 }],
            type: "LocalBalancer",
          }),
        ).obj,
      ),
    ),
    `spec.type: Unsupported value: "LocalBalancer": supported values: "ClusterIP", "ExternalName", "LoadBalancer", "NodePort"`,
  );
  assert.equal(errors.length, 1);
});

test("a ClusterIP service gets upstream's defaults", () => {
  const { obj, errors } = create(fixture({ selector: { type: "web" }, ports: [{ port: 8080 }] }));
  assert.deepEqual(errors, []);
  assert.deepEqual(spec(obj), {
    selector: { type: "web" },
    ports: [{ port: 8080, protocol: "TCP", targetPort: 8080 }],
    type: "ClusterIP",
    sessionAffinity: "None",
    internalTrafficPolicy: "Cluster",
    ipFamilyPolicy: "SingleStack",
    ipFamilies: ["IPv4"],
  });
  assert.deepEqual(obj.status, { loadBalancer: {} });
});

test("NodePort and LoadBalancer services default their external traffic policy", () => {
  const np = create(
    fixture({
      selector: { app: "pod" },
      ports: [{ port: 9000, targetPort: 8080, nodePort: 30000 }],
      type: "NodePort",
    }),
  );
  assert.deepEqual(np.errors, []);
  assert.equal(spec(np.obj).externalTrafficPolicy, "Cluster");
  const lb = create(fixture({ ports: [{ port: 80 }], type: "LoadBalancer" }));
  assert.deepEqual(lb.errors, []);
  assert.equal(spec(lb.obj).allocateLoadBalancerNodePorts, true);
});

test("ExternalName and headless services need no ports", () => {
  const ext = create(fixture({ type: "ExternalName", externalName: "my.database.com" }, "externalname-svc"));
  assert.deepEqual(ext.errors, []);
  assert.equal(spec(ext.obj).ipFamilies, undefined);
  assert.deepEqual(create(fixture({ clusterIP: "None", selector: { app: "db" } })).errors, []);
  assert.deepEqual(create(fixture({ type: "ExternalName" })).errors, ["spec.externalName: Required value"]);
});

test("ports are required, named when several, unique and in range", () => {
  assert.deepEqual(create(fixture({ selector: { a: "b" } })).errors, ["spec.ports: Required value"]);
  assert.deepEqual(create(fixture({ ports: [{ port: 80 }, { port: 443 }] })).errors, [
    "spec.ports[0].name: Required value",
    "spec.ports[1].name: Required value",
  ]);
  assert.deepEqual(create(fixture({ ports: [{ port: 0, targetPort: 80 }] })).errors, [
    "spec.ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive",
  ]);
  assert.deepEqual(
    create(
      fixture({
        ports: [
          { name: "a", port: 80 },
          { name: "b", port: 80 },
        ],
      }),
    ).errors,
    [
      `spec.ports[1]: Duplicate value: core.ServicePort{Name:"", Protocol:"TCP", AppProtocol:(*string)(nil), Port:80, TargetPort:intstr.IntOrString{Type:0, IntVal:0, StrVal:""}, NodePort:0}`,
    ],
  );
  assert.deepEqual(create(fixture({ ports: [{ port: 80, protocol: "HTTP" }] })).errors, [
    `spec.ports[0].protocol: Unsupported value: "HTTP": supported values: "SCTP", "TCP", "UDP"`,
  ]);
  assert.deepEqual(create(fixture({ ports: [{ port: 80, nodePort: 30001 }] })).errors, [
    "spec.ports[0].nodePort: Forbidden: may not be used when `type` is 'ClusterIP'",
  ]);
});

test("names are DNS-1035 labels and selectors valid labels", () => {
  assert.equal(serviceNameValidator("web-port").length, 0);
  assert.equal(serviceNameValidator("1web").length, 1);
  assert.match(
    create(fixture({ selector: { "a b": "c" }, ports: [{ port: 80 }] })).errors[0]!,
    /^spec\.selector: Invalid value: "a b"/,
  );
});

test("the cluster IP may not change, but an update that omits it keeps it", () => {
  const old = stored(fixture({ selector: { app: "web" }, ports: [{ port: 80 }] }));
  const omitted = update(fixture({ selector: { app: "web2" }, ports: [{ port: 80 }] }), old);
  assert.deepEqual(omitted.errors, []);
  assert.deepEqual(spec(omitted.obj).clusterIPs, ["10.96.0.20"]);
  const changed = structuredClone(old);
  spec(changed).clusterIP = "10.96.0.99";
  assert.deepEqual(update(changed, old).errors, [
    `spec.clusterIPs[0]: Invalid value: []string{"10.96.0.99"}: may not change once set`,
  ]);
});

test("changing NodePort to ClusterIP drops node ports and the external policy", () => {
  const old = stored(fixture({ ports: [{ port: 80, nodePort: 30080 }], type: "NodePort" }));
  const next = structuredClone(old);
  spec(next).type = "ClusterIP";
  const r = update(next, old);
  assert.deepEqual(r.errors, []);
  assert.equal(spec(r.obj).ports![0]!.nodePort, undefined);
  assert.equal(spec(r.obj).externalTrafficPolicy, undefined);
});

test("updates keep status; status updates keep spec", () => {
  const old = stored(fixture({ ports: [{ port: 80 }], type: "LoadBalancer" }));
  const next = structuredClone(old);
  next.status = { loadBalancer: { ingress: [{ ip: "192.0.2.10" }] } };
  assert.deepEqual(update(next, old).obj.status, { loadBalancer: {} });
  const viaStatus = structuredClone(next);
  spec(viaStatus).ports = [{ port: 81 }];
  serviceStatusStrategy.defaults?.(viaStatus);
  serviceStatusStrategy.prepareForUpdate?.(viaStatus, old, ctx);
  assert.equal(spec(viaStatus).ports![0]!.port, 80);
  assert.deepEqual(viaStatus.status, { loadBalancer: { ingress: [{ ip: "192.0.2.10", ipMode: "VIP" }] } });
  assert.deepEqual(serviceStatusStrategy.validateUpdate?.(viaStatus, old), []);
});

test("table cells match kubectl get svc", () => {
  const now = new Date("2024-01-01T00:10:00Z");
  const cells = (o: KubeObject) =>
    serviceResource.table!.cells(
      { ...o, metadata: { ...o.metadata, creationTimestamp: "2024-01-01T00:00:00Z" } },
      now,
    );
  assert.deepEqual(
    cells(
      stored(
        fixture({ selector: { app: "web" }, ports: [{ port: 8080, targetPort: 80, name: "web-port" }] }),
      ),
    ),
    ["svc-1", "ClusterIP", "10.96.0.20", "<none>", "8080/TCP", "10m", "app=web"],
  );
  assert.deepEqual(
    cells(stored(fixture({ ports: [{ port: 9000, nodePort: 30000 }], type: "NodePort" }))).slice(1, 5),
    ["NodePort", "10.96.0.20", "<none>", "9000:30000/TCP"],
  );
  const lb = stored(fixture({ ports: [{ port: 80, nodePort: 31000 }], type: "LoadBalancer" }));
  assert.equal(cells(lb)[3], "<pending>");
  lb.status = { loadBalancer: { ingress: [{ ip: "192.0.2.10" }] } };
  assert.equal(cells(lb)[3], "192.0.2.10");
  const ext = stored(fixture({ type: "ExternalName", externalName: "my.database.com" }));
  assert.deepEqual(cells(ext).slice(1, 5), ["ExternalName", "<none>", "my.database.com", "<none>"]);
  assert.equal(cells(stored(fixture({ clusterIP: "None", selector: { a: "b" } })))[2], "None");
});
