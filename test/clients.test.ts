/**
 * The official client libraries against a real `k8ts server`: @kubernetes/client-node
 * (list, informer watch, create, patch, delete) and Debian's python3-kubernetes (list, watch).
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import * as k8s from "@kubernetes/client-node";
import { type Cluster, startCluster } from "./helpers/k8ts.js";

describe("client libraries", () => {
  let c: Cluster;
  let kc: k8s.KubeConfig;
  before(async () => {
    c = await startCluster();
    kc = new k8s.KubeConfig();
    kc.loadFromFile(c.kubeconfig);
  });
  after(async () => {
    await c?.stop();
  });

  it("@kubernetes/client-node lists, creates, patches, deletes and watches through an informer", async () => {
    const core = kc.makeApiClient(k8s.CoreV1Api);
    const ns = await core.listNamespace();
    assert.ok(ns.items.some((n) => n.metadata?.name === "kube-system"));

    const seen: string[] = [];
    const informer = k8s.makeInformer(kc, "/api/v1/namespaces/default/configmaps", () =>
      core.listNamespacedConfigMap({ namespace: "default" }),
    );
    const added = new Promise<void>((resolve) => {
      informer.on("add", (o) => {
        seen.push(`add:${o.metadata?.name}`);
        if (o.metadata?.name === "cm-1") resolve();
      });
    });
    const updated = new Promise<void>((resolve) => {
      informer.on("update", (o) => {
        if (o.metadata?.name === "cm-1" && o.data?.k === "v2") resolve();
      });
    });
    const deleted = new Promise<void>((resolve) => {
      informer.on("delete", (o) => {
        if (o.metadata?.name === "cm-1") resolve();
      });
    });
    await informer.start();

    const created = await core.createNamespacedConfigMap({
      namespace: "default",
      body: { metadata: { name: "cm-1", labels: { app: "x" } }, data: { k: "v1" } },
    });
    assert.equal(created.data?.k, "v1");
    await added;
    const patched = await core.patchNamespacedConfigMap(
      { name: "cm-1", namespace: "default", body: { data: { k: "v2" } } },
      k8s.setHeaderOptions("Content-Type", k8s.PatchStrategy.MergePatch),
    );
    assert.equal(patched.data?.k, "v2");
    await updated;
    const list = await core.listNamespacedConfigMap({ namespace: "default", labelSelector: "app=x" });
    assert.deepEqual(
      list.items.map((i) => i.metadata?.name),
      ["cm-1"],
    );
    await core.deleteNamespacedConfigMap({ name: "cm-1", namespace: "default" });
    await deleted;
    await informer.stop();
    await assert.rejects(
      core.readNamespacedConfigMap({ name: "cm-1", namespace: "default" }),
      (e: unknown) => {
        return (e as { code?: number }).code === 404;
      },
    );
  });

  it("python3-kubernetes lists and watches", {
    skip: !existsSync("/usr/lib/python3/dist-packages/kubernetes"),
  }, () => {
    const script = join(c.dataDir, "client.py");
    writeFileSync(
      script,
      `
import sys, threading, time
from kubernetes import client, config, watch
config.load_kube_config(config_file=sys.argv[1])
v1 = client.CoreV1Api()
names = sorted(n.metadata.name for n in v1.list_namespace().items)
print("namespaces:" + ",".join(names))
w = watch.Watch()
def make():
    time.sleep(1)
    v1.create_namespaced_config_map("default", client.V1ConfigMap(metadata=client.V1ObjectMeta(name="py-cm"), data={"a": "b"}))
threading.Thread(target=make).start()
for ev in w.stream(v1.list_namespaced_config_map, "default", timeout_seconds=20):
    if ev["object"].metadata.name == "py-cm":
        print("event:" + ev["type"] + ":" + ev["object"].data["a"])
        w.stop()
`,
    );
    const r = spawnSync("/usr/bin/python3", [script, c.kubeconfig], { encoding: "utf8", timeout: 60_000 });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /namespaces:default,kube-node-lease,kube-public,kube-system/);
    assert.match(r.stdout, /event:ADDED:b/);
  });
});
