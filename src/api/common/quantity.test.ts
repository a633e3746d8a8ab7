import assert from "node:assert/strict";
import { test } from "node:test";
import { humanDuration, translateTimestampSince } from "./duration.js";
import { canonicalQuantity, Quantity } from "./quantity.js";

test("quantities print in upstream's canonical form", () => {
  const cases: [unknown, string][] = [
    ["2Gi", "2Gi"],
    ["1024Mi", "1Gi"],
    ["1.5Gi", "1536Mi"],
    ["0.5Gi", "512Mi"],
    ["100Ki", "100Ki"],
    ["0.1", "100m"],
    ["1.5", "1500m"],
    ["500m", "500m"],
    ["1000m", "1"],
    ["2G", "2G"],
    ["1500", "1500"],
    ["2000", "2k"],
    ["1e3", "1e3"],
    ["1E6", "1e6"],
    ["0", "0"],
    [1, "1"],
    [0.25, "250m"],
    ["512", "512"],
    ["1Ki", "1Ki"],
    ["1n", "1n"],
    ["-1", "-1"],
  ];
  for (const [input, want] of cases) assert.equal(canonicalQuantity(input), want, `${String(input)}`);
});

test("malformed quantities do not parse", () => {
  for (const bad of ["", "abc", "1Gb", "1.2.3", "Gi", "1 Gi", null, {}])
    assert.equal(Quantity.parse(bad), undefined, String(bad));
});

test("quantities compare across formats", () => {
  const q = (s: string) => Quantity.parse(s)!;
  assert.equal(q("1Gi").cmp(q("1024Mi")), 0);
  assert.equal(q("2Gi").cmp(q("3Gi")), -1);
  assert.equal(q("1G").cmp(q("1Gi")), -1);
  assert.equal(q("500m").add(q("0.5")).toString(), "1");
});

test("humanDuration matches kubectl's AGE column", () => {
  const s = 1000;
  const m = 60 * s;
  const h = 60 * m;
  const d = 24 * h;
  const cases: [number, string][] = [
    [-5 * s, "<invalid>"],
    [-1500, "0s"],
    [5 * s, "5s"],
    [119 * s, "119s"],
    [3 * m + 2 * s, "3m2s"],
    [5 * m, "5m"],
    [10 * m + 30 * s, "10m"],
    [179 * m, "179m"],
    [5 * h + 3 * m, "5h3m"],
    [5 * h, "5h"],
    [30 * h, "30h"],
    [2 * d + 3 * h, "2d3h"],
    [7 * d, "7d"],
    [400 * d, "400d"],
    [3 * 365 * d + 45 * d, "3y45d"],
    [10 * 365 * d, "10y"],
  ];
  for (const [ms, want] of cases) assert.equal(humanDuration(ms), want, `${ms}`);
});

test("ages of timestamps", () => {
  const now = new Date("2024-01-01T00:10:00Z");
  assert.equal(translateTimestampSince("2024-01-01T00:05:00Z", now), "5m");
  assert.equal(translateTimestampSince(undefined, now), "<unknown>");
});
