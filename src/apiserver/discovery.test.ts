import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { allResources } from "../api/registry.js";
import { aggregated, apiGroupList, apiResourceList, wantsAggregated } from "./discovery.js";

describe("discovery", () => {
  it("recognises kubectl's aggregated discovery Accept header, v2 before v2beta1", () => {
    const kubectl =
      "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json";
    assert.equal(wantsAggregated(kubectl), "v2");
    assert.equal(
      wantsAggregated("application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList"),
      "v2beta1",
    );
    assert.equal(wantsAggregated("application/json"), undefined);
  });

  it("lists core resources with short names, categories and subresources", () => {
    const v1 = apiResourceList(allResources, "", "v1") as {
      resources: { name: string; shortNames?: string[]; categories?: string[] }[];
    };
    const pods = v1.resources.find((r) => r.name === "pods");
    assert.deepEqual(pods?.shortNames, ["po"]);
    assert.deepEqual(pods?.categories, ["all"]);
    assert.ok(v1.resources.some((r) => r.name === "pods/log"));
    assert.ok(v1.resources.some((r) => r.name === "pods/status"));
  });

  it("prefers autoscaling/v2 over v1 and keeps the core group out of /apis", () => {
    const groups = (
      apiGroupList(allResources) as { groups: { name: string; preferredVersion: { version: string } }[] }
    ).groups;
    assert.equal(groups.find((g) => g.name === "autoscaling")?.preferredVersion.version, "v2");
    assert.equal(
      groups.some((g) => g.name === ""),
      false,
    );
    const core = aggregated(allResources, true, "v2") as { items: { metadata: { name: string } }[] };
    assert.deepEqual(
      core.items.map((i) => i.metadata.name),
      [""],
    );
  });
});
