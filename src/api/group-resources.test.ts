import assert from "node:assert/strict";
import { test } from "node:test";
import { groupResources } from "./group-resources.js";
import { apiVersionOf } from "./registry.js";

test("every group resource is served once per group/version", () => {
  const keys = groupResources.map((d) => `${d.group}/${d.version}/${d.resource}`);
  assert.equal(new Set(keys).size, keys.length);
  const kinds = groupResources.map((d) => `${apiVersionOf(d)}/${d.kind}`);
  assert.equal(new Set(kinds).size, kinds.length);
});

test("autoscaling/v2 is listed before v1 (the group's preferred version) and v1 shares its storage", () => {
  const hpa = groupResources.filter((d) => d.resource === "horizontalpodautoscalers");
  assert.deepEqual(
    hpa.map((d) => d.version),
    ["v2", "v1"],
  );
  assert.deepEqual(
    hpa[1]!.storedAs && { group: hpa[1]!.storedAs.group, resource: hpa[1]!.storedAs.resource },
    {
      group: "autoscaling",
      resource: "horizontalpodautoscalers",
    },
  );
});

test("every table yields one cell per column, even for a bare object", () => {
  const now = new Date("2024-01-01T00:00:00Z");
  // Reviews are never listed: they have no table.
  for (const def of groupResources.filter((d) => !d.review)) {
    const obj = {
      apiVersion: apiVersionOf(def),
      kind: def.kind,
      metadata: { name: "x", creationTimestamp: "2024-01-01T00:00:00Z" },
    };
    def.strategy?.defaults?.(obj);
    const cells = def.table!.cells(obj, now);
    assert.equal(cells.length, def.table!.columns.length, `${def.kind} (${apiVersionOf(def)})`);
  }
});
