/**
 * An acknowledged write survives kill -9: a child process writes as fast as it can and reports
 * each acknowledged write; it is killed at a random moment; every reported write must be in the
 * reopened file with the revision it was acknowledged with, and revisions never go backwards.
 * (Power loss cannot be tested here; see the durability comments in sqlite/open.ts and batch.ts.)
 */
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { fileURLToPath } from "node:url";
import { openSqliteStore } from "../src/storage/sqlite/index.js";

const WRITER = fileURLToPath(new URL("./fixtures/writer.js", import.meta.url));
const RUNS = 20;

interface Ack {
  readonly op: "put" | "del";
  readonly key: string;
  readonly revision: number;
  readonly value?: string;
}

const dirs: string[] = [];
after(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

/** Runs the writer against `file`, SIGKILLs it `killAfterMs` after it is ready; returns its acks. */
function runAndKill(
  file: string,
  run: number,
  killAfterMs: number,
): Promise<{ acks: Ack[]; killed: boolean }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [WRITER, file, String(run)], { stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let err = "";
    let timer: NodeJS.Timeout | undefined;
    child.stdout.setEncoding("utf8");
    child.stdout.on("data", (chunk: string) => {
      if (timer === undefined && (out + chunk).startsWith("ready\n")) {
        timer = setTimeout(() => child.kill("SIGKILL"), killAfterMs);
      }
      out += chunk;
    });
    child.stderr.setEncoding("utf8");
    child.stderr.on("data", (chunk: string) => {
      err += chunk;
    });
    child.on("error", reject);
    child.on("close", (_code, signal) => {
      clearTimeout(timer);
      if (signal !== "SIGKILL") {
        reject(new Error(`writer exited on its own (signal ${signal}): ${err}`));
        return;
      }
      // Only whole lines count: the last one may have been cut by the kill.
      const lines = out.split("\n").slice(0, -1);
      const acks = lines.slice(1).map((line): Ack => {
        const [op, key, rev, value] = line.split(" ");
        return { op: op as Ack["op"], key: key!, revision: Number(rev), value };
      });
      resolve({ acks, killed: true });
    });
  });
}

test(`acknowledged writes survive kill -9 (${RUNS} runs)`, async () => {
  const dir = await mkdtemp(join(tmpdir(), "k8ts-kill9-"));
  dirs.push(dir);
  const file = join(dir, "state.db");
  let floor = 0; // every revision handed out so far is <= floor
  let total = 0;
  for (let run = 0; run < RUNS; run++) {
    const { acks } = await runAndKill(file, run, 200 + Math.floor(Math.random() * 600));
    assert.ok(acks.length > 0, `run ${run}: the writer acknowledged some writes before it was killed`);
    total += acks.length;

    const store = await openSqliteStore({ file });
    try {
      const maxAcked = Math.max(...acks.map((a) => a.revision));
      const head = await store.currentRevision();
      assert.ok(
        head >= maxAcked,
        `run ${run}: current revision ${head} is behind acknowledged ${maxAcked}: writes lost`,
      );
      for (const ack of acks) {
        assert.ok(
          ack.revision > floor,
          `run ${run}: ${ack.key} got revision ${ack.revision}, reused (<= ${floor})`,
        );
        const at = await store.get(ack.key, { revision: ack.revision });
        if (ack.op === "put") {
          assert.equal(at.kv?.modRevision, ack.revision, `run ${run}: acknowledged write of ${ack.key} lost`);
          assert.equal(at.kv?.value, ack.value);
        } else {
          assert.equal(at.kv, undefined, `run ${run}: acknowledged delete of ${ack.key} lost`);
          const before = await store.get(ack.key, { revision: ack.revision - 1 });
          assert.ok(
            before.kv !== undefined,
            `run ${run}: ${ack.key} was deleted before its acknowledged delete`,
          );
        }
      }
      const probe = await store.create(`/probe/${run}`, "p");
      assert.equal(probe.modRevision, head + 1, `run ${run}: the next write continues after ${head}`);
      floor = probe.modRevision;
    } finally {
      await store.close();
    }
  }
  assert.ok(total > RUNS * 10, `too few writes acknowledged to mean anything (${total})`);
});
