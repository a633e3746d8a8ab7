import assert from "node:assert/strict";
import { test } from "node:test";
import { errorString } from "../field.js";
import type { KubeObject } from "../types.js";
import { eventResource } from "./index.js";

const now = new Date("2024-01-01T00:10:00Z");
const fixture = (extra: Record<string, unknown> = {}): KubeObject => ({
  apiVersion: "v1",
  kind: "Event",
  metadata: { name: "web.17a", namespace: "default" },
  involvedObject: {
    kind: "Pod",
    namespace: "default",
    name: "web",
    uid: "u1",
    fieldPath: "spec.containers{nginx}",
  },
  reason: "Pulled",
  message: 'Successfully pulled image "nginx"\n',
  type: "Normal",
  source: { component: "kubelet", host: "node1" },
  firstTimestamp: "2024-01-01T00:05:00Z",
  lastTimestamp: "2024-01-01T00:09:00Z",
  count: 3,
  ...extra,
});

test("columns: LAST SEEN TYPE REASON OBJECT MESSAGE, the rest wide", () => {
  const visible = eventResource.table!.columns.filter((c) => !c.priority).map((c) => c.name.toUpperCase());
  assert.deepEqual(visible, ["LAST SEEN", "TYPE", "REASON", "OBJECT", "MESSAGE"]);
  assert.deepEqual(eventResource.table!.cells(fixture(), now), [
    "60s",
    "Normal",
    "Pulled",
    "pod/web",
    "spec.containers{nginx}",
    "kubelet, node1",
    'Successfully pulled image "nginx"',
    "5m",
    3,
    "web.17a",
  ]);
});

test("events.k8s.io-style events use eventTime, series and the reporting controller", () => {
  const e = fixture({
    firstTimestamp: undefined,
    lastTimestamp: undefined,
    count: undefined,
    source: undefined,
    eventTime: "2024-01-01T00:08:00.000000Z",
    reportingComponent: "default-scheduler",
    reportingInstance: "",
  });
  const cells = eventResource.table!.cells(e, now);
  assert.deepEqual([cells[0], cells[5], cells[7], cells[8]], ["2m", "default-scheduler", "2m", 1]);
});

test("the event namespace must match its object's", () => {
  const errs = eventResource.strategy!.validate!(
    fixture({ metadata: { name: "x", namespace: "other" } }),
  ).map(errorString);
  assert.deepEqual(errs, [
    `involvedObject.namespace: Invalid value: "default": does not match event.namespace`,
  ]);
});

test("field selectors and TTL", () => {
  const sel = eventResource.fieldSelectors!;
  const e = fixture();
  assert.equal(sel["involvedObject.name"]!(e), "web");
  assert.equal(sel["involvedObject.kind"]!(e), "Pod");
  assert.equal(sel.source!(e), "kubelet");
  assert.equal(sel.type!(e), "Normal");
  assert.equal(eventResource.ttlSeconds, 3600);
});
