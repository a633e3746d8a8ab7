/**
 * `npm run bench -- api`: the real `k8ts server` (child process, temp data dir, SQLite store)
 * measured over HTTPS/HTTP2 with 100 concurrent clients: creates/s of ConfigMaps and Pods with
 * p50/p99 latency, listing 10,000 pods (full and paged, JSON and Table), and watch fan-out
 * (1,000 watchers). All traffic stays on loopback; every loop is bounded in count and time.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { type ClientHttp2Session, connect } from "node:http2";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startCluster, tlsOf } from "../test/helpers/k8ts.js";
import {
  CHECKPOINT,
  diskNote,
  histogramQuantile,
  parseCreateHistogram,
  parseGauge,
  parseHistogram,
  WAL_FSYNC,
} from "./lib/metrics.js";
import { machineProbe } from "./lib/probe.js";

const CLIENTS = 100;
const SESSIONS = 4;
const TABLE = "application/json;as=Table;v=v1;g=meta.k8s.io,application/json";

interface Row {
  name: string;
  ops: number;
  seconds: number;
  p50?: number;
  p99?: number;
  note?: string;
  /** CPU used during the workload, in % of one core: server, and this benchmark client. */
  cpu?: { server: number; client: number };
}

/** CPU time (user + system) a process has used so far, in ms (Linux: /proc/PID/stat, 100 Hz ticks). */
function processCpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8")
    .replace(/^.*\) /, "")
    .split(" ");
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/** Starts a CPU meter for the server process and this process; `read(ms)` gives % of one core. */
function cpuMeter(serverPid: number): (elapsedMs: number) => { server: number; client: number } {
  const s0 = processCpuMs(serverPid);
  const c0 = process.cpuUsage();
  return (elapsedMs) => {
    const c = process.cpuUsage(c0);
    return {
      server: (100 * (processCpuMs(serverPid) - s0)) / elapsedMs,
      client: (100 * (c.user + c.system)) / 1000 / elapsedMs,
    };
  };
}

const median = (values: number[]) =>
  pct(
    [...values].sort((a, b) => a - b),
    50,
  );

function pct(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

/** A small Pod with one container, as the creates send it. */
const pod = (name: string) => ({
  apiVersion: "v1",
  kind: "Pod",
  metadata: { name, labels: { app: "bench" } },
  spec: { containers: [{ name: "c", image: "busybox", ports: [{ containerPort: 80 }] }] },
});

async function main(): Promise<void> {
  const probeAtStart = machineProbe();
  const cluster = await startCluster();
  const tls = tlsOf(cluster.kubeconfig);
  const serverPid = cluster.child.pid!;
  const sessions: ClientHttp2Session[] = [];
  for (let i = 0; i < SESSIONS; i++) {
    // Flow-control windows as Go's HTTP/2 transport (kubectl, client-go) sets them: 4 MiB per
    // stream, 1 GiB for the connection. Node's defaults (64 KiB) would make a large list wait for
    // a window update every 64 KiB.
    const session = connect(tls.server, {
      ca: tls.ca,
      cert: tls.cert,
      key: tls.key,
      settings: { enablePush: false, initialWindowSize: 4 << 20 },
    });
    session.on("connect", () => session.setLocalWindowSize(1 << 30));
    sessions.push(session);
  }
  let rr = 0;
  const call = (
    method: string,
    path: string,
    body?: unknown,
    accept = "application/json",
  ): Promise<{ status: number; body: string; firstByteMs: number; lastByteMs: number }> =>
    new Promise((resolve, reject) => {
      const started = performance.now();
      let firstByteMs = 0;
      const s = sessions[rr++ % sessions.length]!;
      const req = s.request({ ":method": method, ":path": path, "content-type": "application/json", accept });
      const chunks: Buffer[] = [];
      let status = 0;
      req.on("response", (h) => {
        status = Number(h[":status"]);
      });
      req.on("data", (d: Buffer) => {
        if (chunks.length === 0) firstByteMs = performance.now() - started;
        chunks.push(d);
      });
      req.on("end", () => {
        const lastByteMs = performance.now() - started;
        resolve({ status, body: Buffer.concat(chunks).toString("utf8"), firstByteMs, lastByteMs });
      });
      req.on("error", reject);
      req.setTimeout(60_000, () => req.close());
      if (body !== undefined) req.end(JSON.stringify(body));
      else req.end();
    });

  const rows: Row[] = [];
  const metrics = async () => (await call("GET", "/metrics", undefined, "text/plain")).body;
  /** What /metrics says of a create row: the server's latency histogram and its disk syncs. */
  const snapshot = async (resource: string) => {
    const m = await metrics();
    return {
      creates: parseCreateHistogram(m, resource),
      fsyncs: parseHistogram(m, WAL_FSYNC),
      checkpoints: parseHistogram(m, CHECKPOINT),
      // Since the previous read (the row's start): how late the event loop ran a 10 ms timer.
      loopDelayP99: parseGauge(m, "nodejs_eventloop_lag_p99_seconds"),
    };
  };
  type Snapshot = Awaited<ReturnType<typeof snapshot>>;
  /** The server's side of a create row: its p99 and share <= 50 ms, its CPU per create, its fsyncs. */
  const serverNote = (
    before: Snapshot,
    after: Snapshot,
    cpuPercent: number,
    seconds: number,
    ops: number,
  ) => {
    const s = histogramQuantile(before.creates, after.creates, 0.99, 0.05);
    // Server CPU per create (all its threads: the event loop, GC helpers, the fsync thread).
    const perOp = (cpuPercent * 10 * seconds * 1000) / Math.max(1, ops);
    return [
      `server p99 ${(s.seconds * 1000).toFixed(0)} ms, ${(100 * s.under).toFixed(1)}% <= 50 ms, CPU ${perOp.toFixed(0)} us/op`,
      after.loopDelayP99 === undefined ? "" : `loop delay p99 ${(after.loopDelayP99 * 1000).toFixed(0)} ms`,
      diskNote("WAL fsync", before.fsyncs, after.fsyncs),
      diskNote("checkpoint", before.checkpoints, after.checkpoints),
    ]
      .filter(Boolean)
      .join("; ");
  };
  const creates = async (
    name: string,
    total: number,
    make: (i: number) => [string, unknown],
    resource = "",
  ) => {
    const before = resource ? await snapshot(resource) : undefined;
    const lat: number[] = [];
    let next = 0;
    let failed = 0;
    const t0 = performance.now();
    const cpu = cpuMeter(serverPid);
    const deadline = t0 + 120_000;
    await Promise.all(
      Array.from({ length: CLIENTS }, async () => {
        while (next < total && performance.now() < deadline) {
          const i = next++;
          const [path, body] = make(i);
          const s = performance.now();
          const r = await call("POST", path, body);
          lat.push(performance.now() - s);
          if (r.status !== 201) failed++;
        }
      }),
    );
    const seconds = (performance.now() - t0) / 1000;
    const used = cpu(seconds * 1000);
    lat.sort((a, b) => a - b);
    const server = before
      ? serverNote(before, await snapshot(resource), used.server, seconds, lat.length)
      : "";
    rows.push({
      name,
      ops: lat.length,
      seconds,
      cpu: used,
      p50: pct(lat, 50),
      p99: pct(lat, 99),
      note: [failed ? `${failed} failed` : "", server].filter(Boolean).join("; "),
    });
  };

  // Warm-up (not reported): the JIT compiles the hot paths during the first few thousand
  // requests of each kind; measuring from a cold start would mostly measure compilation (the
  // first second of pod creates ran at half the later rate). Both measured kinds are warmed.
  await call("POST", "/api/v1/namespaces", {
    apiVersion: "v1",
    kind: "Namespace",
    metadata: { name: "warmup" },
  });
  await creates("warm-up", 3000, (i) => [
    "/api/v1/namespaces/warmup/configmaps",
    { apiVersion: "v1", kind: "ConfigMap", metadata: { name: `w-${i}` }, data: { k: "v" } },
  ]);
  await creates("warm-up", 3000, (i) => ["/api/v1/namespaces/warmup/pods", pod(`w-${i}`)]);
  rows.length = 0;

  await creates(
    "create configmap",
    5000,
    (i) => [
      "/api/v1/namespaces/default/configmaps",
      { apiVersion: "v1", kind: "ConfigMap", metadata: { name: `cm-${i}` }, data: { k: "v" } },
    ],
    "configmaps",
  );
  await creates("create pod", 10_000, (i) => ["/api/v1/namespaces/default/pods", pod(`pod-${i}`)], "pods");

  // For full lists: when the first and the last byte of the body arrived. Up to the last byte is
  // the server's part (and the transfer); the rest of a row's time is this client's own work,
  // mostly JSON.parse of 16 MB.
  const firstBytes: number[] = [];
  const lastBytes: number[] = [];
  const timed = async (name: string, runs: number, fn: () => Promise<number>) => {
    const lat: number[] = [];
    firstBytes.length = 0;
    lastBytes.length = 0;
    let items = 0;
    const t0 = performance.now();
    const cpu = cpuMeter(serverPid);
    for (let i = 0; i < runs; i++) {
      const s = performance.now();
      items = await fn();
      lat.push(performance.now() - s);
    }
    lat.sort((a, b) => a - b);
    rows.push({
      name,
      ops: runs,
      seconds: (performance.now() - t0) / 1000,
      cpu: cpu(performance.now() - t0),
      p50: pct(lat, 50),
      p99: pct(lat, 99),
      note: `${items} items${
        firstBytes.length
          ? `, first byte p50 ${median(firstBytes).toFixed(0)} ms, last byte p50 ${median(lastBytes).toFixed(0)} ms`
          : ""
      }`,
    });
  };
  const count = (body: string, key: "items" | "rows") =>
    (JSON.parse(body) as Record<string, unknown[]>)[key]?.length ?? 0;
  const full = async (accept: string, key: "items" | "rows") => {
    const r = await call("GET", "/api/v1/namespaces/default/pods", undefined, accept);
    firstBytes.push(r.firstByteMs);
    lastBytes.push(r.lastByteMs);
    return count(r.body, key);
  };
  await timed("list 10k pods (json, full)", 5, () => full("application/json", "items"));
  await timed("list 10k pods (table, full)", 5, () => full(TABLE, "rows"));
  await timed("list 10k pods (json, paged 500)", 5, async () => {
    let n = 0;
    let cont = "";
    for (let page = 0; page < 100; page++) {
      const r = JSON.parse(
        (
          await call(
            "GET",
            `/api/v1/namespaces/default/pods?limit=500${cont ? `&continue=${encodeURIComponent(cont)}` : ""}`,
          )
        ).body,
      ) as {
        items: unknown[];
        metadata: { continue?: string };
      };
      n += r.items.length;
      cont = r.metadata.continue ?? "";
      if (!cont) break;
    }
    return n;
  });
  await timed("list 10k pods (table, paged 500)", 5, async () => {
    let n = 0;
    let cont = "";
    for (let page = 0; page < 100; page++) {
      const path = `/api/v1/namespaces/default/pods?limit=500${cont ? `&continue=${encodeURIComponent(cont)}` : ""}`;
      const r = JSON.parse((await call("GET", path, undefined, TABLE)).body) as {
        rows: unknown[];
        metadata: { continue?: string };
      };
      n += r.rows.length;
      cont = r.metadata.continue ?? "";
      if (!cont) break;
    }
    return n;
  });

  // Watch fan-out: 1,000 watchers on configmaps in a fresh namespace, then 100 writes. The
  // watches start at the namespace's current revision once its kube-root-ca.crt ConfigMap (which
  // every namespace gets) exists, so that they see the 100 writes and nothing else.
  await call("POST", "/api/v1/namespaces", {
    apiVersion: "v1",
    kind: "Namespace",
    metadata: { name: "fan" },
  });
  for (let i = 0; i < 100; i++) {
    if ((await call("GET", "/api/v1/namespaces/fan/configmaps/kube-root-ca.crt")).status === 200) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  const fanRevision = (
    JSON.parse((await call("GET", "/api/v1/namespaces/fan/configmaps")).body) as {
      metadata: { resourceVersion: string };
    }
  ).metadata.resourceVersion;
  const WATCHERS = 1000;
  const WRITES = 100;
  let delivered = 0;
  let lastAt = 0;
  const streams: { close(): void }[] = [];
  let opened = 0;
  const allOpen = new Promise<void>((resolve) => {
    for (let i = 0; i < WATCHERS; i++) {
      const s = sessions[i % sessions.length]!;
      const req = s.request({
        ":path": `/api/v1/namespaces/fan/configmaps?watch=1&timeoutSeconds=120&resourceVersion=${fanRevision}`,
        accept: "application/json",
      });
      req.on("response", () => {
        if (++opened === WATCHERS) resolve();
      });
      let buf = "";
      req.on("data", (d: Buffer) => {
        buf += d.toString();
        let nl = buf.indexOf("\n");
        while (nl >= 0) {
          buf = buf.slice(nl + 1);
          delivered++;
          lastAt = performance.now();
          nl = buf.indexOf("\n");
        }
      });
      req.on("error", () => {});
      streams.push(req);
    }
  });
  await Promise.race([allOpen, new Promise((r) => setTimeout(r, 60_000))]);
  const w0 = performance.now();
  const wCpu = cpuMeter(serverPid);
  for (let i = 0; i < WRITES; i++) {
    await call("POST", "/api/v1/namespaces/fan/configmaps", {
      apiVersion: "v1",
      kind: "ConfigMap",
      metadata: { name: `f-${i}` },
    });
  }
  const want = WATCHERS * WRITES;
  const wDeadline = performance.now() + 60_000;
  while (delivered < want && performance.now() < wDeadline) await new Promise((r) => setTimeout(r, 20));
  const wSeconds = ((lastAt || performance.now()) - w0) / 1000;
  rows.push({
    name: `watch fan-out (${opened} watchers x ${WRITES} writes)`,
    ops: delivered,
    seconds: wSeconds,
    cpu: wCpu(wSeconds * 1000),
    note: `${delivered}/${want} events`,
  });
  for (const s of streams) s.close();
  // The same creates from h2load (nghttp2's HTTP/2 load generator, written in C) when it is
  // installed: 100 concurrent streams over 4 connections as above, from a client that has no
  // garbage collector and uses a fraction of the CPU, so the gap between its latencies and the
  // Node client's is the Node client's own share. Its bodies use generateName (h2load sends one
  // body for all requests), in their own namespace. They run last, so that the rows above
  // measure a server holding what they always did.
  const h2load = spawnSync("h2load", ["--version"], { encoding: "utf8" });
  if (h2load.status === 0) {
    await call("POST", "/api/v1/namespaces", {
      apiVersion: "v1",
      kind: "Namespace",
      metadata: { name: "peer" },
    });
    const token = readFileSync(join(cluster.dataDir, "tls", "token"), "utf8").trim();
    const work = mkdtempSync(join(tmpdir(), "k8ts-h2load-"));
    const peer = async (name: string, total: number, resource: string, body: unknown) => {
      const bodyFile = join(work, "body.json");
      const logFile = join(work, "requests.log");
      writeFileSync(bodyFile, JSON.stringify(body));
      rmSync(logFile, { force: true });
      const before = await snapshot(resource);
      const t0 = performance.now();
      const cpu = cpuMeter(serverPid);
      // h2load authenticates with the admin bearer token (it sends no client certificate).
      const run = spawnSync(
        "h2load",
        [
          ...["-n", String(total), "-c", String(SESSIONS), "-m", String(CLIENTS / SESSIONS), "-t", "1"],
          ...["-d", bodyFile, "-H", "content-type: application/json", "-H", `authorization: Bearer ${token}`],
          ...["--log-file", logFile, `${tls.server}/api/v1/namespaces/peer/${resource}`],
        ],
        { encoding: "utf8", timeout: 120_000 },
      );
      const seconds = (performance.now() - t0) / 1000;
      const used = cpu(seconds * 1000);
      // One line per request: start (us since the epoch), status, time to the response (us).
      const lines = run.status === 0 ? readFileSync(logFile, "utf8").trim().split("\n") : [];
      const ok = lines.map((l) => l.split("\t")).filter((f) => f[1] === "201");
      const lat = ok.map((f) => Number(f[2]) / 1000).sort((a, b) => a - b);
      const failed = total - lat.length;
      rows.push({
        name,
        ops: lat.length,
        seconds,
        cpu: { server: used.server, client: Number.NaN },
        p50: pct(lat, 50),
        p99: pct(lat, 99),
        note: [
          failed
            ? `${failed} failed${run.status === 0 ? "" : ` (h2load exited ${run.status}: ${String(run.stderr || run.error).trim()})`}`
            : "",
          serverNote(before, await snapshot(resource), used.server, seconds, lat.length),
        ]
          .filter(Boolean)
          .join("; "),
      });
    };
    await peer("create configmap (h2load)", 5000, "configmaps", {
      apiVersion: "v1",
      kind: "ConfigMap",
      metadata: { generateName: "cm-" },
      data: { k: "v" },
    });
    const { name: _name, ...podMeta } = pod("").metadata;
    await peer("create pod (h2load)", 10_000, "pods", {
      ...pod(""),
      metadata: { generateName: "pod-", ...podMeta },
    });
    rmSync(work, { recursive: true, force: true });
  } else {
    console.error("h2load not found (Debian: nghttp2-client): the h2load rows are left out");
  }
  for (const s of sessions) s.close();
  await cluster.stop();
  const probeAtEnd = machineProbe();

  const pad = (s: string, n: number) => s.padEnd(n);
  const num = (n: number | undefined, d = 1) => (n === undefined ? "" : n.toFixed(d));
  console.log(
    `${pad("workload", 46)} ${pad("ops", 8)} ${pad("ops/s", 10)} ${pad("p50 ms", 9)} ${pad("p99 ms", 9)} ${pad("cpu% srv/cli", 13)} note`,
  );
  for (const r of rows) {
    console.log(
      `${pad(r.name, 46)} ${pad(String(r.ops), 8)} ${pad(num(r.ops / r.seconds, 0), 10)} ${pad(num(r.p50), 9)} ${pad(num(r.p99), 9)} ${pad(r.cpu ? `${num(r.cpu.server, 0)}/${Number.isNaN(r.cpu.client) ? "-" : num(r.cpu.client, 0)}` : "", 13)} ${r.note ?? ""}`,
    );
  }
  console.log(
    `machine probe (fixed JSON work, CPU ms; lower is faster): ${probeAtStart.toFixed(0)} before, ${probeAtEnd.toFixed(0)} after`,
  );
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
