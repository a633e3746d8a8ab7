import assert from "node:assert/strict";
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import type { WatchEvent } from "../types.js";
import { type GroupCommitDeps, GroupCommitter, type RevisionState } from "./batch.js";
import { systemClock } from "./clock.js";
import { createOp } from "./create.js";
import { checkpointUnsynced, openDatabase } from "./open.js";
import { prepareStatements } from "./statements.js";

const dir = mkdtempSync(join(tmpdir(), "k8ts-batch-"));
after(() => rmSync(dir, { recursive: true, force: true }));

/** A committer on a new database file; `deps` replaces the parts a test watches. */
function committerOn(name: string, deps: Partial<GroupCommitDeps>) {
  const file = join(dir, name);
  const db = openDatabase({ file, lockTimeoutMs: 1000, verify: false });
  const stmts = prepareStatements(db);
  const readState = (): RevisionState => ({ revision: stmts.sequence.get() ?? 0, compacted: 0 });
  const committer = new GroupCommitter({
    file,
    stmts,
    clock: systemClock,
    state: readState(),
    reload: readState,
    sync: (done) => setTimeout(() => done(null), 1),
    syncNow: () => {},
    checkpoint: () => checkpointUnsynced(db),
    syncDb: (done) => setTimeout(() => done(null), 1),
    syncDbNow: () => {},
    committed: () => {},
    ...deps,
  });
  return { file, db, committer };
}

describe("group commit with the fsync off the event loop", () => {
  test("acknowledges a write and sends its event only after its sync; a failed sync fails the write and every later one", async () => {
    const delivered: WatchEvent[] = [];
    let syncs = 0;
    let failNext = false;
    const { db, committer } = committerOn("state.db", {
      sync: (done) => {
        syncs++;
        const fail = failNext;
        setTimeout(() => done(fail ? new Error("EIO: i/o error (simulated)") : null), 5);
      },
      committed: (events) => delivered.push(...events),
    });
    try {
      // Several writes in one turn share one batch and one sync.
      const first = await Promise.all(["/a", "/b", "/c"].map((k) => committer.submit(createOp(k, "v", {}))));
      assert.equal(syncs, 1);
      assert.deepEqual(
        delivered.map((e) => e.kv.key),
        ["/a", "/b", "/c"],
      );
      assert.ok(first.every((kv, i) => kv.modRevision === first[0]!.modRevision + i));

      failNext = true;
      const failed = committer.submit(createOp("/d", "v", {}));
      let settled = false;
      const mark = () => {
        settled = true;
      };
      failed.then(mark, mark);
      await new Promise((r) => setTimeout(r, 1));
      assert.equal(settled, false, "settled before its sync finished");
      await assert.rejects(failed, /could not be synced to disk/);
      assert.ok(!delivered.some((e) => e.kv.key === "/d"), "an unsynced write's event was sent");

      failNext = false;
      await assert.rejects(
        committer.submit(createOp("/e", "v", {})),
        /refusing further writes until restarted/,
      );
    } finally {
      db.close();
    }
  });
});

test("checkpoints after about a MiB of writes, once they are on disk, and cuts no batch until the database file is synced", async () => {
  const log: string[] = [];
  let dbSynced: (() => void) | undefined;
  const { file, db, committer } = committerOn("checkpoint.db", {
    sync: (done) => {
      log.push("wal sync");
      setTimeout(() => done(null), 1);
    },
    checkpoint: () => {
      log.push("checkpoint");
      checkpointUnsynced(db);
    },
    syncDb: (done) => {
      log.push("db sync");
      dbSynced = () => {
        log.push("db synced");
        done(null);
      };
    },
  });
  try {
    const value = "x".repeat(64 * 1024);
    // 20 x 64 KiB in one batch: past the threshold once its sync is done.
    await Promise.all(
      Array.from({ length: 20 }, (_, i) => committer.submit(createOp(`/big/${i}`, value, {}), value.length)),
    );
    assert.deepEqual(log, ["wal sync", "checkpoint", "db sync"]);
    assert.ok(statSync(file).size > 20 * 64 * 1024, "the WAL was not copied into the database file");
    // A write while the database file is being synced waits for it.
    const late = committer.submit(createOp("/late", "v", {}), 1);
    await new Promise((r) => setTimeout(r, 20));
    assert.deepEqual(
      log,
      ["wal sync", "checkpoint", "db sync"],
      "a batch was committed before the database file was synced",
    );
    dbSynced!();
    const kv = await late;
    assert.deepEqual(log, ["wal sync", "checkpoint", "db sync", "db synced", "wal sync"]);
    assert.equal(kv.key, "/late");
    // Every write is readable (the WAL started over after the checkpoint).
    const stmts = prepareStatements(db);
    assert.equal(stmts.sequence.get(), kv.modRevision);
  } finally {
    committer.drain();
    db.close();
  }
});
