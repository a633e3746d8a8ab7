/**
 * `k8ts server --datastore-endpoint` against a real etcd: the API works the same on etcd,
 * and what it stored is in etcd under /registry/...
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { type EtcdServer, startEtcd } from "./helpers/etcd.js";
import { type Cluster, startCluster } from "./helpers/k8ts.js";

describe("k8ts server on etcd", () => {
  let etcd: EtcdServer;
  let c: Cluster;
  before(async () => {
    etcd = await startEtcd();
    c = await startCluster({ extraArgs: ["--datastore-endpoint", etcd.endpoint] });
  });
  after(async () => {
    await c?.stop();
    await etcd?.stop();
  });

  it("creates, lists, watches and survives a restart with its state in etcd", async () => {
    const ok = (args: string[], input?: string) => {
      const r = c.kubectl(args, { input });
      assert.equal(r.code, 0, `kubectl ${args.join(" ")}:\n${r.stderr}`);
      return r.stdout;
    };
    assert.match(ok(["get", "ns"]), /^kube-system\s+Active/m);
    ok(["create", "configmap", "on-etcd", "--from-literal=k=v"]);
    const rv = ok(["get", "cm", "on-etcd", "-o", "jsonpath={.metadata.resourceVersion}"]);
    ok(["label", "cm", "on-etcd", "x=y"]);
    const stream = ok([
      "get",
      "--raw",
      `/api/v1/namespaces/default/configmaps?watch=1&resourceVersion=${rv}&timeoutSeconds=1`,
    ]);
    assert.match(stream, /"type":"MODIFIED".*"x":"y"/);
    const dataDir = c.dataDir;
    await c.stop({ keepData: true });
    c = await startCluster({ dataDir, extraArgs: ["--datastore-endpoint", etcd.endpoint] });
    assert.equal(ok(["get", "cm", "on-etcd", "-o", "jsonpath={.metadata.labels.x}"]), "y");
    // etcd's disk metrics are etcd's (on its own /metrics): not reported here as empty.
    const metrics = ok(["get", "--raw", "/metrics"]);
    assert.match(metrics, /^apiserver_request_total\{/m);
    assert.doesNotMatch(metrics, /etcd_disk_wal_fsync_duration_seconds/);
  });
});
