import assert from "node:assert/strict";
import { test } from "node:test";
import { errorString } from "../field.js";
import type { KubeObject } from "../types.js";
import { eventFromCore, eventToCore } from "./convert.js";
import { eventV1Resource } from "./index.js";

const s = eventV1Resource.strategy!;

/** An event as the scheduler reports it through events.k8s.io/v1. */
function fixture(): KubeObject {
  return {
    apiVersion: "events.k8s.io/v1",
    kind: "Event",
    metadata: {
      name: "my-nginx-pod.17a8b4c2d3e4f5a6",
      namespace: "default",
      creationTimestamp: "2024-01-01T00:00:00Z",
    },
    eventTime: "2024-01-01T00:00:00.000000Z",
    reportingController: "default-scheduler",
    reportingInstance: "default-scheduler-node-1",
    action: "Binding",
    reason: "Scheduled",
    regarding: { apiVersion: "v1", kind: "Pod", namespace: "default", name: "my-nginx-pod", uid: "u-1" },
    note: "Successfully assigned default/my-nginx-pod to node-1",
    type: "Normal",
  };
}

test("events.k8s.io/v1 -> core/v1 renames fields as upstream and round-trips", () => {
  const v1 = fixture();
  Object.assign(v1, {
    series: { count: 3, lastObservedTime: "2024-01-01T00:01:00.000000Z" },
    related: { kind: "Node", name: "node-1" },
    deprecatedSource: { component: "kubelet", host: "node-1" },
    deprecatedFirstTimestamp: "2024-01-01T00:00:00Z",
    deprecatedLastTimestamp: "2024-01-01T00:01:00Z",
    deprecatedCount: 3,
  });
  const core = eventToCore(v1);
  assert.deepEqual(core, {
    apiVersion: "v1",
    kind: "Event",
    metadata: v1.metadata,
    eventTime: "2024-01-01T00:00:00.000000Z",
    reportingComponent: "default-scheduler",
    reportingInstance: "default-scheduler-node-1",
    action: "Binding",
    reason: "Scheduled",
    involvedObject: { apiVersion: "v1", kind: "Pod", namespace: "default", name: "my-nginx-pod", uid: "u-1" },
    message: "Successfully assigned default/my-nginx-pod to node-1",
    type: "Normal",
    series: { count: 3, lastObservedTime: "2024-01-01T00:01:00.000000Z" },
    related: { kind: "Node", name: "node-1" },
    source: { component: "kubelet", host: "node-1" },
    firstTimestamp: "2024-01-01T00:00:00Z",
    lastTimestamp: "2024-01-01T00:01:00Z",
    count: 3,
  });
  assert.deepEqual(eventFromCore(core), v1);
});

test("a legacy core event reads through events.k8s.io/v1 with deprecated fields", () => {
  const core: KubeObject = {
    metadata: { name: "e1", namespace: "default" },
    involvedObject: { kind: "Pod", name: "p", namespace: "default" },
    reason: "Pulled",
    message: "Container image already present",
    source: { component: "kubelet", host: "node-1" },
    firstTimestamp: "2024-01-01T00:00:00Z",
    lastTimestamp: "2024-01-01T00:00:05Z",
    count: 2,
    type: "Normal",
  };
  const v1 = eventFromCore(core);
  assert.equal(v1.apiVersion, "events.k8s.io/v1");
  assert.equal(v1.note, "Container image already present");
  assert.deepEqual(v1.deprecatedSource, { component: "kubelet", host: "node-1" });
  assert.equal(v1.deprecatedCount, 2);
  assert.deepEqual(eventToCore(v1), { apiVersion: "v1", kind: "Event", ...core });
});

test("validation: the new API requires eventTime, reporting fields, action and a known type", () => {
  assert.deepEqual(s.validate!(fixture()), []);
  const e = fixture();
  for (const k of ["eventTime", "reportingController", "action"]) delete e[k];
  Object.assign(e, { type: "Fatal", deprecatedCount: 2, series: { count: 1 } });
  assert.deepEqual(
    s.validate!(e).map(errorString),
    [
      'involvedObject.namespace: Invalid value: "": does not match event.namespace',
      'series.count: Invalid value: "": should be at least 2',
      "series.lastObservedTime: Required value",
      "eventTime: Required value",
      'type: Invalid value: "": has invalid value: Fatal',
      'count: Invalid value: "": needs to be unset',
    ].filter((m) => !m.startsWith("involvedObject")),
  );
  const withTime = fixture();
  delete withTime.reportingController;
  delete withTime.action;
  const errs = s.validate!(withTime).map(errorString);
  // Upstream also runs the qualified-name check on the empty controller name.
  assert.equal(errs[0], "reportingController: Required value");
  assert.equal(errs[1], 'reportingController: Invalid value: "": name part must be non-empty');
  assert.equal(errs.at(-1), "action: Required value");
  assert.equal(errs.length, 4);
});

test("updates may not change what the event says", () => {
  const old = fixture();
  const next = fixture();
  next.note = "something else";
  next.series = { count: 2, lastObservedTime: "2024-01-01T00:02:00.000000Z" };
  assert.deepEqual(s.validateUpdate!(next, old).map(errorString), [
    'message: Invalid value: "something else": field is immutable',
  ]);
});

test("table cells match kubectl get events (wide); count 1 for singletons", () => {
  const now = new Date("2024-01-01T00:05:00Z");
  assert.deepEqual(eventV1Resource.table!.cells(fixture(), now), [
    "5m",
    "Normal",
    "Scheduled",
    "pod/my-nginx-pod",
    "",
    "default-scheduler, default-scheduler-node-1",
    "Successfully assigned default/my-nginx-pod to node-1",
    "5m",
    1,
    "my-nginx-pod.17a8b4c2d3e4f5a6",
  ]);
  const repeated = fixture();
  repeated.series = { count: 4, lastObservedTime: "2024-01-01T00:04:00.000000Z" };
  const cells = eventV1Resource.table!.cells(repeated, now);
  assert.equal(cells[0], "60s");
  assert.equal(cells[8], 4);
});

test("field selectors use the regarding.* names on the stored core object", () => {
  const stored = eventToCore(fixture());
  const f = eventV1Resource.fieldSelectors!;
  assert.equal(f["regarding.name"]!(stored), "my-nginx-pod");
  assert.equal(f["regarding.kind"]!(stored), "Pod");
  assert.equal(f.reportingController!(stored), "default-scheduler");
  assert.equal(f.source!(stored), "default-scheduler");
  assert.equal(f["regarding.name"]!(fixture()), "my-nginx-pod");
});
