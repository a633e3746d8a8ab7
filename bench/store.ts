/**
 * Store benchmark: the embedded SQLite store against a real etcd, in one run, with equal
 * durability (etcd fsyncs every commit by default; the SQLite store commits with
 * synchronous=FULL), both on the same file system, all traffic on loopback.
 *
 * `npm run bench -- store`. Every loop is bounded. The last line printed is the ratio of
 * concurrent-create throughput, SQLite over etcd.
 */
import { execFileSync } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { cpus, tmpdir, totalmem } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { openEtcdStore } from "../src/storage/etcd/index.js";
import { openSqliteStore } from "../src/storage/sqlite/index.js";
import { ConflictError, type Store } from "../src/storage/types.js";
import { startEtcd } from "../test/helpers/etcd.js";

const SEQUENTIAL_CREATES = 2_000;
const CONCURRENT_CREATES = 10_000;
const CONCURRENCY = 64;
const CAS_KEYS = 100;
const CAS_UPDATES = 5_000;
const LIST_LIMIT = 500;
const LIST_ROUNDS = 5;
const WATCH_RATE = 1_000; // writes per second
const WATCH_SECONDS = 3;

/** About 1 KiB of JSON, the size of a small Kubernetes object. */
const VALUE = JSON.stringify({ kind: "ConfigMap", data: { payload: "x".repeat(960) } });

interface Row {
  readonly backend: string;
  readonly workload: string;
  readonly opsPerSec: number;
  readonly latenciesMs: number[];
}

const notes: string[] = [];

function percentile(latencies: readonly number[], q: number): number {
  const sorted = [...latencies].sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
}

async function timed<T>(latencies: number[], fn: () => Promise<T>): Promise<T> {
  const t0 = performance.now();
  const out = await fn();
  latencies.push(performance.now() - t0);
  return out;
}

/** Runs `workers` loops that each take the next of `total` indexes until none is left. */
async function pool(workers: number, total: number, fn: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: workers }, async () => {
      while (next < total) await fn(next++);
    }),
  );
}

async function sequentialCreates(backend: string, store: Store): Promise<Row> {
  const lat: number[] = [];
  const t0 = performance.now();
  for (let i = 0; i < SEQUENTIAL_CREATES; i++) await timed(lat, () => store.create(`/bench/seq/${i}`, VALUE));
  const s = (performance.now() - t0) / 1000;
  return {
    backend,
    workload: `sequential create x${SEQUENTIAL_CREATES}`,
    opsPerSec: SEQUENTIAL_CREATES / s,
    latenciesMs: lat,
  };
}

async function concurrentCreates(backend: string, store: Store): Promise<Row> {
  const lat: number[] = [];
  const t0 = performance.now();
  await pool(CONCURRENCY, CONCURRENT_CREATES, async (i) => {
    await timed(lat, () => store.create(`/bench/many/${String(i).padStart(5, "0")}`, VALUE));
  });
  const s = (performance.now() - t0) / 1000;
  return {
    backend,
    workload: `concurrent create x${CONCURRENT_CREATES}, ${CONCURRENCY}-way`,
    opsPerSec: CONCURRENT_CREATES / s,
    latenciesMs: lat,
  };
}

async function casUpdates(backend: string, store: Store): Promise<Row> {
  for (let k = 0; k < CAS_KEYS; k++) await store.create(`/bench/cas/${k}`, "0");
  const lat: number[] = [];
  let conflicts = 0;
  const t0 = performance.now();
  // Random keys (seeded, so both backends see the same sequence): concurrent workers collide.
  let seed = 42;
  const nextRandom = (n: number) => {
    seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
    return seed % n;
  };
  await pool(CONCURRENCY, CAS_UPDATES, async () => {
    const key = `/bench/cas/${nextRandom(CAS_KEYS)}`;
    await timed(lat, async () => {
      for (let attempt = 0; attempt < 1_000; attempt++) {
        const { kv } = await store.get(key);
        if (!kv) throw new Error(`${key} vanished`);
        try {
          await store.update(key, String(Number(kv.value) + 1), { expectedModRevision: kv.modRevision });
          return;
        } catch (err) {
          if (!(err instanceof ConflictError)) throw err;
          conflicts++;
        }
      }
      throw new Error(`${key}: too many conflicts`);
    });
  });
  const s = (performance.now() - t0) / 1000;
  notes.push(`${backend}: CAS updates retried ${conflicts} times on conflict (${CAS_UPDATES} succeeded)`);
  return {
    backend,
    workload: `CAS update x${CAS_UPDATES}, ${CAS_KEYS} keys, ${CONCURRENCY}-way`,
    opsPerSec: CAS_UPDATES / s,
    latenciesMs: lat,
  };
}

/** Lists the keys written by concurrentCreates; one op is one page. */
async function pagedList(backend: string, store: Store): Promise<Row> {
  const lat: number[] = [];
  let pages = 0;
  const t0 = performance.now();
  for (let round = 0; round < LIST_ROUNDS; round++) {
    let token: string | undefined;
    let seen = 0;
    for (let page = 0; page <= CONCURRENT_CREATES / LIST_LIMIT; page++) {
      const res = await timed(lat, () => store.range("/bench/many/", { limit: LIST_LIMIT, continue: token }));
      seen += res.items.length;
      pages++;
      token = res.continue;
      if (!token) break;
    }
    if (seen !== CONCURRENT_CREATES) throw new Error(`listed ${seen} keys, expected ${CONCURRENT_CREATES}`);
  }
  const s = (performance.now() - t0) / 1000;
  return {
    backend,
    workload: `paged list ${CONCURRENT_CREATES} keys, limit ${LIST_LIMIT} (op = page)`,
    opsPerSec: pages / s,
    latenciesMs: lat,
  };
}

/** Writes at a steady rate (open loop) and measures write start to event delivered. */
async function watchLatency(backend: string, store: Store): Promise<Row> {
  const total = WATCH_RATE * WATCH_SECONDS;
  const sentAt = new Map<string, number>();
  const lat: number[] = [];
  const watcher = await store.watch(
    "/bench/watch/",
    { afterRevision: await store.currentRevision() },
    (ev) => {
      const t = sentAt.get(ev.kv.key);
      if (t !== undefined) lat.push(performance.now() - t);
    },
  );
  const inflight = new Set<Promise<unknown>>();
  const t0 = performance.now();
  let issued = 0;
  while (issued < total) {
    const due = Math.min(total, Math.floor(((performance.now() - t0) / 1000) * WATCH_RATE));
    while (issued < due && inflight.size < 2_000) {
      const key = `/bench/watch/${issued++}`;
      sentAt.set(key, performance.now());
      const p: Promise<unknown> = store.create(key, VALUE).finally(() => inflight.delete(p));
      inflight.add(p);
    }
    await new Promise((r) => setTimeout(r, 1));
  }
  await Promise.all(inflight);
  const deadline = performance.now() + 30_000;
  while (lat.length < total && performance.now() < deadline) await new Promise((r) => setTimeout(r, 5));
  const s = (performance.now() - t0) / 1000;
  watcher.close();
  if (lat.length < total) throw new Error(`${backend}: only ${lat.length} of ${total} watch events arrived`);
  return {
    backend,
    workload: `watch latency, ${WATCH_RATE} writes/s for ${WATCH_SECONDS} s`,
    opsPerSec: total / s,
    latenciesMs: lat,
  };
}

async function run(backend: string, store: Store): Promise<Row[]> {
  const rows: Row[] = [];
  try {
    for (const workload of [sequentialCreates, concurrentCreates, casUpdates, pagedList, watchLatency]) {
      rows.push(await workload(backend, store));
    }
  } finally {
    await store.close();
  }
  return rows;
}

function versionOf(cmd: string, args: readonly string[]): string {
  try {
    return execFileSync(cmd, args, { encoding: "utf8" }).split("\n")[0] ?? "";
  } catch {
    return "unknown";
  }
}

function table(rows: readonly Row[]): string {
  const cells = [
    ["backend", "workload", "ops/s", "p50 ms", "p99 ms"],
    ...rows.map((r) => [
      r.backend,
      r.workload,
      r.opsPerSec.toFixed(0),
      percentile(r.latenciesMs, 0.5).toFixed(2),
      percentile(r.latenciesMs, 0.99).toFixed(2),
    ]),
  ];
  const widths = cells[0]!.map((_, c) => Math.max(...cells.map((row) => row[c]!.length)));
  const line = (row: readonly string[]) =>
    `| ${row.map((cell, c) => (c >= 2 ? cell.padStart(widths[c]!) : cell.padEnd(widths[c]!))).join(" | ")} |`;
  const rule = `|${widths.map((w, c) => (c >= 2 ? `${"-".repeat(w + 1)}:` : "-".repeat(w + 2))).join("|")}|`;
  return [line(cells[0]!), rule, ...cells.slice(1).map(line)].join("\n");
}

async function main(): Promise<void> {
  console.log(
    `store benchmark: node ${process.version}, ${cpus().length} CPUs, ${(totalmem() / 2 ** 30).toFixed(1)} GiB, ` +
      `${versionOf(process.env.ETCD_BIN ?? "/usr/bin/etcd", ["--version"])}`,
  );
  const dir = await mkdtemp(join(tmpdir(), "k8ts-bench-store-"));
  const rows: Row[] = [];
  try {
    rows.push(...(await run("sqlite", await openSqliteStore({ file: join(dir, "state.db") }))));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  const etcd = await startEtcd();
  try {
    rows.push(...(await run("etcd", await openEtcdStore({ endpoints: [etcd.endpoint] }))));
  } finally {
    await etcd.stop();
  }
  console.log(table(rows));
  for (const note of notes) console.log(note);
  const concurrent = (backend: string) =>
    rows.find((r) => r.backend === backend && r.workload.startsWith("concurrent create"))!.opsPerSec;
  console.log(
    `store sqlite/etcd concurrent-create throughput ratio: ${(concurrent("sqlite") / concurrent("etcd")).toFixed(2)}`,
  );
}

await main();
