/**
 * What a client sees of the server itself: authentication, health, discovery documents,
 * OpenAPI negotiation, strict field validation, optimistic concurrency, watch semantics
 * (initial events, bookmarks, 410 Gone after compaction) and allocation under concurrency.
 */
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { Agent } from "node:https";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { type Cluster, call, startCluster, tlsOf } from "./helpers/k8ts.js";

/** One line of a watch response. */
interface WatchLine {
  type: string;
  object: {
    apiVersion?: string;
    kind?: string;
    metadata: {
      name?: string;
      resourceVersion?: string;
      labels?: Record<string, string>;
      annotations?: Record<string, string>;
    };
    data?: Record<string, string>;
  };
}

const watchLines = (body: string): WatchLine[] =>
  body
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l) as WatchLine);

describe("server basics", () => {
  let c: Cluster;
  let server: URL;
  let admin: Agent;
  let anon: Agent;
  const ok = (args: string[], input?: string) => {
    const r = c.kubectl(args, { input });
    assert.equal(r.code, 0, `kubectl ${args.join(" ")}:\n${r.stderr}`);
    return r.stdout;
  };
  before(async () => {
    c = await startCluster();
    const t = tlsOf(c.kubeconfig);
    server = new URL(t.server);
    admin = new Agent({ ca: t.ca, cert: t.cert, key: t.key, keepAlive: true, maxSockets: 16 });
    anon = new Agent({ ca: t.ca, keepAlive: true });
  });
  after(async () => {
    admin?.destroy();
    anon?.destroy();
    await c?.stop();
  });

  it("answers anonymous requests with 401 except health and version; accepts the bearer token", async () => {
    const denied = await call(server, anon, "GET", "/api/v1/namespaces");
    assert.equal(denied.status, 401);
    assert.equal(JSON.parse(denied.body).reason, "Unauthorized");
    for (const p of ["/healthz", "/livez", "/readyz", "/version"])
      assert.equal((await call(server, anon, "GET", p)).status, 200, p);
    assert.match((await call(server, anon, "GET", "/readyz?verbose")).body, /readyz check passed/);
    const token = readFileSync(join(c.dataDir, "tls", "token"), "utf8").trim();
    const withToken = await call(server, anon, "GET", "/api/v1/namespaces", {
      headers: { Authorization: `Bearer ${token}` },
    });
    assert.equal(withToken.status, 200);
    const badToken = await call(server, anon, "GET", "/api/v1/namespaces", {
      headers: { Authorization: "Bearer nope" },
    });
    assert.equal(badToken.status, 401);
  });

  it("serves aggregated and legacy discovery, and OpenAPI v2 as JSON or protobuf", async () => {
    const agg = await call(server, admin, "GET", "/apis", {
      headers: {
        Accept: "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json",
      },
    });
    assert.match(
      String(agg.headers["content-type"]),
      /g=apidiscovery\.k8s\.io;v=v2;as=APIGroupDiscoveryList/,
    );
    const groups = JSON.parse(agg.body).items.map((g: { metadata: { name: string } }) => g.metadata.name);
    assert.ok(groups.includes("apps") && groups.includes("autoscaling"), groups.join());
    const legacy = JSON.parse(
      (await call(server, admin, "GET", "/apis", { headers: { Accept: "application/json" } })).body,
    );
    assert.equal(legacy.kind, "APIGroupList");
    const v1 = JSON.parse((await call(server, admin, "GET", "/api/v1")).body);
    assert.ok(v1.resources.some((r: { name: string }) => r.name === "pods/status"));
    const pb = await call(server, admin, "GET", "/openapi/v2", {
      headers: { Accept: "application/com.github.proto-openapi.spec.v2@v1.0+protobuf" },
    });
    assert.equal(pb.status, 200);
    assert.match(String(pb.headers["content-type"]), /protobuf/);
    const json = await call(server, admin, "GET", "/openapi/v2", { headers: { Accept: "application/json" } });
    assert.equal(JSON.parse(json.body).swagger, "2.0");
    assert.match((await call(server, admin, "GET", "/metrics")).body, /apiserver_request_total\{/);
  });

  it("reports the embedded store's WAL fsync and checkpoint latencies under etcd's metric names", () => {
    const count = (metrics: string, name: string) =>
      Number(new RegExp(`^${name}_count (\\d+)$`, "m").exec(metrics)?.[1] ?? Number.NaN);
    const before = ok(["get", "--raw", "/metrics"]);
    // Three ConfigMaps of 600 KB: past the ~1 MiB of writes after which the store checkpoints.
    const big = join(c.dataDir, "big.txt");
    writeFileSync(big, "x".repeat(600_000));
    for (const n of ["big-1", "big-2", "big-3"]) ok(["create", "configmap", n, `--from-file=data=${big}`]);
    const metrics = ok(["get", "--raw", "/metrics"]);
    assert.match(metrics, /^# TYPE etcd_disk_wal_fsync_duration_seconds histogram$/m);
    assert.match(metrics, /^etcd_disk_wal_fsync_duration_seconds_bucket\{le="0\.001"\} \d+$/m);
    assert.match(metrics, /^etcd_disk_wal_fsync_duration_seconds_bucket\{le="8\.192"\} \d+$/m);
    const wal = "etcd_disk_wal_fsync_duration_seconds";
    assert.ok(
      count(metrics, wal) >= count(before, wal) + 3,
      `${wal}: ${count(before, wal)} -> ${count(metrics, wal)}`,
    );
    const backend = "etcd_disk_backend_commit_duration_seconds";
    assert.ok(count(metrics, backend) >= 1, `${backend}_count: ${count(metrics, backend)}`);
  });

  it("rejects unknown fields under strict validation and stale updates with 409", () => {
    const bad = c.kubectl(["apply", "-f", "-"], {
      input: "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: strict\ndata:\n  a: b\ndatta:\n  c: d\n",
    });
    assert.notEqual(bad.code, 0);
    // As upstream's create: the decoder's error, after the kind it could not decode.
    assert.match(
      bad.stderr,
      /ConfigMap in version "v1" cannot be handled as a ConfigMap: strict decoding error: unknown field "datta"/,
    );
    ok(["create", "configmap", "cas", "--from-literal=a=1"]);
    const stale = JSON.parse(ok(["get", "cm", "cas", "-o", "json"]));
    ok(["label", "cm", "cas", "moved=yes"]);
    stale.data.a = "2";
    const r = c.kubectl(["replace", "-f", "-"], { input: JSON.stringify(stale) });
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /Operation cannot be fulfilled on configmaps "cas": the object has been modified/);
  });

  it("never hands out one NodePort or ClusterIP twice under concurrent creates", async () => {
    const body = (i: number) =>
      JSON.stringify({
        apiVersion: "v1",
        kind: "Service",
        metadata: { name: `conc-${i}` },
        spec: { type: "NodePort", selector: { app: "x" }, ports: [{ port: 80 }] },
      });
    const replies = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        call(server, admin, "POST", "/api/v1/namespaces/default/services", {
          body: body(i),
          headers: { "Content-Type": "application/json" },
        }),
      ),
    );
    for (const r of replies) assert.equal(r.status, 201, r.body);
    const specs = replies.map(
      (r) => JSON.parse(r.body).spec as { clusterIP: string; ports: { nodePort: number }[] },
    );
    assert.equal(new Set(specs.map((s) => s.clusterIP)).size, 40);
    assert.equal(new Set(specs.map((s) => s.ports[0]!.nodePort)).size, 40);
    ok(["delete", "svc", ...Array.from({ length: 40 }, (_, i) => `conc-${i}`)]);
  });

  it("deletes a collection by label selector", async () => {
    for (const [n, tier] of [
      ["dc-a", "x"],
      ["dc-b", "x"],
      ["dc-c", "y"],
    ]) {
      ok(["create", "configmap", n!, "--from-literal=a=b"]);
      ok(["label", "cm", n!, `tier=${tier}`]);
    }
    const r = await call(
      server,
      admin,
      "DELETE",
      "/api/v1/namespaces/default/configmaps?labelSelector=tier%3Dx",
    );
    assert.equal(r.status, 200, r.body);
    assert.equal(ok(["get", "cm", "-l", "tier", "-o", "name"]).trim(), "configmap/dc-c");
  });

  it("lists consistently: own writes at once, every page of a paged list at the first page's revision", async () => {
    const json = { "Content-Type": "application/json" };
    const ns = "/api/v1/namespaces/default/configmaps";
    const get = async (path: string, accept = "application/json") => {
      const r = await call(server, admin, "GET", path, { headers: { Accept: accept } });
      assert.equal(r.status, 200, r.body);
      return JSON.parse(r.body);
    };
    const names = (l: { items: { metadata: { name: string } }[] }) => l.items.map((o) => o.metadata.name);
    for (let i = 0; i < 6; i++) {
      const r = await call(server, admin, "POST", ns, {
        body: JSON.stringify({ metadata: { name: `pg-${i}`, labels: { pg: i % 2 ? "odd" : "even" } } }),
        headers: json,
      });
      assert.equal(r.status, 201, r.body);
      // Read-your-writes: a list right after the create shows it.
      assert.ok(names(await get(`${ns}?labelSelector=pg`)).includes(`pg-${i}`));
    }
    const first = await get(`${ns}?labelSelector=pg&limit=2`);
    assert.deepEqual(names(first), ["pg-0", "pg-1"]);
    assert.equal(first.metadata.remainingItemCount, undefined, "not counted under a selector");
    const plain = await get(`${ns}?limit=2`);
    assert.ok(plain.metadata.continue && plain.metadata.remainingItemCount > 0);
    // Changes after the first page are not seen by the following pages.
    await call(server, admin, "DELETE", `${ns}/pg-2`);
    await call(server, admin, "POST", ns, {
      body: JSON.stringify({ metadata: { name: "pg-2a", labels: { pg: "new" } } }),
      headers: json,
    });
    const seen = names(first);
    let cont = first.metadata.continue as string | undefined;
    while (cont) {
      const page = await get(`${ns}?labelSelector=pg&limit=2&continue=${encodeURIComponent(cont)}`);
      assert.equal(page.metadata.resourceVersion, first.metadata.resourceVersion);
      seen.push(...names(page));
      cont = page.metadata.continue;
    }
    assert.deepEqual(seen, ["pg-0", "pg-1", "pg-2", "pg-3", "pg-4", "pg-5"]);
    // Pages after the change, from the start: the new state; also as a Table, filtered.
    assert.deepEqual(names(await get(`${ns}?labelSelector=pg`)), [
      "pg-0",
      "pg-1",
      "pg-2a",
      "pg-3",
      "pg-4",
      "pg-5",
    ]);
    const table = await get(
      `${ns}?labelSelector=pg%3Dodd&limit=2`,
      "application/json;as=Table;v=v1;g=meta.k8s.io,application/json",
    );
    assert.deepEqual(
      table.rows.map((r: { cells: unknown[] }) => r.cells[0]),
      ["pg-1", "pg-3"],
    );
    const rest = await get(
      `${ns}?labelSelector=pg%3Dodd&limit=2&continue=${encodeURIComponent(table.metadata.continue)}`,
    );
    assert.deepEqual(names(rest), ["pg-5"]);
    assert.equal(rest.metadata.continue, undefined);
    const bad = await call(server, admin, "GET", `${ns}?limit=2&continue=nonsense`);
    assert.equal(bad.status, 400, bad.body);
  });

  it("sends each watcher its events through its selector, with the object as stored at that revision", async () => {
    const path = "/api/v1/namespaces/default/configmaps?watch=1&timeoutSeconds=2";
    // Two watchers of the same events: one of all ConfigMaps, one through a label selector.
    const all = call(server, admin, "GET", path);
    const tier = call(server, admin, "GET", `${path}&labelSelector=tier%3Dweb`);
    await new Promise((r) => setTimeout(r, 300));
    ok(["create", "configmap", "w1", "--from-literal=a=1"]);
    ok(["label", "configmap", "w1", "tier=web"]);
    ok(["annotate", "configmap", "w1", "note=x"]);
    ok(["label", "configmap", "w1", "tier=db", "--overwrite"]);
    ok(["label", "configmap", "w1", "tier=web", "--overwrite"]);
    ok(["delete", "configmap", "w1"]);
    const events = (body: string) =>
      watchLines(body)
        .filter((e) => e.object.metadata.name === "w1")
        .map((e) => ({
          type: e.type,
          rv: Number(e.object.metadata.resourceVersion),
          tier: e.object.metadata.labels?.tier,
          kind: `${e.object.apiVersion}/${e.object.kind}`,
          data: e.object.data?.a,
        }));
    const a = events((await all).body);
    const t = events((await tier).body);
    assert.deepEqual(
      a.map((e) => `${e.type}:${e.tier}`),
      ["ADDED:undefined", "MODIFIED:web", "MODIFIED:web", "MODIFIED:db", "MODIFIED:web", "DELETED:web"],
    );
    // Through the selector: entering it is ADDED, leaving it DELETED (with the object as it left).
    assert.deepEqual(
      t.map((e) => `${e.type}:${e.tier}`),
      ["ADDED:web", "MODIFIED:web", "DELETED:db", "ADDED:web", "DELETED:web"],
    );
    for (const e of [...a, ...t]) {
      assert.equal(e.kind, "v1/ConfigMap");
      assert.equal(e.data, "1");
    }
    // resourceVersions rise, and both watchers saw the same ones for the same changes.
    assert.deepEqual(
      a.map((e) => e.rv),
      [...a.map((e) => e.rv)].sort((x, y) => x - y),
    );
    assert.equal(new Set(a.map((e) => e.rv)).size, a.length);
    assert.deepEqual(
      t.map((e) => e.rv),
      a.slice(1).map((e) => e.rv),
    );
  });

  it("sends initial events and a bookmark when asked", async () => {
    ok(["create", "configmap", "initial", "--from-literal=a=1"]);
    const r = await call(
      server,
      admin,
      "GET",
      "/api/v1/namespaces/default/configmaps?watch=1&sendInitialEvents=true&allowWatchBookmarks=true&resourceVersionMatch=NotOlderThan&timeoutSeconds=1",
    );
    const events = watchLines(r.body);
    assert.ok(events.some((e) => e.type === "ADDED" && e.object.metadata.name === "initial"));
    const bm = events.find((e) => e.type === "BOOKMARK");
    assert.equal(bm?.object.metadata.annotations?.["k8s.io/initial-events-end"], "true");
  });
});

describe("watch after compaction", () => {
  it("answers a watch from a compacted resourceVersion with 410 Gone", async () => {
    const flags = ["--etcd-compaction-interval", "300ms", "--compaction-keep-revisions", "1"];
    let c = await startCluster({ extraArgs: flags });
    try {
      const ok = (args: string[]) => {
        const r = c.kubectl(args);
        assert.equal(r.code, 0, r.stderr);
        return r.stdout;
      };
      ok(["create", "configmap", "old", "--from-literal=a=1"]);
      const rv = ok(["get", "cm", "old", "-o", "jsonpath={.metadata.resourceVersion}"]);
      for (let i = 2; i < 6; i++) ok(["label", "cm", "old", `v=${i}`, "--overwrite"]);
      const dataDir = c.dataDir;
      await c.stop({ keepData: true });
      c = await startCluster({ dataDir, extraArgs: flags });
      ok(["create", "configmap", "new", "--from-literal=a=1"]);
      let gone = "";
      for (let i = 0; i < 50 && !gone; i++) {
        await new Promise((r) => setTimeout(r, 200));
        const out = c.kubectl([
          "get",
          "--raw",
          `/api/v1/namespaces/default/configmaps?watch=1&resourceVersion=${rv}&timeoutSeconds=1`,
        ]).stdout;
        if (out.includes('"type":"ERROR"')) gone = out;
      }
      assert.match(gone, /"code":410/);
      assert.match(gone, /too old resource version/);
    } finally {
      await c.stop();
    }
  });
});
