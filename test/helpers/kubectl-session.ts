/**
 * What the workflow tests need beyond startCluster: a describe block's cluster and kubectl
 * session, kubectl runs that must succeed or fail, bounded polling, long-running kubectl
 * processes (`get -w`) and editor scripts.
 */
import assert from "node:assert/strict";
import { type ChildProcess, spawn } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before } from "node:test";
import { type Cluster, type KubectlResult, startCluster } from "./k8ts.js";

export interface Session {
  /** Runs kubectl; asserts exit code 0 and returns stdout. */
  ok(args: readonly string[], input?: string): string;
  /** Runs kubectl; asserts a non-zero exit code and returns stderr. */
  fails(args: readonly string[], input?: string): string;
  /** Runs kubectl with extra environment variables; never asserts. */
  run(args: readonly string[], opts?: { input?: string; env?: Record<string, string> }): KubectlResult;
}

/**
 * kubectl against `c`, with temporary files (kubectl edit/diff) kept in the data dir and no
 * user-level diff or editor settings leaking in from the environment.
 */
export function session(c: Cluster): Session {
  const base = { TMPDIR: c.dataDir, KUBECTL_EXTERNAL_DIFF: "", KUBE_EDITOR: "", EDITOR: "" };
  const run: Session["run"] = (args, opts = {}) =>
    c.kubectl(args, { input: opts.input, env: { ...base, ...opts.env } });
  return {
    run,
    ok(args, input) {
      const r = run(args, { input });
      assert.equal(r.code, 0, `kubectl ${args.join(" ")} failed (${r.code}):\n${r.stderr}${r.stdout}`);
      return r.stdout;
    },
    fails(args, input) {
      const r = run(args, { input });
      assert.notEqual(r.code, 0, `kubectl ${args.join(" ")} should fail:\n${r.stdout}`);
      return r.stderr;
    },
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Polls `probe` until it returns something other than undefined/false, at most `tries` times
 * (default 120 × 250 ms); fails with the last observation otherwise.
 */
export async function eventually<T>(
  what: string,
  probe: () => T | undefined | false,
  opts: { tries?: number; intervalMs?: number } = {},
): Promise<T> {
  const tries = opts.tries ?? 120;
  for (let i = 0; ; i++) {
    const v = probe();
    if (v !== undefined && v !== false) return v;
    if (i + 1 >= tries) assert.fail(`gave up waiting: ${what}`);
    await sleep(opts.intervalMs ?? 250);
  }
}

/** A kubectl process that keeps running (`kubectl get -w`), whose output is collected. */
export interface LongRun {
  stdout(): string;
  /** Waits (at most `timeoutMs`, default 30 s) until stdout matches `re`. */
  until(re: RegExp, timeoutMs?: number): Promise<void>;
  /** Ends the process (SIGTERM) and waits for it to exit. */
  stop(): Promise<void>;
}

export function spawnKubectl(c: Cluster, args: readonly string[]): LongRun {
  const child: ChildProcess = spawn("/usr/bin/kubectl", ["--kubeconfig", c.kubeconfig, ...args], {
    env: { ...process.env, KUBECACHEDIR: join(c.dataDir, "kubectl-cache"), HOME: c.dataDir },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  let err = "";
  let exited = false;
  const waiters = new Set<() => void>();
  const poke = () => {
    for (const w of waiters) w();
  };
  child.stdout!.on("data", (d: Buffer) => {
    out += d.toString();
    poke();
  });
  child.stderr!.on("data", (d: Buffer) => {
    err += d.toString();
  });
  const exit = new Promise<void>((r) =>
    child.once("exit", () => {
      exited = true;
      poke();
      r();
    }),
  );
  return {
    stdout: () => out,
    until(re, timeoutMs = 30_000) {
      return new Promise<void>((resolve, reject) => {
        const check = () => {
          if (re.test(out)) done(undefined);
          else if (exited) done(new Error(`kubectl ${args.join(" ")} exited before printing ${re}`));
        };
        const timer = setTimeout(
          () => done(new Error(`kubectl ${args.join(" ")} did not print ${re} in ${timeoutMs} ms`)),
          timeoutMs,
        );
        const done = (e: Error | undefined) => {
          clearTimeout(timer);
          waiters.delete(check);
          if (e) reject(new Error(`${e.message}\nstdout:\n${out}\nstderr:\n${err}`));
          else resolve();
        };
        waiters.add(check);
        check();
      });
    },
    async stop() {
      if (!exited) {
        child.kill("SIGTERM");
        await exit;
      }
    },
  };
}

/** Writes an executable `#!/bin/sh` script into the data dir and returns its path. */
export function script(c: Cluster, name: string, body: string): string {
  const path = join(c.dataDir, name);
  writeFileSync(path, `#!/bin/sh\nset -e\n${body}\n`, { mode: 0o755 });
  return path;
}

/** A describe block's cluster, started before its tests and stopped after them. */
export interface SuiteCluster {
  /** The cluster (only once the block's `before` has run). */
  readonly c: Cluster;
  /** kubectl against it (see `session`). */
  readonly k: Session;
  /** `kubectl ARGS -o json`, parsed. */
  json(args: readonly string[]): ReturnType<typeof JSON.parse>;
}

/** Registers before/after hooks in the current describe block for one cluster and its session. */
export function useCluster(): SuiteCluster {
  let cluster: Cluster | undefined;
  let s: Session | undefined;
  before(async () => {
    cluster = await startCluster();
    s = session(cluster);
  });
  after(async () => {
    await cluster?.stop();
  });
  const k: Session = {
    ok: (args, input) => s!.ok(args, input),
    fails: (args, input) => s!.fails(args, input),
    run: (args, opts) => s!.run(args, opts),
  };
  return {
    get c() {
      return cluster!;
    },
    k,
    json: (args) => JSON.parse(k.ok([...args, "-o", "json"])),
  };
}
