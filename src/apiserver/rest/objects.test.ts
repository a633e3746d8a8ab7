import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { allResources } from "../../api/registry.js";
import type { KubeObject } from "../../api/types.js";
import { openStore } from "../../storage/open.js";
import type { Store } from "../../storage/types.js";
import { type AdmissionRequest, Api } from "../api.js";
import { ApiError } from "../status.js";
import { createObject } from "./objects.js";

/**
 * Generated names that are taken. The suffix is random (27^5 names), so a collision cannot be
 * provoked from outside; an admission plugin here renames the first `collide` attempts to a name
 * that exists, which storage then refuses as a real collision would be.
 */
describe("create with generateName when the generated name is taken", () => {
  const dir = mkdtempSync(join(tmpdir(), "k8ts-generate-name-"));
  let store: Store;
  let api: Api;
  let collide = 0;
  const attempts: string[] = [];
  before(async () => {
    store = await openStore({ dataDir: dir, compaction: false });
    api = new Api({
      store,
      resources: allResources,
      admission: [
        {
          name: "Collide",
          async admit(req: AdmissionRequest) {
            if (req.operation !== "CREATE" || !req.object?.metadata.generateName) return;
            attempts.push(req.name);
            if (attempts.length <= collide) req.object.metadata.name = "taken";
          },
        },
      ],
    });
    await api.start();
    const namespace = { apiVersion: "v1", kind: "Namespace", metadata: { name: "default" } };
    await createObject(api, api.lookup("", "v1", "namespaces")!, namespace, { dryRun: false });
    await createObject(api, configMapDef(), configMap({ name: "taken" }), { dryRun: false });
  });
  after(async () => {
    api.stop();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const configMapDef = () => api.lookup("", "v1", "configmaps")!;
  const configMap = (metadata: KubeObject["metadata"]): KubeObject => ({
    apiVersion: "v1",
    kind: "ConfigMap",
    metadata: { namespace: "default", ...metadata },
    data: { k: "v" },
  });

  test("is generated anew, up to eight attempts in all, each with a new name", async () => {
    attempts.length = 0;
    collide = 7;
    const created = await createObject(api, configMapDef(), configMap({ generateName: "web-" }), {
      dryRun: false,
    });
    assert.equal(attempts.length, 8);
    assert.equal(new Set(attempts).size, 8, `names repeated: ${attempts.join(" ")}`);
    assert.equal(created.metadata.name, attempts[7]);
    assert.match(created.metadata.name ?? "", /^web-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    assert.equal(created.metadata.generateName, "web-");
  });

  test("after eight taken names, fails with upstream's 409 that says to retry", async () => {
    attempts.length = 0;
    collide = 8;
    await assert.rejects(
      createObject(api, configMapDef(), configMap({ generateName: "web-" }), { dryRun: false }),
      (e: unknown) => {
        assert.ok(e instanceof ApiError, String(e));
        assert.equal(e.code, 409);
        assert.equal(e.reason, "AlreadyExists");
        assert.equal(
          e.message,
          'configmaps "taken" already exists, the server was not able to generate a unique name for the object',
        );
        assert.deepEqual(e.details, { name: "taken", kind: "configmaps", retryAfterSeconds: 1 });
        return true;
      },
    );
    assert.equal(attempts.length, 8);
  });

  test("a name the client chose is not retried: plain AlreadyExists", async () => {
    attempts.length = 0;
    await assert.rejects(
      createObject(api, configMapDef(), configMap({ name: "taken" }), { dryRun: false }),
      (e: unknown) => e instanceof ApiError && e.message === 'configmaps "taken" already exists',
    );
  });
});
