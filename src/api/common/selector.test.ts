import assert from "node:assert/strict";
import { test } from "node:test";
import { errorString, path } from "../field.js";
import {
  formatLabelSelector,
  formatLabels,
  labelSelectorMatches,
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
  assert.equal(
    formatLabelSelector({
      matchLabels: { app: "web" },
      matchExpressions: [{ key: "env", operator: "In", values: ["qa", "dev"] }],
    }),
    "app=web,env in (dev,qa)",
  );
  assert.equal(formatLabelSelector(undefined), "<none>");
});
