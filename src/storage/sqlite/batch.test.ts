import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import type { WatchEvent } from "../types.js";
import { GroupCommitter, type RevisionState } from "./batch.js";
import { systemClock } from "./clock.js";
import { createOp } from "./create.js";
import { openDatabase } from "./open.js";
import { prepareStatements } from "./statements.js";

const dir = mkdtempSync(join(tmpdir(), "k8ts-batch-"));
after(() => rmSync(dir, { recursive: true, force: true }));

describe("group commit with the fsync off the event loop", () => {
  test("acknowledges a write and sends its event only after its sync; a failed sync fails the write and every later one", async () => {
    const file = join(dir, "state.db");
    const db = openDatabase({ file, lockTimeoutMs: 1000, verify: false });
    const stmts = prepareStatements(db);
    const readState = (): RevisionState => ({ revision: stmts.sequence.get() ?? 0, compacted: 0 });
    const delivered: WatchEvent[] = [];
    let syncs = 0;
    let failNext = false;
    const committer = new GroupCommitter({
      file,
      stmts,
      clock: systemClock,
      state: readState(),
      reload: readState,
      sync: (done) => {
        syncs++;
        const fail = failNext;
        setTimeout(() => done(fail ? new Error("EIO: i/o error (simulated)") : null), 5);
      },
      syncNow: () => {},
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
