import assert from "node:assert/strict";
import { test } from "node:test";
import { formatLabelSelector, formatLabels, matchSelector, selectorString } from "./selector.js";

test("selectors print sorted by key with upstream operators", () => {
  assert.equal(
    selectorString({
      matchLabels: { tier: "web", app: "x" },
      matchExpressions: [
        { key: "env", operator: "NotIn", values: ["prod", "dev"] },
        { key: "canary", operator: "DoesNotExist" },
        { key: "zone", operator: "Exists" },
      ],
    }),
    "app=x,!canary,env notin (dev,prod),tier=web,zone",
  );
  assert.equal(formatLabelSelector({}), "<none>");
  assert.equal(formatLabelSelector(undefined), "<none>");
  assert.equal(formatLabelSelector({ matchExpressions: [{ key: "a", operator: "In" }] }), "<error>");
  assert.equal(
    selectorString({ matchExpressions: [{ key: "a", operator: "Near", values: ["b"] }] }),
    undefined,
  );
});

test("labels print sorted, <none> when empty", () => {
  assert.equal(formatLabels({ b: "2", a: "1" }), "a=1,b=2");
  assert.equal(formatLabels({}), "<none>");
});

test("matching follows upstream: nil selects nothing, empty selects everything", () => {
  assert.equal(matchSelector(undefined, { a: "1" }), "no-match");
  assert.equal(matchSelector({}, { a: "1" }), "empty");
  assert.equal(matchSelector({ matchLabels: { a: "1" } }, { a: "1", b: "2" }), "matches");
  assert.equal(
    matchSelector({ matchExpressions: [{ key: "a", operator: "NotIn", values: ["1"] }] }, {}),
    "matches",
  );
  assert.equal(
    matchSelector({ matchExpressions: [{ key: "a", operator: "In", values: ["2"] }] }, { a: "1" }),
    "no-match",
  );
});
