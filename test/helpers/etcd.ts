/**
 * Starts a real, single-member etcd (the Debian `etcd` binary, v3.4) for tests and benchmarks.
 *
 * It listens on 127.0.0.1 only, on free ports, with its own temporary data directory, and
 * keeps etcd's default durability (fsync on every commit). Only the process started here is
 * ever signalled.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer, type Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface StartEtcdOptions {
  /** The etcd binary (default `/usr/bin/etcd`, or `$ETCD_BIN`). */
  readonly binary?: string;
  /**
   * etcd's `--max-request-bytes`. Default 2 MiB: etcd's own default (1.5 MiB) counts the whole
   * request, so a value of exactly the store's 1.5 MiB limit would not fit; kube deployments
   * raise it the same way.
   */
  readonly maxRequestBytes?: number;
  /** How long to wait for etcd to answer its health check (ms, default 30 s). */
  readonly startTimeoutMs?: number;
}

export interface EtcdServer {
  /** The client URL, `http://127.0.0.1:PORT`. */
  readonly endpoint: string;
  /** The member's data directory (removed by stop()). */
  readonly dataDir: string;
  /** Stops etcd (SIGTERM) and starts it again on the same ports and data. */
  restart(): Promise<void>;
  /** Stops etcd (SIGTERM, SIGKILL after 10 s) and removes its data directory. Idempotent. */
  stop(): Promise<void>;
}

/** Pids of running etcds started here, killed if the process exits without stop(). */
const running = new Set<number>();
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on("exit", () => {
    for (const pid of running) {
      try {
        process.kill(pid, "SIGKILL");
      } catch {
        // already gone
      }
    }
  });
}

async function freePort(): Promise<number> {
  return await new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const addr = srv.address();
      const port = typeof addr === "object" && addr !== null ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

interface Running {
  readonly child: ChildProcess;
  readonly exited: Promise<number | null>;
  readonly log: () => string;
}

function launch(binary: string, args: readonly string[]): Running {
  const child = spawn(binary, args, { stdio: ["ignore", "pipe", "pipe"] });
  let tail = "";
  const keep = (chunk: Buffer) => {
    tail = (tail + chunk.toString("utf8")).slice(-16_384);
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  // Neither the child nor its pipes keep a test process alive if it forgets stop().
  child.unref();
  (child.stdout as Socket | null)?.unref();
  (child.stderr as Socket | null)?.unref();
  const exited = new Promise<number | null>((resolve) => {
    child.once("exit", (code) => {
      if (child.pid !== undefined) running.delete(child.pid);
      resolve(code);
    });
    child.once("error", (err) => {
      keep(Buffer.from(`\nspawn failed: ${err.message}\n`));
      resolve(null);
    });
  });
  if (child.pid !== undefined) running.add(child.pid);
  return { child, exited, log: () => tail };
}

async function waitHealthy(endpoint: string, proc: Running, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exitCode: number | null | undefined;
  void proc.exited.then((c) => {
    exitCode = c;
  });
  while (Date.now() < deadline) {
    if (exitCode !== undefined) {
      throw new Error(`etcd exited (code ${exitCode}) before answering:\n${proc.log()}`);
    }
    try {
      const res = await fetch(`${endpoint}/health`, { signal: AbortSignal.timeout(1000) });
      const body = (await res.json()) as { health?: string };
      if (res.ok && body.health === "true") return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`etcd did not answer at ${endpoint} within ${timeoutMs} ms:\n${proc.log()}`);
}

async function terminate(proc: Running): Promise<void> {
  if (proc.child.exitCode !== null || proc.child.signalCode !== null) return;
  proc.child.kill("SIGTERM");
  const timer = setTimeout(() => proc.child.kill("SIGKILL"), 10_000);
  await proc.exited;
  clearTimeout(timer);
}

/** Starts etcd and resolves once it answers its health check. */
export async function startEtcd(opts: StartEtcdOptions = {}): Promise<EtcdServer> {
  installExitHook();
  const binary = opts.binary ?? process.env.ETCD_BIN ?? "/usr/bin/etcd";
  const timeoutMs = opts.startTimeoutMs ?? 30_000;
  const dataDir = await mkdtemp(join(tmpdir(), "k8ts-etcd-"));
  let lastError: unknown;
  // A port found free can be taken before etcd binds it; try a few fresh pairs.
  for (let attempt = 0; attempt < 3; attempt++) {
    const clientPort = await freePort();
    const peerPort = await freePort();
    const endpoint = `http://127.0.0.1:${clientPort}`;
    const peer = `http://127.0.0.1:${peerPort}`;
    const args = [
      "--name=k8ts-test",
      `--data-dir=${join(dataDir, "member")}`,
      `--listen-client-urls=${endpoint}`,
      `--advertise-client-urls=${endpoint}`,
      `--listen-peer-urls=${peer}`,
      `--initial-advertise-peer-urls=${peer}`,
      `--initial-cluster=k8ts-test=${peer}`,
      "--initial-cluster-state=new",
      `--max-request-bytes=${opts.maxRequestBytes ?? 2 * 1024 * 1024}`,
      "--logger=zap",
      "--log-outputs=stderr",
      "--log-level=warn",
    ];
    let proc = launch(binary, args);
    try {
      await waitHealthy(endpoint, proc, timeoutMs);
    } catch (err) {
      lastError = err;
      await terminate(proc);
      await rm(join(dataDir, "member"), { recursive: true, force: true });
      continue;
    }
    let stopped = false;
    return {
      endpoint,
      dataDir,
      async restart() {
        if (stopped) throw new Error("etcd was stopped");
        await terminate(proc);
        proc = launch(binary, args);
        await waitHealthy(endpoint, proc, timeoutMs);
      },
      async stop() {
        if (stopped) return;
        stopped = true;
        await terminate(proc);
        await rm(dataDir, { recursive: true, force: true });
      },
    };
  }
  await rm(dataDir, { recursive: true, force: true });
  throw lastError instanceof Error ? lastError : new Error(String(lastError));
}
