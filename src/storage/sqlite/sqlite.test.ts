import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  rmSync,
  writeFileSync,
  writeSync,
} from "node:fs";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import Database from "better-sqlite3";
import { storeSuite } from "../suite.js";
import type { Store, WatchEvent } from "../types.js";
import { type Clock, openSqliteStore } from "./index.js";

const dirs: string[] = [];
after(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** A fresh temp directory and the database path inside it (in a directory that does not exist yet). */
async function fixture(): Promise<{ dir: string; file: string }> {
  const dir = await mkdtemp(join(tmpdir(), "k8ts-sqlite-"));
  dirs.push(dir);
  return { dir, file: join(dir, "data", "db", "state.db") };
}

/** A clock the test moves by hand; timers fire when it passes them. */
function fakeClock(start = 1_700_000_000_000) {
  let now = start;
  let timers: { at: number; fn: () => void }[] = [];
  const clock: Clock = {
    now: () => now,
    setTimer(fn, ms) {
      const t = { at: now + ms, fn };
      if (ms <= 0) {
        // Already due: like setTimeout(fn, 0).
        const h = setImmediate(fn);
        return () => clearImmediate(h);
      }
      timers.push(t);
      return () => {
        timers = timers.filter((x) => x !== t);
      };
    },
  };
  const advance = (ms: number) => {
    now += ms;
    const due = timers.filter((t) => t.at <= now);
    timers = timers.filter((t) => t.at > now);
    for (const t of due) t.fn();
  };
  return { clock, advance };
}

/** Resolves with the first event the predicate accepts (or rejects after 5 s). */
async function nextEvent(
  store: Store,
  prefix: string,
  afterRevision: number,
  pred: (ev: WatchEvent) => boolean,
): Promise<WatchEvent> {
  let resolve!: (ev: WatchEvent) => void;
  const got = new Promise<WatchEvent>((r) => {
    resolve = r;
  });
  const w = await store.watch(prefix, { afterRevision }, (ev) => {
    if (pred(ev)) resolve(ev);
  });
  const timer = setTimeout(() => resolve(undefined as never), 5000);
  try {
    const ev = await got;
    assert.ok(ev, "no matching watch event within 5 s");
    return ev;
  } finally {
    clearTimeout(timer);
    w.close();
  }
}

/**
 * Commit records in the live part of the WAL file: frames whose salts match the WAL header and
 * whose "database size after commit" field is set. One per transaction since the last restart.
 */
function walCommits(file: string): number {
  const wal = readFileSync(`${file}-wal`);
  if (wal.length < 32) return 0;
  const pageSize = wal.readUInt32BE(8);
  const salt1 = wal.readUInt32BE(16);
  const salt2 = wal.readUInt32BE(20);
  let commits = 0;
  for (let off = 32; off + 24 + pageSize <= wal.length; off += 24 + pageSize) {
    if (wal.readUInt32BE(off + 8) !== salt1 || wal.readUInt32BE(off + 12) !== salt2) break;
    if (wal.readUInt32BE(off + 4) !== 0) commits++;
  }
  return commits;
}

storeSuite("sqlite", async () => {
  const { file } = await fixture();
  const store = await openSqliteStore({ file });
  return { store, cleanup: () => store.close() };
});

describe("sqlite store", () => {
  test("reopening keeps keys, history, revisions and the compacted revision", async () => {
    const { file } = await fixture();
    let s = await openSqliteStore({ file });
    const a = await s.create("/r/a", "a1");
    const a2 = await s.update("/r/a", "a2");
    const b = await s.create("/r/b", "b1");
    const del = await s.delete("/r/b");
    await s.compact(a2.modRevision);
    const head = await s.currentRevision();
    await s.close();

    s = await openSqliteStore({ file });
    try {
      assert.equal(await s.currentRevision(), head);
      assert.equal(await s.compactedRevision(), a2.modRevision);
      assert.deepEqual((await s.get("/r/a")).kv, {
        key: "/r/a",
        value: "a2",
        createRevision: a.modRevision,
        modRevision: a2.modRevision,
        version: 2,
        lease: 0,
      });
      assert.equal((await s.get("/r/b")).kv, undefined);
      assert.equal((await s.get("/r/b", { revision: b.modRevision })).kv?.value, "b1");
      const next = await s.create("/r/c", "c1");
      assert.equal(next.modRevision, del.revision + 1);
    } finally {
      await s.close();
    }
  });

  test("a revision is never reused, even after compacting away the newest rows", async () => {
    const { file } = await fixture();
    let s = await openSqliteStore({ file });
    await s.create("/k", "v");
    const del = await s.delete("/k");
    // The newest row is a tombstone, which compaction removes.
    await s.compact(del.revision);
    await s.close();
    s = await openSqliteStore({ file });
    try {
      assert.equal(await s.currentRevision(), del.revision);
      assert.equal((await s.create("/k", "again")).modRevision, del.revision + 1);
    } finally {
      await s.close();
    }
  });

  test("a file that is not a database is refused, named, and left untouched", async () => {
    const { dir } = await fixture();
    const file = join(dir, "garbage.db");
    const garbage = Buffer.alloc(64 * 1024);
    for (let i = 0; i < garbage.length; i++) garbage[i] = (i * 7919 + 13) & 0xff;
    writeFileSync(file, garbage);
    await assert.rejects(openSqliteStore({ file }), (err: Error & { code?: string }) => {
      assert.equal(err.code, "Corrupt");
      assert.ok(err.message.includes(file), `message names the file: ${err.message}`);
      return true;
    });
    assert.deepEqual(readFileSync(file), garbage, "the file was not replaced");
  });

  test("a database damaged inside is refused, named, and left untouched", async () => {
    const { file } = await fixture();
    const s = await openSqliteStore({ file });
    for (let i = 0; i < 200; i++) await s.create(`/k/${String(i).padStart(4, "0")}`, "x".repeat(500));
    await s.close();
    // Overwrite the middle pages (tree pages, not the header) with noise.
    const size = readFileSync(file).length;
    const fd = openSync(file, "r+");
    writeSync(fd, Buffer.alloc(4096 * 4, 0x5a), 0, 4096 * 4, Math.floor(size / 2 / 4096) * 4096);
    closeSync(fd);
    const damaged = readFileSync(file);
    await assert.rejects(openSqliteStore({ file }), (err: Error & { code?: string }) => {
      assert.equal(err.code, "Corrupt");
      assert.ok(err.message.includes(file), `message names the file: ${err.message}`);
      return true;
    });
    assert.deepEqual(readFileSync(file), damaged);
  });

  test("another program's SQLite database is refused as not a k8ts database", async () => {
    const { dir } = await fixture();
    const file = join(dir, "other.db");
    const db = new Database(file);
    db.exec("CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT)");
    db.close();
    await assert.rejects(openSqliteStore({ file }), (err: Error & { code?: string }) => {
      assert.equal(err.code, "Corrupt");
      assert.match(err.message, /not a k8ts database/);
      assert.ok(err.message.includes(file));
      return true;
    });
  });

  test("a file in use by another store is refused with an error naming it", async () => {
    const { file } = await fixture();
    const s = await openSqliteStore({ file });
    try {
      await assert.rejects(openSqliteStore({ file, lockTimeoutMs: 50 }), (err: Error & { code?: string }) => {
        assert.equal(err.code, "Unavailable");
        assert.ok(err.message.includes(file) && /locked/.test(err.message), err.message);
        return true;
      });
      // The failed attempt did not disturb the owner.
      assert.equal((await s.create("/still", "mine")).value, "mine");
    } finally {
      await s.close();
    }
  });

  test("concurrent writes share one transaction; one write's conflict does not fail the others", async () => {
    const { file } = await fixture();
    const s = await openSqliteStore({ file });
    try {
      const base = await s.create("/cas", "0");
      const before = walCommits(file);
      const creates = Array.from({ length: 64 }, (_, i) => s.create(`/c/${i}`, `v${i}`));
      const duplicate = s.create("/c/0", "dup");
      const cas = [1, 2].map((n) => s.update("/cas", String(n), { expectedModRevision: base.modRevision }));
      const created = await Promise.all(creates);
      await assert.rejects(duplicate, { code: "KeyExists" });
      const casResults = await Promise.allSettled(cas);

      assert.equal(walCommits(file) - before, 1, "all writes of the tick committed together");
      const revs = created.map((kv) => kv.modRevision);
      for (let i = 1; i < revs.length; i++)
        assert.ok(revs[i]! > revs[i - 1]!, "revisions follow submission order");
      assert.equal(revs[0], base.modRevision + 1);
      assert.deepEqual(
        casResults.map((r) => r.status),
        ["fulfilled", "rejected"],
      );
      const lost = casResults[1] as PromiseRejectedResult;
      assert.equal(lost.reason.code, "Conflict");
      assert.equal(lost.reason.current.value, "1");
      assert.equal((await s.range("/c/", { countOnly: true })).count, 64);
    } finally {
      await s.close();
    }
  });

  test("a watch still replaying history that compaction removes ends with CompactedError, not a gap", async () => {
    const { file } = await fixture();
    const s = await openSqliteStore({ file });
    try {
      const r0 = await s.currentRevision();
      const keys = Array.from({ length: 1000 }, (_, i) => `/h/${i}`);
      await Promise.all(keys.map((k) => s.create(k, "v")));
      await Promise.all(keys.map((k) => s.update(k, "w")));
      const events: WatchEvent[] = [];
      const w = await s.watch("/h/", { afterRevision: r0 }, (ev) => events.push(ev));
      // Compaction commits while the replay is still paging through the history.
      await s.compact(await s.currentRevision());
      await assert.rejects(w.done, (err: Error & { code?: string }) => err.code === "Compacted");
      assert.ok(events.length < 2000, "the replay was cut short");
      assert.deepEqual(
        events.map((ev) => ev.kv.modRevision),
        events.map((_, i) => r0 + 1 + i),
        "no event was skipped",
      );
    } finally {
      await s.close();
    }
  });

  test("expiry survives a restart: a key whose time passed while closed is deleted", async () => {
    const { file } = await fixture();
    const { clock, advance } = fakeClock();
    let s = await openSqliteStore({ file, clock });
    const kv = await s.create("/lease/a", "v", { ttlSeconds: 30 });
    const keep = await s.create("/lease/b", "v", { ttlSeconds: 3600 });
    assert.notEqual(kv.lease, 0);
    await s.close();

    advance(31_000);
    s = await openSqliteStore({ file, clock });
    try {
      const head = await s.currentRevision();
      const ev = await nextEvent(s, "/lease/", keep.modRevision, (e) => e.type === "DELETE");
      assert.equal(ev.kv.key, "/lease/a");
      assert.ok(ev.kv.modRevision > keep.modRevision, "the expiry is a new revision");
      assert.equal(ev.prevKv?.value, "v");
      assert.ok(head >= keep.modRevision);
      assert.equal((await s.get("/lease/a")).kv, undefined);
      assert.equal((await s.get("/lease/b")).kv?.value, "v");
    } finally {
      await s.close();
    }
  });

  test("a key expires when the clock passes its TTL, not before; an update without TTL keeps it", async () => {
    const { file } = await fixture();
    const { clock, advance } = fakeClock();
    const s = await openSqliteStore({ file, clock });
    try {
      const a = await s.create("/t/a", "v", { ttlSeconds: 10 });
      await s.create("/t/b", "v", { ttlSeconds: 10 });
      await s.update("/t/b", "no ttl now");
      advance(9_000);
      await new Promise((r) => setImmediate(r));
      assert.equal((await s.get("/t/a")).kv?.value, "v");
      const gone = nextEvent(s, "/t/", a.modRevision, (e) => e.type === "DELETE");
      advance(1_000);
      assert.equal((await gone).kv.key, "/t/a");
      assert.equal((await s.get("/t/a")).kv, undefined);
      assert.equal((await s.get("/t/b")).kv?.value, "no ttl now");
    } finally {
      await s.close();
    }
  });

  test("a write that cannot be stored (disk full) is rejected, never acknowledged, and the store stays consistent", async (t) => {
    const { dir } = await fixture();
    const mnt = join(dir, "tiny");
    mkdirSync(mnt);
    try {
      execFileSync("mount", ["-t", "tmpfs", "-o", "size=512k", "tmpfs", mnt], { stdio: "pipe" });
    } catch (err) {
      t.skip(`cannot mount a tmpfs to fill (${err instanceof Error ? err.message.split("\n")[0] : err})`);
      return;
    }
    const file = join(mnt, "state.db");
    try {
      const s = await openSqliteStore({ file });
      let reopened: Store | undefined;
      try {
        const early = await s.create("/d/early", "kept");
        const head = await s.currentRevision();
        const events: WatchEvent[] = [];
        const w = await s.watch("/d/", { afterRevision: head }, (ev) => events.push(ev));
        // Fill the file system to the last byte.
        const filler = join(mnt, "filler");
        const fd = openSync(filler, "w");
        const chunk = Buffer.alloc(4096, 1);
        try {
          for (;;) writeSync(fd, chunk);
        } catch {
          // ENOSPC: full
        } finally {
          closeSync(fd);
        }
        const big = "x".repeat(100_000);
        const results = await Promise.allSettled([
          s.create("/d/a", big),
          s.create("/d/b", big),
          s.update("/d/early", big),
        ]);
        for (const r of results) {
          assert.equal(r.status, "rejected");
          const err = (r as PromiseRejectedResult).reason as Error & { code?: string };
          assert.equal(err.code, "Unavailable");
          assert.ok(err.message.includes(file), err.message);
          assert.match(err.message, /disk is full/);
        }
        assert.equal(await s.currentRevision(), head, "no revision was taken by the failed writes");
        assert.deepEqual((await s.get("/d/early")).kv, early);
        assert.equal((await s.get("/d/a")).kv, undefined);

        // Once there is room again, writing continues with the next revision.
        rmSync(filler);
        const after = await s.create("/d/after", "ok");
        assert.equal(after.modRevision, head + 1);
        await new Promise((r) => setImmediate(r));
        assert.deepEqual(
          events.map((e) => e.kv.key),
          ["/d/after"],
          "watchers saw only the committed write",
        );
        w.close();
        await s.close();

        reopened = await openSqliteStore({ file });
        assert.equal(await reopened.currentRevision(), head + 1);
        assert.deepEqual(
          (await reopened.range("/d/")).items.map((kv) => kv.key),
          ["/d/after", "/d/early"],
        );
      } finally {
        await s.close();
        await reopened?.close();
      }
    } finally {
      execFileSync("umount", [mnt]);
    }
  });

  test("parent directories are created; closing releases the lock", async () => {
    const { file } = await fixture();
    assert.equal(existsSync(file), false);
    const s = await openSqliteStore({ file });
    await s.create("/k", "v");
    await s.close();
    await assert.rejects(s.get("/k"), { code: "Unavailable" });
    const again = await openSqliteStore({ file, lockTimeoutMs: 0 });
    assert.equal((await again.get("/k")).kv?.value, "v");
    await again.close();
  });
});
