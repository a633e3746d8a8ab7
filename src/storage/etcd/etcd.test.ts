import assert from "node:assert/strict";
import { connect, createServer, type Socket } from "node:net";
import { after, describe, it } from "node:test";
import { startEtcd } from "../../../test/helpers/etcd.js";
import { storeSuite } from "../suite.js";
import { type Store, UnavailableError, type WatchEvent } from "../types.js";
import { openEtcdStore } from "./index.js";

// One etcd for the suite: it gives each test its own key prefix.
const etcd = await startEtcd();
after(() => etcd.stop());

storeSuite("etcd", async () => {
  const store = await openEtcdStore({ endpoints: [etcd.endpoint] });
  return { store, cleanup: () => store.close() };
});

async function waitFor(what: string, cond: () => boolean | Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (!(await cond())) {
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function answers(store: Store): Promise<boolean> {
  try {
    await store.currentRevision();
    return true;
  } catch {
    return false;
  }
}

/** A loopback TCP proxy to etcd whose connections a test can cut and hold back. */
async function cuttableProxy(target: string) {
  const { hostname, port } = new URL(target);
  const sockets = new Set<Socket>();
  const held: Socket[] = [];
  let holding = false;
  const pipe = (down: Socket) => {
    const up = connect(Number(port), hostname);
    for (const s of [down, up]) {
      sockets.add(s);
      s.on("error", () => undefined);
      s.on("close", () => {
        sockets.delete(s);
        down.destroy();
        up.destroy();
      });
    }
    down.pipe(up);
    up.pipe(down);
  };
  const server = createServer((down) => (holding ? held.push(down) : pipe(down)));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const addr = server.address();
  return {
    endpoint: `http://127.0.0.1:${typeof addr === "object" && addr ? addr.port : 0}`,
    /** Breaks every connection and holds new ones until release(). */
    cut() {
      holding = true;
      for (const s of sockets) s.destroy();
    },
    release() {
      holding = false;
      for (const s of held.splice(0)) pipe(s);
    },
    close() {
      for (const s of [...sockets, ...held]) s.destroy();
      server.close();
    },
  };
}

describe("etcd backend, beyond the shared suite", () => {
  it("fails to open with UnavailableError when nothing listens at the endpoint", async () => {
    const port = await new Promise<number>((resolve) => {
      const srv = createServer().listen(0, "127.0.0.1", () => {
        const addr = srv.address();
        srv.close(() => resolve(typeof addr === "object" && addr ? addr.port : 0));
      });
    });
    await assert.rejects(openEtcdStore({ endpoints: [`http://127.0.0.1:${port}`] }), UnavailableError);
  });

  it("resumes a watch across an etcd restart without losing or repeating events", async (t) => {
    const server = await startEtcd();
    t.after(() => server.stop());
    const watching = await openEtcdStore({ endpoints: [server.endpoint] });
    t.after(() => watching.close());
    const writer = await openEtcdStore({ endpoints: [server.endpoint] });
    t.after(() => writer.close());
    const events: WatchEvent[] = [];
    await watching.watch("/r/", { afterRevision: await writer.currentRevision() }, (ev) => events.push(ev));
    for (let i = 0; i < 20; i++) await writer.create(`/r/a${i}`, "before");
    await waitFor("the events before the restart", () => events.length === 20);
    await server.restart();
    // Written while the watch stream is still reconnecting: it must replay them.
    await waitFor("etcd to answer again", () => answers(writer));
    for (let i = 0; i < 20; i++) await writer.create(`/r/b${i}`, "after");
    await writer.create("/r/zz", "last");
    await waitFor("the last event", () => events.some((e) => e.kv.key === "/r/zz"));
    assert.deepEqual(
      events.map((e) => e.kv.key),
      [
        ...Array.from({ length: 20 }, (_, i) => `/r/a${i}`),
        ...Array.from({ length: 20 }, (_, i) => `/r/b${i}`),
        "/r/zz",
      ],
    );
    const revisions = events.map((e) => e.kv.modRevision);
    assert.deepEqual(
      revisions,
      [...revisions].sort((x, y) => x - y),
    );
  });

  it("replays the events written while its watch stream was broken", async (t) => {
    const proxy = await cuttableProxy(etcd.endpoint);
    t.after(() => proxy.close());
    const watching = await openEtcdStore({ endpoints: [proxy.endpoint] });
    t.after(() => watching.close());
    const writer = await openEtcdStore({ endpoints: [etcd.endpoint] });
    t.after(() => writer.close());
    const events: WatchEvent[] = [];
    await watching.watch("/cut/", { afterRevision: await writer.currentRevision() }, (ev) => events.push(ev));
    await writer.create("/cut/a", "before");
    await waitFor("the event before the cut", () => events.length === 1);
    proxy.cut();
    const missed = [];
    for (let i = 0; i < 20; i++) missed.push(await writer.create(`/cut/b${i}`, "while cut"));
    proxy.release();
    const last = await writer.create("/cut/zz", "after");
    await waitFor("the last event", () => events.some((e) => e.kv.key === last.key));
    assert.deepEqual(
      events.slice(1).map((e) => e.kv),
      [...missed, last],
    );
  });

  it("fails requests and ends watches with UnavailableError once etcd is gone", async (t) => {
    const server = await startEtcd();
    t.after(() => server.stop());
    const store = await openEtcdStore({ endpoints: [server.endpoint], watchReconnectTimeoutMs: 1_000 });
    t.after(() => store.close());
    const watcher = await store.watch("/u/", { afterRevision: await store.currentRevision() }, () => {});
    await server.stop();
    await assert.rejects(store.get("/u/a"), UnavailableError);
    await assert.rejects(store.create("/u/a", "1"), UnavailableError);
    await assert.rejects(watcher.done, UnavailableError);
  });
});
