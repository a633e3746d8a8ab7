/**
 * Thousands of malformed and random requests: every one is answered with a 4xx Status, the
 * server stays up, and stored data is unchanged.
 */
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { connect, constants } from "node:http2";
import { Agent } from "node:https";
import { after, before, describe, it } from "node:test";
import { type Cluster, call, type Reply, startCluster, tlsOf } from "./helpers/k8ts.js";

describe("fuzz", () => {
  let c: Cluster;
  let agent: Agent;
  let server: URL;
  const send = (
    method: string,
    path: string,
    body?: Buffer | string,
    contentType = "application/json",
  ): Promise<Reply> =>
    call(server, agent, method, path, { body, headers: { "Content-Type": contentType } }).catch((e) => {
      throw new Error(`${method} ${path} ${contentType} ${String(body).slice(0, 40)}: ${e.message}`);
    });

  before(async () => {
    c = await startCluster();
    const t = tlsOf(c.kubeconfig);
    server = new URL(t.server);
    agent = new Agent({ ca: t.ca, cert: t.cert, key: t.key, keepAlive: true, maxSockets: 8 });
    const r = c.kubectl(["create", "configmap", "keep", "--from-literal=a=b"]);
    assert.equal(r.code, 0, r.stderr);
  });
  after(async () => {
    agent?.destroy();
    await c?.stop();
  });

  const snapshot = () => {
    const r = c.kubectl([
      "get",
      "cm,svc,ns",
      "-A",
      "-o",
      "jsonpath={range .items[*]}{.kind}/{.metadata.name}@{.metadata.resourceVersion} {end}",
    ]);
    assert.equal(r.code, 0, r.stderr);
    return r.stdout.split(" ").sort().join(" ");
  };

  it("answers every malformed request with a 4xx Status and changes nothing", async () => {
    const before = snapshot();
    const paths = [
      "/api/v1/namespaces/default/configmaps",
      "/api/v1/namespaces/default/pods",
      "/api/v1/namespaces/default/services",
      "/apis/apps/v1/namespaces/default/deployments",
      "/api/v1/namespaces",
    ];
    const deep = "[".repeat(50_000) + "]".repeat(50_000);
    const bodies: (() => Buffer | string)[] = [
      () => "{",
      () => "null",
      () => "[]",
      () => "42",
      () => '"str"',
      () => randomBytes(64),
      () => Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d]),
      () => deep,
      () => JSON.stringify({ apiVersion: "v2", kind: "Pod", metadata: { name: "x" } }),
      () => JSON.stringify({ apiVersion: "v1", kind: "Nope", metadata: { name: "x" } }),
      () => JSON.stringify({ apiVersion: "v1", kind: "ConfigMap", metadata: "x" }),
      () => JSON.stringify({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "Bad_Name!" } }),
      () =>
        JSON.stringify({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "x", namespace: "other" } }),
      () => JSON.stringify({ metadata: { name: "keep", resourceVersion: "1" }, data: { a: 1 } }),
      () => JSON.stringify({ __proto__: { polluted: true }, metadata: { name: "" } }),
      () => "a: [b\n c: d",
    ];
    const types = [
      "application/json",
      "application/yaml",
      "text/plain",
      "application/x-www-form-urlencoded",
      "application/merge-patch+json",
      "application/json-patch+json",
      "application/strategic-merge-patch+json",
    ];
    let n = 0;
    const start = Date.now();
    const failures: string[] = [];
    for (let i = 0; i < 3000 && Date.now() - start < 120_000; i++) {
      const method = ["POST", "PUT", "PATCH"][i % 3]!;
      const base = paths[i % paths.length]!;
      const path =
        method === "POST" ? base : `${base}/keep${i % 7 === 0 ? "" : randomBytes(3).toString("hex")}`;
      const body = bodies[(i * 7) % bodies.length]!();
      const type = types[(i * 3) % types.length]!;
      const r = await send(method, path, body, type);
      n++;
      if (r.status < 400 || r.status >= 500)
        failures.push(`${method} ${path} ${type} -> ${r.status} ${r.body.slice(0, 200)}`);
      else {
        const s = JSON.parse(r.body) as { kind?: string; code?: number };
        if (s.kind !== "Status" || s.code !== r.status)
          failures.push(`${method} ${path} -> not a Status: ${r.body.slice(0, 200)}`);
      }
    }
    // Random paths and methods with garbage names.
    for (let i = 0; i < 500; i++) {
      const seg = () => encodeURIComponent(randomBytes(1 + (i % 9)).toString("base64"));
      const path =
        ["/api", "/apis", "/api/v1", "/apis/apps/v1", "/openapi/v3"][i % 5] +
        `/${seg()}/${seg()}`.repeat(1 + (i % 3));
      const method = ["GET", "DELETE", "POST", "PUT", "PATCH"][i % 5]!;
      const r = await send(method, path, "{}");
      n++;
      if (r.status < 400 || r.status >= 500)
        failures.push(`${method} ${path} -> ${r.status} ${r.body.slice(0, 200)}`);
    }
    const big = await send("POST", paths[0]!, Buffer.alloc(4 * 1024 * 1024, 0x20));
    assert.equal(big.status, 413);
    assert.deepEqual(failures.slice(0, 10), []);
    assert.ok(n > 1000);
    assert.equal((await send("GET", "/healthz")).status, 200);
    assert.equal(snapshot(), before);
  });

  it("does the same over HTTP/2, and survives streams reset mid-body and mid-watch", async () => {
    const before = snapshot();
    const t = tlsOf(c.kubeconfig);
    const session = connect(t.server, { ca: t.ca, cert: t.cert, key: t.key });
    const h2 = (method: string, path: string, body?: Buffer | string): Promise<Omit<Reply, "headers">> =>
      new Promise((resolve, reject) => {
        const req = session.request({ ":method": method, ":path": path, "content-type": "application/json" });
        let status = 0;
        const chunks: Buffer[] = [];
        req.on("response", (h) => {
          status = Number(h[":status"]);
        });
        req.on("data", (d: Buffer) => chunks.push(d));
        req.on("end", () => resolve({ status, body: Buffer.concat(chunks).toString("utf8") }));
        req.on("error", reject);
        req.end(body);
      });
    try {
      const failures: string[] = [];
      const bodies = [
        "{",
        "null",
        "42",
        randomBytes(64),
        '{"apiVersion":"v1","kind":"Nope"}',
        "[".repeat(5000),
      ];
      // Concurrent streams on one connection, as Go clients send them.
      const replies = await Promise.all(
        Array.from({ length: 300 }, (_, i) =>
          h2(
            ["POST", "PUT", "PATCH"][i % 3]!,
            `/api/v1/namespaces/default/configmaps${i % 3 ? "/keep" : ""}`,
            bodies[i % bodies.length],
          ),
        ),
      );
      for (const r of replies) {
        const s = JSON.parse(r.body) as { kind?: string; code?: number };
        if (r.status < 400 || r.status >= 500 || s.kind !== "Status" || s.code !== r.status)
          failures.push(`${r.status} ${r.body.slice(0, 200)}`);
      }
      assert.deepEqual(failures.slice(0, 10), []);
      assert.equal(
        (await h2("POST", "/api/v1/namespaces/default/configmaps", Buffer.alloc(4 << 20, 0x20))).status,
        413,
      );
      // Reset by the client half way through a body, and while watching.
      for (let i = 0; i < 20; i++) {
        const half = session.request({ ":method": "POST", ":path": "/api/v1/namespaces/default/configmaps" });
        half.on("error", () => {});
        half.write('{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"half');
        const watch = session.request({ ":path": "/api/v1/namespaces/default/configmaps?watch=1" });
        watch.on("error", () => {});
        watch.on("data", () => {});
        await new Promise((r) => setTimeout(r, 5));
        half.close(constants.NGHTTP2_CANCEL);
        watch.close(constants.NGHTTP2_CANCEL);
      }
      const ok = await h2("GET", "/api/v1/namespaces/default/configmaps/keep");
      assert.equal(ok.status, 200, ok.body);
    } finally {
      session.close();
    }
    assert.equal(snapshot(), before);
  });
});
