import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { nonResourceLabels, RequestMetrics } from "./request-metrics.js";

describe("request metrics", () => {
  test("count per label set and code, and a cumulative latency histogram, in Prometheus' text format", () => {
    const m = new RequestMetrics();
    const labels = { ...nonResourceLabels("GET", "/version"), subresource: 'a"b\\c' };
    m.record(labels, 200, 0.003);
    m.record(labels, 200, 0.2);
    m.record(labels, 404, 100);
    const text = m.expose();
    const l =
      'verb="GET",dry_run="",group="",version="",resource="",subresource="a\\"b\\\\c",scope="",component="apiserver"';
    assert.match(text, /^# TYPE apiserver_request_total counter$/m);
    assert.ok(text.includes(`apiserver_request_total{${l},code="200"} 2\n`), text);
    assert.ok(text.includes(`apiserver_request_total{${l},code="404"} 1\n`));
    assert.match(text, /^# TYPE apiserver_request_duration_seconds histogram$/m);
    assert.ok(text.includes(`apiserver_request_duration_seconds_bucket{${l},le="0.005"} 1\n`));
    assert.ok(text.includes(`apiserver_request_duration_seconds_bucket{${l},le="0.25"} 2\n`));
    assert.ok(text.includes(`apiserver_request_duration_seconds_bucket{${l},le="60"} 2\n`));
    assert.ok(text.includes(`apiserver_request_duration_seconds_bucket{${l},le="+Inf"} 3\n`));
    assert.ok(text.includes(`apiserver_request_duration_seconds_count{${l}} 3\n`));
    assert.match(text, /apiserver_request_duration_seconds_sum\{[^}]*\} 100\.203/);
  });
});
