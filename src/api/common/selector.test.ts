import assert from "node:assert/strict";
import { test } from "node:test";
import { errorString, path } from "../field.js";
import {
  formatLabelSelector,
  formatLabels,
  labelSelectorMatches,
  mapSelectorString,
  selectorMatch,
  selectorString,
  validateLabelSelector,
} from "./selector.js";

test("label selectors are validated like upstream", () => {
  const errs = validateLabelSelector(
    {
      matchLabels: { app: "web" },
      matchExpressions: [
        { key: "env", operator: "In", values: [] },
        { key: "tier", operator: "Exists", values: ["x"] },
        { key: "x", operator: "Like" },
      ],
    },
    path("spec").child("selector"),
  ).map(errorString);
  assert.deepEqual(errs, [
    "spec.selector.matchExpressions[0].values: Required value: must be specified when `operator` is 'In' or 'NotIn'",
    "spec.selector.matchExpressions[1].values: Forbidden: may not be specified when `operator` is 'Exists' or 'DoesNotExist'",
    `spec.selector.matchExpressions[2].operator: Invalid value: "Like": not a valid selector operator`,
  ]);
});

test("selectors match labels; a missing selector matches nothing and an empty one everything", () => {
  const sel = {
    matchLabels: { app: "web" },
    matchExpressions: [{ key: "env", operator: "NotIn", values: ["prod"] }],
  };
  assert.equal(labelSelectorMatches(sel, { app: "web", env: "dev" }), true);
  assert.equal(labelSelectorMatches(sel, { app: "web", env: "prod" }), false);
  assert.equal(labelSelectorMatches(undefined, { app: "web" }), false);
  assert.equal(labelSelectorMatches({}, { app: "web" }), true);
});

test("selectors and labels print as kubectl shows them", () => {
  assert.equal(formatLabels({ b: "2", a: "1" }), "a=1,b=2");
  assert.equal(formatLabels({}), "<none>");
  // Sorted by key, not by the printed pair: "a" < "a.b" although "a.b=2" < "a=1".
  assert.equal(formatLabels({ "a.b": "2", a: "1" }), "a=1,a.b=2");
  assert.equal(mapSelectorString({}), "");
  // Values sorted and de-duplicated; a bad key or value makes the selector unconvertible.
  assert.equal(
    formatLabelSelector({ matchExpressions: [{ key: "k", operator: "In", values: ["b", "a", "b"] }] }),
    "k in (a,b)",
  );
  assert.equal(formatLabelSelector({ matchLabels: { "bad key": "x" } }), "<error>");
  assert.equal(labelSelectorMatches({ matchLabels: { "bad key": "x" } }, { "bad key": "x" }), false);
  assert.equal(
    formatLabelSelector({
      matchLabels: { app: "web" },
      matchExpressions: [{ key: "env", operator: "In", values: ["qa", "dev"] }],
    }),
    "app=web,env in (dev,qa)",
  );
  assert.equal(formatLabelSelector(undefined), "<none>");
});

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

test("matching follows upstream: nil selects nothing, empty selects everything", () => {
  assert.equal(selectorMatch(undefined, { a: "1" }), "no-match");
  assert.equal(selectorMatch({}, { a: "1" }), "empty");
  assert.equal(selectorMatch({ matchLabels: { a: "1" } }, { a: "1", b: "2" }), "matches");
  assert.equal(
    selectorMatch({ matchExpressions: [{ key: "a", operator: "NotIn", values: ["1"] }] }, {}),
    "matches",
  );
  assert.equal(
    selectorMatch({ matchExpressions: [{ key: "a", operator: "In", values: ["2"] }] }, { a: "1" }),
    "no-match",
  );
});
