import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { loadDefinitions } from "../../api/openapi/index.js";
import type { KubeObject } from "../../api/types.js";
import { type OpenAPIDefinitions, schemaFor, updateManagedFields } from "./index.js";
import { createdEntry, emptyLike, resetSet } from "./managed-fields.js";
import { stripMeta } from "./managers.js";
import { DEPLOYMENT, definitions, deployment } from "./testdata.js";
import { compare } from "./typed.js";

const schema = schemaFor(definitions, DEPLOYMENT);
const at = (h: number) => new Date(Date.UTC(2024, 5, 1, h));

function write(old: KubeObject | undefined, next: KubeObject, manager: string, h = 0, subresource?: string) {
  return updateManagedFields(old, next, { manager, apiVersion: "apps/v1", now: at(h), schema, subresource });
}

/** `obj` with `edit` applied to a deep copy. */
function edited(
  obj: KubeObject,
  edit: (o: KubeObject & { spec: Record<string, unknown> }) => void,
): KubeObject {
  const copy = structuredClone(obj) as KubeObject & { spec: Record<string, unknown> };
  edit(copy);
  return copy;
}

// biome-ignore lint/suspicious/noExplicitAny: tests read deep into objects
const entries = (o: KubeObject) => (o.metadata.managedFields ?? []) as any[];
// biome-ignore lint/suspicious/noExplicitAny: tests read deep into objects
const fields = (o: KubeObject, manager: string): any =>
  entries(o).find((e) => e.manager === manager)?.fieldsV1;

describe("managedFields of non-apply writes", () => {
  test("on create every field set belongs to the creator, metadata identity excluded", () => {
    const obj = write(undefined, deployment(), "kubectl-create");
    const [e] = entries(obj);
    assert.deepEqual(
      { ...e, fieldsV1: undefined },
      {
        manager: "kubectl-create",
        operation: "Update",
        apiVersion: "apps/v1",
        time: "2024-06-01T00:00:00Z",
        fieldsType: "FieldsV1",
        fieldsV1: undefined,
      },
    );
    const f = e.fieldsV1;
    assert.deepEqual(f["f:metadata"], { "f:labels": { ".": {}, "f:app": {} } });
    assert.deepEqual(f["f:spec"]["f:replicas"], {});
    assert.deepEqual(f["f:spec"]["f:selector"], {}, "an atomic struct is owned as a whole");
    const nginx = f["f:spec"]["f:template"]["f:spec"]["f:containers"]['k:{"name":"nginx"}'];
    assert.deepEqual(nginx, {
      ".": {},
      "f:image": {},
      "f:name": {},
      "f:ports": {
        ".": {},
        'k:{"containerPort":80,"protocol":"TCP"}': { ".": {}, "f:containerPort": {}, "f:protocol": {} },
      },
    });
    for (const stripped of ["f:apiVersion", "f:kind"]) assert.equal(f[stripped], undefined);
  });

  test("on create, lists and maps a new Go struct lacks are owned themselves ('.'), as upstream", () => {
    // Upstream compares with the JSON of an empty Go struct, where required fields (no
    // omitempty) exist: a pod template's containers as null, so that list itself is not
    // "added" and has no "." entry, while the optional ports list, labels and a ConfigMap's
    // data are and do.
    const real = loadDefinitions() as unknown as OpenAPIDefinitions;
    const created = (obj: KubeObject, def: string, apiVersion: string) =>
      fields(
        updateManagedFields(undefined, obj, {
          manager: "m",
          apiVersion,
          now: at(0),
          schema: schemaFor(real, def),
        }),
        "m",
      );
    const d = created(deployment(), "io.k8s.api.apps.v1.Deployment", "apps/v1");
    const template = d["f:spec"]["f:template"];
    assert.equal(template["f:spec"]["f:containers"]["."], undefined);
    assert.deepEqual(template["f:spec"]["f:containers"]['k:{"name":"nginx"}']["f:ports"]["."], {});
    assert.deepEqual(template["f:metadata"], { "f:labels": { ".": {}, "f:app": {} } });
    const cm = { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "c" }, data: { k: "v" } };
    assert.deepEqual(created(cm, "io.k8s.api.core.v1.ConfigMap", "v1"), { "f:data": { ".": {}, "f:k": {} } });
  });

  test("an update moves the fields it changes to the updater", () => {
    const created = write(undefined, deployment(), "kubectl-create");
    const scaled = write(
      created,
      edited(created, (o) => {
        o.spec.replicas = 3;
      }),
      "kubectl-edit",
      1,
    );
    assert.deepEqual(fields(scaled, "kubectl-edit"), { "f:spec": { "f:replicas": {} } });
    assert.equal(fields(scaled, "kubectl-create")["f:spec"]["f:replicas"], undefined);
    assert.ok(fields(scaled, "kubectl-create")["f:spec"]["f:selector"]);
    assert.deepEqual(
      entries(scaled).map((e) => [e.manager, e.time]),
      [
        ["kubectl-create", "2024-06-01T00:00:00Z"],
        ["kubectl-edit", "2024-06-01T01:00:00Z"],
      ],
    );
  });

  test("an update that changes nothing changes no managedFields", () => {
    const created = write(undefined, deployment(), "kubectl-create");
    assert.deepEqual(write(created, structuredClone(created), "kubectl-edit", 5), created);
  });

  test("a removed field is owned by no one; the remover does not gain it", () => {
    const created = write(undefined, deployment(), "kubectl-create");
    const unlabeled = write(
      created,
      edited(created, (o) => void delete o.metadata.labels),
      "kubectl-label",
      1,
    );
    assert.equal(fields(unlabeled, "kubectl-create")["f:metadata"], undefined);
    assert.equal(fields(unlabeled, "kubectl-label"), undefined);
  });

  test("the same manager's updates accumulate in one entry", () => {
    const created = write(undefined, deployment(), "kubectl-create");
    const one = write(
      created,
      edited(created, (o) => {
        o.metadata.labels = { app: "web", a: "1" };
      }),
      "ctl",
      1,
    );
    const two = write(
      one,
      edited(one, (o) => {
        o.spec.paused = true;
      }),
      "ctl",
      2,
    );
    assert.deepEqual(fields(two, "ctl"), {
      "f:metadata": { "f:labels": { "f:a": {} } },
      "f:spec": { "f:paused": {} },
    });
    assert.equal(entries(two).length, 2);
  });

  test("managedFields: [] or [{}] clears them; the object then stays untracked", () => {
    const created = write(undefined, deployment(), "kubectl-create");
    for (const reset of [[], [{}]]) {
      const cleared = write(
        created,
        edited(created, (o) => {
          o.metadata.managedFields = reset;
        }),
        "x",
        1,
      );
      assert.equal(cleared.metadata.managedFields, undefined);
      const later = write(
        cleared,
        edited(cleared, (o) => {
          o.spec.replicas = 9;
        }),
        "y",
        2,
      );
      assert.equal(later.metadata.managedFields, undefined);
    }
  });

  test("managedFields sent by the client replace the stored ones; unreadable ones are ignored", () => {
    const created = write(undefined, deployment(), "kubectl-create");
    const sent = [
      {
        manager: "mine",
        operation: "Update",
        apiVersion: "apps/v1",
        fieldsType: "FieldsV1",
        fieldsV1: { "f:spec": { "f:paused": {} } },
      },
    ];
    const replaced = write(
      created,
      edited(created, (o) => {
        o.metadata.managedFields = sent;
      }),
      "x",
      1,
    );
    assert.deepEqual(entries(replaced), sent);
    const garbage = write(
      created,
      edited(created, (o) => {
        o.metadata.managedFields = [{ operation: "Steal" }];
      }),
      "x",
      1,
    );
    assert.deepEqual(entries(garbage), entries(created));
  });

  test("a status write is its own manager, and cannot rewrite managedFields", () => {
    const created = write(undefined, deployment(), "kubectl-create");
    const status = edited(created, (o) => {
      o.status = { replicas: 1, readyReplicas: 1 };
      o.metadata.managedFields = [];
    });
    const obj = write(created, status, "kube-controller-manager", 1, "status");
    const e = entries(obj).find((x) => x.manager === "kube-controller-manager");
    assert.equal(e.subresource, "status");
    assert.deepEqual(e.fieldsV1, { "f:status": { ".": {}, "f:readyReplicas": {}, "f:replicas": {} } });
    assert.ok(fields(obj, "kubectl-create"), "the stored entries are kept");
  });

  test("at most 10 update managers are kept; older ones merge into ancient-changes", () => {
    let obj = write(undefined, deployment(), "creator");
    for (let i = 0; i < 11; i++) {
      const next = edited(obj, (o) => {
        o.metadata.labels = { ...o.metadata.labels, [`l${i}`]: "v" };
      });
      obj = write(obj, next, `m${i}`, i + 1);
    }
    const names = entries(obj).map((e) => e.manager);
    assert.equal(names.length, 10);
    assert.ok(names.includes("ancient-changes"));
    assert.ok(!names.includes("creator") && !names.includes("m0") && !names.includes("m1"));
    const ancient = fields(obj, "ancient-changes");
    assert.ok(ancient["f:metadata"]["f:labels"]["f:l0"] && ancient["f:metadata"]["f:labels"]["f:l1"]);
  });

  test("reset fields are never owned", () => {
    const obj = updateManagedFields(
      undefined,
      { ...deployment(), status: { replicas: 1 } },
      { manager: "m", apiVersion: "apps/v1", now: at(0), schema, resetFields: [["status"]] },
    );
    assert.equal(fields(obj, "m")["f:status"], undefined);
  });

  test("inputs are not modified and hostile inputs never throw", () => {
    const before = deployment();
    const snapshot = structuredClone(before);
    write(undefined, before, "m");
    assert.deepEqual(before, snapshot);

    let deep: Record<string, unknown> = {};
    const root = deep;
    for (let i = 0; i < 5000; i++) {
      const next = {};
      deep.x = next;
      deep = next;
    }
    const weird: KubeObject[] = [
      { metadata: { managedFields: "garbage" as never } },
      {
        metadata: {
          managedFields: [
            { operation: "Update", apiVersion: "v1", fieldsType: "FieldsV1", fieldsV1: { "q:x": {} } },
          ],
        },
      },
      { metadata: {}, spec: root },
      { metadata: {}, spec: { containers: [null, 1, { name: null }, { name: "a" }, { name: "a" }] } },
    ];
    for (const w of weird) {
      assert.doesNotThrow(() => write(undefined, w, "m"));
      assert.doesNotThrow(() => write(w, w, "m"));
    }
  });
});

describe("the create fast path", () => {
  test("gives exactly what the general ownership computation gives", () => {
    const real = loadDefinitions() as unknown as OpenAPIDefinitions;
    const cases: [string, KubeObject, string[][]][] = [
      ["io.k8s.api.apps.v1.Deployment", deployment(), [["status"]]],
      [
        "io.k8s.api.core.v1.Pod",
        {
          apiVersion: "v1",
          kind: "Pod",
          metadata: {
            name: "p",
            namespace: "d",
            labels: {},
            annotations: { a: "b" },
            uid: "u",
            generation: 1,
          },
          spec: {
            containers: [
              { name: "a", image: "x", ports: [{ containerPort: 80 }, { containerPort: 80 }], env: [] },
              { name: "b", image: "y", command: ["sh", "-c"], resources: { limits: { cpu: "1" } } },
            ],
            volumes: [{ name: "v", emptyDir: {} }],
            tolerations: [{ key: "k", operator: "Exists" }],
            nodeSelector: null,
          },
          status: { phase: "Pending" },
        },
        [["status"]],
      ],
      [
        "io.k8s.api.core.v1.ConfigMap",
        { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "c" }, data: {} },
        [],
      ],
      [
        "io.k8s.api.core.v1.Service",
        {
          apiVersion: "v1",
          kind: "Service",
          metadata: { name: "s" },
          spec: {
            ports: [
              { port: 80, protocol: "TCP" },
              { port: 80, protocol: "UDP" },
            ],
            selector: { a: "b" },
          },
        },
        [["status"]],
      ],
      ["io.k8s.api.core.v1.Namespace", { apiVersion: "v1", kind: "Namespace", metadata: { name: "n" } }, []],
    ];
    for (const [def, obj, resetFields] of cases) {
      const schema = schemaFor(real, def)!;
      const c = compare(emptyLike(obj, schema), obj, schema);
      const general = stripMeta(c.added.union(c.modified).recursiveDifference(resetSet(resetFields)));
      const fast = createdEntry(obj, { manager: "m", apiVersion: "v1", now: at(0), schema, resetFields });
      assert.deepEqual(fast?.fieldsV1, general.empty ? undefined : general.toFieldsV1(), def);
      if (fast)
        assert.equal(
          JSON.stringify(fast.fieldsV1),
          JSON.stringify(general.toFieldsV1()),
          `${def}: key order`,
        );
    }
  });
});
