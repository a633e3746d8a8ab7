import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { allResources } from "../../api/registry.js";
import type { KubeObject } from "../../api/types.js";
import { partialMetadata, toTable, toTableBytes } from "./table.js";

describe("Table bytes from known object bytes", () => {
  test("is exactly the JSON of the Table, for every includeObject", () => {
    const now = new Date("2026-01-02T00:00:00Z");
    const pods: KubeObject[] = [0, 1, 2].map((i) => ({
      apiVersion: "v1",
      kind: "Pod",
      metadata: {
        name: `p${i}`,
        namespace: "default",
        resourceVersion: String(10 + i),
        creationTimestamp: "2026-01-01T00:00:00Z",
        labels: { app: "x", "<odd>": "\u2028" },
      },
      spec: { nodeName: i ? "n" : undefined, containers: [{ name: "c", image: "busybox" }] },
      status: { phase: "Running", podIP: "10.0.0.1" },
    }));
    for (const def of allResources.filter((d) => d.kind === "Pod" || d.kind === "ConfigMap")) {
      for (const includeObject of [null, "None", "Metadata", "Object"]) {
        for (const items of [pods, []]) {
          const opts = {
            now,
            includeObject,
            withColumns: true,
            resourceVersion: "12",
            continue: "c",
            remaining: 3,
          };
          const known = {
            object: (o: Readonly<KubeObject>) => Buffer.from(JSON.stringify(o)),
            partial: (o: Readonly<KubeObject>) => Buffer.from(JSON.stringify(partialMetadata(o))),
          };
          assert.equal(
            toTableBytes(def, items, opts, known).toString("utf8"),
            JSON.stringify(toTable(def, items, opts)),
            `${def.kind} ${includeObject} ${items.length}`,
          );
        }
      }
    }
  });
});
