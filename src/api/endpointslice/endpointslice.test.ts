import assert from "node:assert/strict";
import { test } from "node:test";
import { errorString } from "../field.js";
import type { KubeObject, StrategyContext } from "../types.js";
import { endpointSliceResource } from "./index.js";

const s = endpointSliceResource.strategy!;
const ctx: StrategyContext = { namespace: "default", now: new Date("2024-01-01T00:00:00Z") };

/** The slice the EndpointSlice controller writes for the seed notes' hostname-svc-clusterip. */
function fixture(): KubeObject {
  return {
    metadata: {
      name: "hostname-svc-clusterip-abcde",
      namespace: "default",
      labels: { "kubernetes.io/service-name": "hostname-svc-clusterip" },
      creationTimestamp: "2024-01-01T00:00:00Z",
    },
    addressType: "IPv4",
    endpoints: [
      { addresses: ["10.42.0.5"], conditions: { ready: true }, nodeName: "node-1" },
      { addresses: ["10.42.0.6"], conditions: { ready: true } },
      { addresses: ["10.42.1.7"] },
      { addresses: ["10.42.1.8"] },
    ],
    ports: [{ port: 80 }],
  };
}

test("ports default to an unnamed TCP port; the controller's slice is valid", () => {
  const e = fixture();
  s.defaults!(e);
  assert.deepEqual(e.ports, [{ port: 80, name: "", protocol: "TCP" }]);
  assert.deepEqual(s.validate!(e), []);
});

test("addressType is required, must be supported, and is immutable", () => {
  const missing = fixture();
  delete missing.addressType;
  s.defaults!(missing);
  assert.deepEqual(s.validate!(missing).map(errorString), ["addressType: Required value"]);
  const bad = fixture();
  bad.addressType = "IPv5";
  s.defaults!(bad);
  assert.deepEqual(s.validate!(bad).map(errorString), [
    'addressType: Unsupported value: "IPv5": supported values: "FQDN", "IPv4", "IPv6"',
  ]);
  const old = fixture();
  const changed = fixture();
  changed.addressType = "IPv6";
  assert.deepEqual(s.validateUpdate!(changed, old).map(errorString), [
    'addressType: Invalid value: "IPv6": field is immutable',
  ]);
});

test("addresses must match the address type and not be loopback", () => {
  const e = fixture();
  e.endpoints = [{ addresses: ["fd00::1", "127.0.0.1"] }, { addresses: [] }];
  s.defaults!(e);
  assert.deepEqual(s.validate!(e).map(errorString), [
    'endpoints[0].addresses[0]: Invalid value: "fd00::1": must be a valid IPv4 address',
    'endpoints[0].addresses[1]: Invalid value: "127.0.0.1": may not be in the loopback range (127.0.0.0/8, ::1/128)',
    "endpoints[1].addresses: Required value: must contain at least 1 address",
  ]);
  const fqdn = fixture();
  fqdn.addressType = "FQDN";
  fqdn.endpoints = [{ addresses: ["db.example.com", "localhost"] }];
  s.defaults!(fqdn);
  assert.deepEqual(s.validate!(fqdn).map(errorString), [
    'endpoints[0].addresses[1]: Invalid value: "localhost": should be a domain with at least two segments separated by dots',
  ]);
});

test("duplicate port names and unknown protocols are rejected", () => {
  const e = fixture();
  e.ports = [
    { name: "http", port: 80, protocol: "TCP" },
    { name: "http", port: 81, protocol: "ICMP" },
  ];
  assert.deepEqual(s.validate!(e).map(errorString), [
    'ports[1].name: Duplicate value: "http"',
    'ports[1].protocol: Unsupported value: "ICMP": supported values: "SCTP", "TCP", "UDP"',
  ]);
});

test("generation starts at 1 and moves with endpoints or labels, not annotations", () => {
  const e = fixture();
  s.prepareForCreate!(e, ctx);
  assert.equal(e.metadata.generation, 1);
  const annotated = structuredClone(e);
  annotated.metadata.annotations = { a: "b" };
  s.prepareForUpdate!(annotated, e, ctx);
  assert.equal(annotated.metadata.generation, 1);
  const moved = structuredClone(e);
  (moved.endpoints as unknown[]).pop();
  s.prepareForUpdate!(moved, e, ctx);
  assert.equal(moved.metadata.generation, 2);
});

test("table lists three endpoints and how many more", () => {
  assert.deepEqual(endpointSliceResource.table!.cells(fixture(), new Date("2024-01-01T00:03:00Z")), [
    "hostname-svc-clusterip-abcde",
    "IPv4",
    "80",
    "10.42.0.5,10.42.0.6,10.42.1.7 + 1 more...",
    "3m",
  ]);
  const empty = fixture();
  empty.endpoints = [];
  empty.ports = [{ name: "dns" }, {}];
  assert.deepEqual(endpointSliceResource.table!.cells(empty, new Date("2024-01-01T00:00:00Z")).slice(2, 4), [
    "dns,*",
    "<unset>",
  ]);
});
