/**
 * The store's behavior suite: etcd v3 semantics as a user of the store notices them. Every
 * backend runs it unchanged (`storeSuite("sqlite", open)` in its own test file); a backend
 * that fails it is wrong, whatever its own tests say.
 */
import assert from "node:assert/strict";
import { describe, it, type TestContext } from "node:test";
import {
  CompactedError,
  ConflictError,
  InvalidError,
  KeyExistsError,
  type KeyValue,
  MAX_VALUE_BYTES,
  NotFoundError,
  type Store,
  TooLargeError,
  type WatchEvent,
  type Watcher,
} from "./types.js";

export interface OpenedStore {
  readonly store: Store;
  /** Runs after each test, also after a test that closed the store itself. */
  cleanup(): Promise<void>;
}

/** How long to wait for something that should happen (a bound so a bug fails, not hangs). */
const PATIENCE_MS = 60_000;

async function waitFor(
  what: string,
  cond: () => boolean | Promise<boolean>,
  ms = PATIENCE_MS,
): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function settlesWithin<T>(what: string, p: Promise<T>, ms = PATIENCE_MS): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not settle`)), ms);
  });
  try {
    return await Promise.race([p, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** A watch that records its events. */
async function record(store: Store, prefix: string, afterRevision: number) {
  const events: WatchEvent[] = [];
  const watcher: Watcher = await store.watch(prefix, { afterRevision }, (ev) => events.push(ev));
  return { events, watcher };
}

function isConflictAt(current: KeyValue) {
  return (err: unknown) => {
    assert.ok(err instanceof ConflictError, `expected ConflictError, got ${String(err)}`);
    assert.equal(err.code, "Conflict");
    assert.deepEqual(err.current, current);
    return true;
  };
}

function isCompacted(compactedRevision: number) {
  return (err: unknown) => {
    assert.ok(err instanceof CompactedError, `expected CompactedError, got ${String(err)}`);
    assert.equal(err.code, "Compacted");
    assert.equal(err.compactedRevision, compactedRevision);
    assert.ok(err.currentRevision >= compactedRevision);
    return true;
  };
}

/** Defines the suite against the stores `open` returns (one per test). */
export function storeSuite(name: string, open: () => Promise<OpenedStore>): void {
  let tests = 0;
  /** A store and a key prefix no other test uses: backends may share one server between tests. */
  async function fixture(t: TestContext): Promise<{ store: Store; p: string }> {
    const opened = await open();
    t.after(() => opened.cleanup());
    return { store: opened.store, p: `/suite/${++tests}-${Math.random().toString(36).slice(2, 8)}/` };
  }

  describe(`store contract: ${name}`, () => {
    it("gives every write a greater revision and tracks createRevision, modRevision and version", async (t) => {
      const { store, p } = await fixture(t);
      const r0 = await store.currentRevision();
      const a1 = await store.create(`${p}a`, "1");
      assert.ok(a1.modRevision > r0);
      assert.deepEqual(a1, {
        key: `${p}a`,
        value: "1",
        createRevision: a1.modRevision,
        modRevision: a1.modRevision,
        version: 1,
        lease: 0,
      });
      const a2 = await store.update(`${p}a`, "2");
      assert.ok(a2.modRevision > a1.modRevision);
      assert.equal(a2.createRevision, a1.createRevision);
      assert.equal(a2.version, 2);
      assert.equal(a2.value, "2");
      const b1 = await store.create(`${p}b`, "x");
      assert.ok(b1.modRevision > a2.modRevision);
      const del = await store.delete(`${p}a`);
      assert.ok(del.revision > b1.modRevision);
      assert.deepEqual(del.prevKv, a2);
      const a3 = await store.create(`${p}a`, "3");
      assert.ok(a3.modRevision > del.revision);
      assert.equal(a3.createRevision, a3.modRevision);
      assert.equal(a3.version, 1, "a re-created key starts over");
      assert.equal(await store.currentRevision(), a3.modRevision);
      assert.deepEqual(await store.get(`${p}a`), { revision: a3.modRevision, kv: a3 });
    });

    it("refuses to create an existing key and changes nothing", async (t) => {
      const { store, p } = await fixture(t);
      const a = await store.create(`${p}a`, "1");
      await assert.rejects(
        store.create(`${p}a`, "2"),
        (err) => err instanceof KeyExistsError && err.code === "KeyExists",
      );
      assert.equal(await store.currentRevision(), a.modRevision);
      assert.deepEqual((await store.get(`${p}a`)).kv, a);
    });

    it("applies compare-and-swap updates and deletes only at the expected modRevision", async (t) => {
      const { store, p } = await fixture(t);
      const k = `${p}cas`;
      const v1 = await store.create(k, "1");
      const v2 = await store.update(k, "2", { expectedModRevision: v1.modRevision });
      assert.equal(v2.version, 2);
      await assert.rejects(store.update(k, "3", { expectedModRevision: v1.modRevision }), isConflictAt(v2));
      await assert.rejects(store.delete(k, { expectedModRevision: v1.modRevision }), isConflictAt(v2));
      assert.equal(await store.currentRevision(), v2.modRevision, "a failed CAS writes nothing");
      assert.deepEqual((await store.get(k)).kv, v2);
      const d = await store.delete(k, { expectedModRevision: v2.modRevision });
      assert.deepEqual(d.prevKv, v2);
      assert.equal((await store.get(k)).kv, undefined);
    });

    it("serializes concurrent read-modify-write cycles that retry on conflict", async (t) => {
      const { store, p } = await fixture(t);
      const k = `${p}counter`;
      await store.create(k, "0");
      const increment = async () => {
        for (;;) {
          const { kv } = await store.get(k);
          assert.ok(kv);
          try {
            return await store.update(k, String(Number(kv.value) + 1), {
              expectedModRevision: kv.modRevision,
            });
          } catch (err) {
            if (!(err instanceof ConflictError)) throw err;
          }
        }
      };
      const results = await Promise.all(
        Array.from({ length: 4 }, async () => {
          const mine: KeyValue[] = [];
          for (let i = 0; i < 25; i++) mine.push(await increment());
          return mine;
        }),
      );
      const final = (await store.get(k)).kv;
      assert.equal(final?.value, "100", "no increment was lost");
      assert.equal(final?.version, 101);
      const revisions = results.flat().map((kv) => kv.modRevision);
      assert.equal(new Set(revisions).size, 100, "each successful write has its own revision");
    });

    it("updates and deletes unconditionally", async (t) => {
      const { store, p } = await fixture(t);
      const k = `${p}u`;
      await store.create(k, "a");
      assert.equal((await store.update(k, "b")).version, 2);
      const c = await store.update(k, "c");
      assert.equal(c.version, 3);
      const d = await store.delete(k);
      assert.deepEqual(d.prevKv, c);
      assert.equal((await store.get(k)).kv, undefined);
    });

    it("reports missing keys: get returns no kv, update and delete fail with NotFoundError", async (t) => {
      const { store, p } = await fixture(t);
      const k = `${p}missing`;
      const r0 = await store.currentRevision();
      const got = await store.get(k);
      assert.equal(got.kv, undefined);
      assert.equal(got.revision, r0);
      const notFound = (err: unknown) => err instanceof NotFoundError && err.code === "NotFound";
      await assert.rejects(store.update(k, "x"), notFound);
      await assert.rejects(store.update(k, "x", { expectedModRevision: r0 }), notFound);
      await assert.rejects(store.delete(k), notFound);
      await assert.rejects(store.delete(k, { expectedModRevision: r0 }), notFound);
      assert.equal(await store.currentRevision(), r0);
    });

    it("refuses empty keys, invalid TTLs and foreign continue tokens", async (t) => {
      const { store, p } = await fixture(t);
      await assert.rejects(store.create("", "x"), InvalidError);
      await assert.rejects(store.create(`${p}a`, "x", { ttlSeconds: 0 }), InvalidError);
      await assert.rejects(store.create(`${p}a`, "x", { ttlSeconds: 1.5 }), InvalidError);
      await assert.rejects(store.range(p, { continue: "not-a-token" }), InvalidError);
      assert.equal((await store.get(`${p}a`)).kv, undefined);
    });

    it("ranges over exactly the keys under a prefix, in byte order", async (t) => {
      const { store, p } = await fixture(t);
      // "é" is 0xc3 0xa9 in UTF-8: after "~" (0x7e) in byte order.
      for (const k of ["b", "é", "a0", "B", "~", "a", "a/x", "ab/x"]) await store.create(`${p}${k}`, k);
      await store.create(p.slice(0, -1), "the prefix without its slash");
      const all = await store.range(p);
      assert.deepEqual(
        all.items.map((kv) => kv.key.slice(p.length)),
        ["B", "a", "a/x", "a0", "ab/x", "b", "~", "é"],
      );
      assert.equal(all.count, 8);
      assert.equal(all.more, false);
      assert.equal(all.continue, undefined);
      const sub = await store.range(`${p}a/`);
      assert.deepEqual(
        sub.items.map((kv) => kv.key),
        [`${p}a/x`],
      );
      const counted = await store.range(p, { countOnly: true });
      assert.deepEqual([counted.items.length, counted.count], [0, 8]);
    });

    it("reads at an older revision", async (t) => {
      const { store, p } = await fixture(t);
      const a1 = await store.create(`${p}a`, "1");
      const b1 = await store.create(`${p}b`, "1");
      const r = b1.modRevision;
      await store.update(`${p}a`, "2");
      await store.delete(`${p}b`);
      await store.create(`${p}c`, "1");
      const old = await store.range(p, { revision: r });
      assert.equal(old.revision, r);
      assert.deepEqual(old.items, [a1, b1]);
      assert.equal(old.count, 2);
      assert.deepEqual(await store.get(`${p}a`, { revision: r }), { revision: r, kv: a1 });
      assert.deepEqual((await store.get(`${p}a`, { revision: a1.modRevision })).kv, a1);
      assert.equal((await store.get(`${p}c`, { revision: r })).kv, undefined);
      const now = await store.range(p);
      assert.deepEqual(
        now.items.map((kv) => [kv.key.slice(p.length), kv.value]),
        [
          ["a", "2"],
          ["c", "1"],
        ],
      );
    });

    it("pages with limit and continue, every page at the first page's revision", async (t) => {
      const { store, p } = await fixture(t);
      const keys = Array.from({ length: 25 }, (_, i) => `${p}k${String(i).padStart(2, "0")}`);
      for (const k of keys) await store.create(k, `v-${k}`);
      const page1 = await store.range(p, { limit: 10 });
      assert.deepEqual(
        page1.items.map((kv) => kv.key),
        keys.slice(0, 10),
      );
      assert.equal(page1.more, true);
      assert.equal(page1.count, 25);
      assert.ok(page1.continue);
      // Writes between pages, each of which a later page would show if it read the latest state.
      await store.update(`${p}k12`, "changed");
      await store.delete(`${p}k15`);
      await store.create(`${p}k095`, "new, sorts right after page 1");
      await store.create(`${p}k99`, "new, sorts last");
      const page2 = await store.range(p, { limit: 10, continue: page1.continue });
      assert.equal(page2.revision, page1.revision);
      assert.equal(page2.count, 15);
      assert.equal(page2.more, true);
      const page3 = await store.range(p, { limit: 10, continue: page2.continue });
      assert.equal(page3.revision, page1.revision);
      assert.equal(page3.count, 5);
      assert.equal(page3.more, false);
      assert.equal(page3.continue, undefined);
      const seen = [...page1.items, ...page2.items, ...page3.items];
      assert.deepEqual(
        seen.map((kv) => [kv.key, kv.value]),
        keys.map((k) => [k, `v-${k}`]),
      );
      const now = await store.range(p, { limit: 26 });
      assert.equal(now.count, 26);
      assert.equal(now.items.length, 26);
      assert.equal(now.more, false, "a limit equal to what is left ends the listing");
      assert.equal(now.continue, undefined);
      assert.equal(now.items.find((kv) => kv.key === `${p}k12`)?.value, "changed");
      assert.equal(
        now.items.find((kv) => kv.key === `${p}k15`),
        undefined,
      );
    });

    it("watches from a revision: replays history, then live events, in order, with prevKv", async (t) => {
      const { store, p } = await fixture(t);
      const r0 = await store.currentRevision();
      const a1 = await store.create(`${p}a`, "1");
      const a2 = await store.update(`${p}a`, "2");
      const d = await store.delete(`${p}a`);
      const b1 = await store.create(`${p}b`, "1");
      const { events, watcher } = await record(store, p, r0);
      await waitFor("4 replayed events", () => events.length >= 4);
      const [e1, e2, e3, e4] = events;
      assert.deepEqual(e1, { type: "PUT", kv: a1 });
      assert.deepEqual(e2, { type: "PUT", kv: a2, prevKv: a1 });
      assert.equal(e3?.type, "DELETE");
      assert.deepEqual([e3?.kv.key, e3?.kv.modRevision, e3?.kv.value], [`${p}a`, d.revision, ""]);
      assert.deepEqual(e3?.prevKv, a2);
      assert.deepEqual(e4, { type: "PUT", kv: b1 });
      const b2 = await store.update(`${p}b`, "2");
      await waitFor("the live event", () => events.length >= 5);
      assert.deepEqual(events[4], { type: "PUT", kv: b2, prevKv: b1 });
      const later = await record(store, p, a2.modRevision);
      await waitFor("events after a2", () => later.events.length >= 3);
      assert.deepEqual(
        later.events.map((e) => e.kv.modRevision),
        [d.revision, b1.modRevision, b2.modRevision],
      );
      watcher.close();
      later.watcher.close();
      await watcher.done;
      await later.watcher.done;
      assert.equal(events.length, 5);
    });

    it("delivers 2,000 concurrent writes to a watcher exactly once, in revision order", async (t) => {
      const { store, p } = await fixture(t);
      const r0 = await store.currentRevision();
      const live = await record(store, p, r0);
      const written: KeyValue[] = [];
      const created = new Map<number, KeyValue>();
      const createdByKey = new Map<string, KeyValue>();
      await Promise.all(
        Array.from({ length: 8 }, async (_, w) => {
          for (let i = 0; i < 125; i++) {
            const c = await store.create(`${p}w${w}/${i}`, `${w}.${i}`);
            created.set(c.modRevision, c);
            createdByKey.set(c.key, c);
            written.push(c, await store.update(c.key, `${w}.${i}+`));
          }
        }),
      );
      // Once an event written after all others arrives, every earlier one has too, once.
      const last = await store.create(`${p}zz-last`, "last");
      await waitFor("the last event", () => live.events.some((e) => e.kv.key === last.key));
      assert.equal(live.events.length, 2001);
      written.push(last);
      written.sort((x, y) => x.modRevision - y.modRevision);
      assert.deepEqual(
        live.events.map((e) => e.kv),
        written,
      );
      for (const e of live.events) {
        assert.equal(e.type, "PUT");
        const wasCreate = created.has(e.kv.modRevision) || e.kv.key === last.key;
        assert.deepEqual(e.prevKv, wasCreate ? undefined : createdByKey.get(e.kv.key));
      }
      const replay = await record(store, p, r0);
      await waitFor("the replayed history", () => replay.events.length >= 2001);
      assert.deepEqual(replay.events, live.events);
      live.watcher.close();
      replay.watcher.close();
    });

    it("keeps watchers on different prefixes apart", async (t) => {
      const { store, p } = await fixture(t);
      const r0 = await store.currentRevision();
      const a = await record(store, `${p}a/`, r0);
      const b = await record(store, `${p}b/`, r0);
      await store.create(`${p}a/1`, "1");
      await store.create(`${p}b/1`, "1");
      await store.create(`${p}ab/1`, "under neither prefix");
      await store.update(`${p}a/1`, "2");
      await store.delete(`${p}b/1`);
      await store.create(`${p}b/2`, "1");
      await store.create(`${p}a/zz`, "end");
      await store.create(`${p}b/zz`, "end");
      await waitFor("both ends", () => a.events.length >= 3 && b.events.length >= 4);
      const summary = (evs: WatchEvent[]) => evs.map((e) => `${e.type} ${e.kv.key.slice(p.length)}`);
      assert.deepEqual(summary(a.events), ["PUT a/1", "PUT a/1", "PUT a/zz"]);
      assert.deepEqual(summary(b.events), ["PUT b/1", "DELETE b/1", "PUT b/2", "PUT b/zz"]);
      a.watcher.close();
      b.watcher.close();
    });

    it("compacts history: old reads and watches fail with CompactedError, latest values stay", async (t) => {
      const { store, p } = await fixture(t);
      const k = `${p}k`;
      const a = await store.create(`${p}a`, "a");
      const k1 = await store.create(k, "1");
      const k2 = await store.update(k, "2");
      const k3 = await store.update(k, "3");
      const j = await store.create(`${p}j`, "j");
      const oldPage = await store.range(p, { revision: k2.modRevision, limit: 1 });
      assert.ok(oldPage.continue);
      assert.ok((await store.compactedRevision()) < k3.modRevision);
      await store.compact(k3.modRevision);
      assert.equal(await store.compactedRevision(), k3.modRevision);
      const compacted = isCompacted(k3.modRevision);
      await assert.rejects(store.range(p, { revision: k1.modRevision }), compacted);
      await assert.rejects(store.get(k, { revision: k2.modRevision }), compacted);
      await assert.rejects(store.range(p, { limit: 1, continue: oldPage.continue }), compacted);
      await assert.rejects(
        store.watch(p, { afterRevision: k1.modRevision }, () => {}),
        compacted,
      );
      assert.deepEqual(
        (await store.get(k, { revision: k3.modRevision })).kv,
        k3,
        "the compacted revision stays",
      );
      assert.deepEqual((await store.range(p)).items, [a, j, k3]);
      const after = await record(store, p, k3.modRevision);
      await waitFor("the event after the compacted revision", () => after.events.length >= 1);
      assert.deepEqual(after.events, [{ type: "PUT", kv: j }]);
      after.watcher.close();
      await store.compact(k1.modRevision); // older than compacted: nothing to do
      assert.equal(await store.compactedRevision(), k3.modRevision);
    });

    it("expires keys written with a TTL and reports it as a DELETE event", async (t) => {
      const { store, p } = await fixture(t);
      const r0 = await store.currentRevision();
      const { events, watcher } = await record(store, p, r0);
      const created = await store.create(`${p}created`, "temp", { ttlSeconds: 2 });
      assert.notEqual(created.lease, 0);
      await store.create(`${p}updated`, "kept");
      const updated = await store.update(`${p}updated`, "temp", { ttlSeconds: 2 });
      assert.notEqual(updated.lease, 0);
      // As with an etcd put without a lease, an update without a TTL makes the key permanent.
      await store.create(`${p}made-permanent`, "temp", { ttlSeconds: 2 });
      const permanent = await store.update(`${p}made-permanent`, "kept");
      assert.equal(permanent.lease, 0);
      const keep = await store.create(`${p}keep`, "no ttl");
      await waitFor("two keys to expire", async () => (await store.range(p)).count === 2);
      await waitFor("two DELETE events", () => events.filter((e) => e.type === "DELETE").length >= 2);
      const deletes = events.filter((e) => e.type === "DELETE");
      assert.deepEqual(deletes.map((e) => e.kv.key).sort(), [`${p}created`, `${p}updated`]);
      for (const e of deletes) {
        assert.ok(e.kv.modRevision > keep.modRevision);
        assert.equal(e.prevKv?.value, "temp");
      }
      assert.deepEqual((await store.get(`${p}keep`)).kv, keep);
      assert.deepEqual((await store.get(`${p}made-permanent`)).kv, permanent);
      watcher.close();
    });

    it(`refuses values over ${MAX_VALUE_BYTES} bytes and writes nothing; accepts exactly that`, async (t) => {
      const { store, p } = await fixture(t);
      const k = `${p}big`;
      const r0 = await store.currentRevision();
      const tooLarge = (err: unknown) => err instanceof TooLargeError && err.code === "TooLarge";
      await assert.rejects(store.create(k, "x".repeat(MAX_VALUE_BYTES + 1)), tooLarge);
      // The limit is in UTF-8 bytes, not characters.
      await assert.rejects(store.create(k, "é".repeat(MAX_VALUE_BYTES / 2 + 1)), tooLarge);
      assert.equal(await store.currentRevision(), r0);
      assert.equal((await store.get(k)).kv, undefined);
      const max = "y".repeat(MAX_VALUE_BYTES);
      const kv = await store.create(k, max);
      assert.ok((await store.get(k)).kv?.value === max, "the largest value reads back whole");
      await assert.rejects(store.update(k, "z".repeat(MAX_VALUE_BYTES + 1)), tooLarge);
      assert.equal((await store.get(k)).kv?.modRevision, kv.modRevision);
    });

    it("stops delivering to a closed watcher, and ends every watch when the store closes", async (t) => {
      const { store, p } = await fixture(t);
      const r0 = await store.currentRevision();
      const one = await record(store, p, r0);
      const two = await record(store, p, r0);
      await store.create(`${p}a`, "1");
      await waitFor("both watchers", () => one.events.length === 1 && two.events.length === 1);
      one.watcher.close();
      one.watcher.close();
      await settlesWithin("a closed watcher's done", one.watcher.done);
      await store.create(`${p}b`, "1");
      await waitFor("the open watcher", () => two.events.length === 2);
      assert.equal(one.events.length, 1);
      await store.close();
      await settlesWithin("done after the store closed", two.watcher.done);
    });
  });
}
