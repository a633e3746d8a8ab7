import assert from "node:assert/strict";
import { test } from "node:test";
import { errorString } from "../field.js";
import type { KubeObject } from "../types.js";
import { endpointsResource, endpointsStrategy as s } from "./index.js";

const fixture = (subsets: unknown[]): KubeObject => ({
  apiVersion: "v1",
  kind: "Endpoints",
  metadata: { name: "web", namespace: "default", creationTimestamp: "2024-01-01T00:00:00Z" },
  subsets,
});
const now = new Date("2024-01-01T00:01:00Z");
const cells = (o: KubeObject) => endpointsResource.table?.cells(o, now);

test("ENDPOINTS lists ip:port pairs, three at most", () => {
  assert.deepEqual(cells(fixture([])), ["web", "<none>", "60s"]);
  const ep = fixture([{ addresses: [{ ip: "10.0.0.1" }, { ip: "10.0.0.2" }], ports: [{ port: 80 }] }]);
  assert.equal(cells(ep)?.[1], "10.0.0.1:80,10.0.0.2:80");
  const many = fixture([
    { addresses: [1, 2, 3, 4, 5].map((n) => ({ ip: `10.0.0.${n}` })), ports: [{ port: 8080 }] },
  ]);
  assert.equal(cells(many)?.[1], "10.0.0.1:8080,10.0.0.2:8080,10.0.0.3:8080 + 2 more...");
  assert.equal(
    cells(fixture([{ addresses: [{ ip: "fd00::1" }], ports: [{ port: 80 }] }]))?.[1],
    "[fd00::1]:80",
  );
});

test("addresses must be valid, ports named when several; protocol defaults to TCP", () => {
  const ep = fixture([
    { addresses: [{ ip: "10.0.0.300" }, { ip: "0.0.0.0" }], ports: [{ port: 80 }, { port: 443 }] },
  ]);
  s.defaults?.(ep);
  assert.deepEqual((s.validate?.(ep) ?? []).map(errorString), [
    `subsets[0].addresses[0].ip: Invalid value: "10.0.0.300": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)`,
    `subsets[0].addresses[0].ip: Invalid value: "10.0.0.300": must be a valid IP address`,
    `subsets[0].addresses[1].ip: Invalid value: "0.0.0.0": may not be unspecified (0.0.0.0)`,
    "subsets[0].ports[0].name: Required value",
    "subsets[0].ports[1].name: Required value",
  ]);
  assert.deepEqual(
    s.validate?.(fixture([{ addresses: [{ ip: "127.0.0.1" }], ports: [{ port: 6443, protocol: "TCP" }] }])),
    [],
  );
});
