/**
 * Events recorded by a component through the API: repeats are counted on one Event, which
 * `kubectl describe` shows as "(x3 over ...)", and both the v1 and events.k8s.io/v1 views
 * show the same event.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { EventRecorder, restEventSink } from "../src/client/events.js";
import { configFromKubeconfig, RestClient } from "../src/client/rest.js";
import { type Cluster, startCluster } from "./helpers/k8ts.js";

describe("events", () => {
  let c: Cluster;
  let client: RestClient;
  before(async () => {
    c = await startCluster();
    client = new RestClient(configFromKubeconfig(c.kubeconfig));
  });
  after(async () => {
    client?.close();
    await c?.stop();
  });

  it("counts a repeated event on one Event, seen by describe and by both API versions", async () => {
    const ok = (args: string[], input?: string) => {
      const r = c.kubectl(args, { input });
      assert.equal(r.code, 0, `kubectl ${args.join(" ")}:\n${r.stderr}`);
      return r.stdout;
    };
    ok(["create", "configmap", "watched", "--from-literal=a=b"]);
    const cm = JSON.parse(ok(["get", "cm", "watched", "-o", "json"]));
    const ref = {
      apiVersion: "v1",
      kind: "ConfigMap",
      namespace: "default",
      name: "watched",
      uid: cm.metadata.uid,
    };
    const recorder = new EventRecorder({
      sink: restEventSink(client),
      component: "test-controller",
      host: "node-1",
    });
    for (let i = 0; i < 3; i++) assert.ok(await recorder.event(ref, "Warning", "Broken", "it is broken"));
    assert.ok(await recorder.event(ref, "Normal", "Fixed", "it is fixed"));

    const events = JSON.parse(
      ok(["get", "events", "--field-selector", "involvedObject.name=watched", "-o", "json"]),
    ).items;
    assert.equal(events.length, 2);
    const broken = events.find((e: { reason: string }) => e.reason === "Broken");
    assert.equal(broken.count, 3);
    assert.match(
      ok(["describe", "cm", "watched"]),
      /Warning\s+Broken\s+\S+ \(x3 over \S+\)\s+test-controller(, node-1)?\s+it is broken/,
    );
    assert.match(
      ok(["get", "events", "--sort-by=.lastTimestamp"]),
      /Warning\s+Broken\s+configmap\/watched\s+it is broken/,
    );
    const v1 = JSON.parse(ok(["get", "events.v1.events.k8s.io", "-o", "json"])).items.find(
      (e: { reason: string }) => e.reason === "Broken",
    );
    assert.equal(v1.note, "it is broken");
    assert.equal(v1.regarding.name, "watched");
    assert.equal(v1.deprecatedCount, 3);
    assert.equal(v1.series.count, 3);
  });
});
