/**
 * Starts the real `bin/k8ts server` on a free port with a temp data dir, and runs the real
 * kubectl against it with its own kubeconfig and discovery cache.
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { mkdtempSync, openSync, readFileSync, rmSync } from "node:fs";
import { type Agent, request } from "node:https";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const root = resolve(import.meta.dirname, "../../..");
export const k8tsBin = join(root, "bin/k8ts");

/** The node flags bin/k8ts runs with (its `#!/usr/bin/env -S node ...` line). */
export function k8tsNodeFlags(): string[] {
  const first = readFileSync(k8tsBin, "utf8").split("\n", 1)[0] ?? "";
  const m = /^#!\/usr\/bin\/env -S node(.*)$/.exec(first);
  return m ? m[1]!.split(" ").filter(Boolean) : [];
}

export interface Cluster {
  readonly dataDir: string;
  readonly kubeconfig: string;
  readonly port: number;
  readonly child: ChildProcess;
  /** Runs kubectl (default /usr/bin/kubectl); never throws on a non-zero exit. */
  kubectl(
    args: readonly string[],
    opts?: { input?: string; bin?: string; env?: Record<string, string> },
  ): KubectlResult;
  /** Stops the server (SIGTERM, then SIGKILL) and, unless `keepData`, removes its data dir. */
  stop(opts?: { keepData?: boolean }): Promise<void>;
}

export interface KubectlResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export interface StartOptions {
  /** Reuse a data dir (restart tests). */
  readonly dataDir?: string;
  readonly extraArgs?: readonly string[];
}

export async function startCluster(opts: StartOptions = {}): Promise<Cluster> {
  const dataDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), "k8ts-test-"));
  const kubeconfig = join(dataDir, "kubeconfig.yaml");
  const cacheDir = join(dataDir, "kubectl-cache");
  const child = spawn(
    process.execPath,
    [
      ...k8tsNodeFlags(),
      // K8TS_NODE_ARGS: extra node flags for the server, e.g. "--cpu-prof" when profiling a benchmark.
      ...(process.env.K8TS_NODE_ARGS?.split(" ").filter(Boolean) ?? []),
      k8tsBin,
      "server",
      "--data-dir",
      dataDir,
      "--https-listen-port",
      "0",
      "--bind-address",
      "127.0.0.1",
      ...(opts.extraArgs ?? []),
    ],
    {
      // K8TS_SERVER_STDOUT: a file for the server's stdout (e.g. node's --trace-gc lines when profiling).
      stdio: [
        "ignore",
        process.env.K8TS_SERVER_STDOUT ? openSync(process.env.K8TS_SERVER_STDOUT, "w") : "ignore",
        "pipe",
      ],
    },
  );
  let stderr = "";
  const port = await new Promise<number>((resolvePort, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`k8ts server did not start in 30 s:\n${stderr}`)),
      30_000,
    );
    child.stderr!.on("data", (d: Buffer) => {
      stderr += d.toString();
      const m = /listening on port (\d+)/.exec(stderr);
      if (m) {
        clearTimeout(timer);
        resolvePort(Number(m[1]));
      }
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`k8ts server exited with ${code}:\n${stderr}`));
    });
  });
  const kubectl = (
    args: readonly string[],
    o: { input?: string; bin?: string; env?: Record<string, string> } = {},
  ): KubectlResult => {
    const r = spawnSync(o.bin ?? "/usr/bin/kubectl", ["--kubeconfig", kubeconfig, ...args], {
      input: o.input,
      encoding: "utf8",
      timeout: 60_000,
      env: { ...process.env, KUBECACHEDIR: cacheDir, HOME: dataDir, ...o.env },
    });
    return { code: r.status ?? -1, stdout: r.stdout ?? "", stderr: r.stderr ?? "" };
  };
  const stop = async (s: { keepData?: boolean } = {}) => {
    if (child.exitCode === null) {
      const exited = new Promise((r) => child.once("exit", r));
      child.kill("SIGTERM");
      const t = setTimeout(() => child.kill("SIGKILL"), 5000);
      await exited;
      clearTimeout(t);
    }
    if (!s.keepData) rmSync(dataDir, { recursive: true, force: true });
  };
  return { dataDir, kubeconfig, port, child, kubectl, stop };
}

/** TLS material of a kubeconfig written by k8ts (for raw HTTPS requests in tests). */
export function tlsOf(kubeconfig: string): { ca: string; cert: string; key: string; server: string } {
  const text = readFileSync(kubeconfig, "utf8");
  const field = (name: string) =>
    Buffer.from(new RegExp(`${name}: (\\S+)`).exec(text)?.[1] ?? "", "base64").toString("utf8");
  return {
    ca: field("certificate-authority-data"),
    cert: field("client-certificate-data"),
    key: field("client-key-data"),
    server: /server: (\S+)/.exec(text)?.[1] ?? "",
  };
}

/** A raw HTTPS reply. */
export interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** One raw HTTPS request through `agent` (keep-alive, client certificate) to `server`. */
export function call(
  server: URL,
  agent: Agent,
  method: string,
  path: string,
  opts: { body?: string | Buffer; headers?: Record<string, string> } = {},
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: server.hostname,
        port: server.port,
        method,
        path,
        agent,
        headers: opts.headers,
        timeout: 30_000,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (d: Buffer) => chunks.push(d));
        res.on("end", () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString("utf8"),
          }),
        );
      },
    );
    req.on("error", reject);
    req.on("timeout", () => req.destroy(new Error(`timeout ${method} ${path}`)));
    if (opts.body) req.write(opts.body);
    req.end();
  });
}
