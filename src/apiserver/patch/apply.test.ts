import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { KubeObject } from "../../api/types.js";
import { APPLY_PATCH, applyPatch, PatchError, schemaFor, updateManagedFields } from "./index.js";
import { DEPLOYMENT, definitions, deployment } from "./testdata.js";

const t0 = new Date("2024-06-01T12:00:00Z");
const t1 = new Date("2024-06-01T13:00:00Z");
const schema = schemaFor(definitions, DEPLOYMENT);

interface Config {
  replicas?: unknown;
  image?: string;
  labels?: Record<string, string>;
  containers?: Record<string, unknown>[];
  extraSpec?: Record<string, unknown>;
}

/** The configuration `kubectl apply --server-side` sends for the "web" Deployment. */
function config(c: Config = {}): string {
  return JSON.stringify({
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name: "web", namespace: "default", labels: c.labels ?? { app: "web" } },
    spec: {
      ...(c.replicas !== undefined ? { replicas: c.replicas } : {}),
      selector: { matchLabels: { app: "web" } },
      template: {
        metadata: { labels: { app: "web" } },
        spec: {
          containers: c.containers ?? [
            { name: "nginx", image: c.image ?? "nginx:1.24", ports: [{ containerPort: 80 }] },
          ],
        },
      },
      ...c.extraSpec,
    },
  });
}

function apply(
  current: KubeObject | undefined,
  body: string,
  opts: { manager?: string; force?: boolean; now?: Date } = {},
): KubeObject {
  return applyPatch({
    patchType: APPLY_PATCH,
    current,
    body,
    definitions,
    definition: DEPLOYMENT,
    manager: opts.manager ?? "kubectl",
    force: opts.force,
    apiVersion: "apps/v1",
    kind: "Deployment",
    now: opts.now ?? t0,
  });
}

/** The Deployment as created by `kubectl apply` (client-side), owned by its manager. */
function createdClientSide(): KubeObject {
  return updateManagedFields(undefined, deployment(), {
    manager: "kubectl-client-side-apply",
    apiVersion: "apps/v1",
    now: t0,
    schema,
  });
}

// biome-ignore lint/suspicious/noExplicitAny: tests read deep into objects
const spec = (o: KubeObject) => o.spec as any;
// biome-ignore lint/suspicious/noExplicitAny: tests read deep into objects
const entries = (o: KubeObject) => o.metadata.managedFields as any[];
const entry = (o: KubeObject, manager: string) => entries(o).find((e) => e.manager === manager);

function conflict(f: () => unknown): PatchError {
  let err: unknown;
  assert.throws(f, (e: unknown) => {
    err = e;
    return e instanceof PatchError && e.status === 409 && e.reason === "Conflict";
  });
  return err as PatchError;
}

describe("server-side apply", () => {
  test("creating an object records the applier's fields in upstream's FieldsV1 form", () => {
    const obj = apply(undefined, config({ replicas: 2 }));
    assert.equal(spec(obj).replicas, 2);
    assert.deepEqual(entries(obj), [
      {
        manager: "kubectl",
        operation: "Apply",
        apiVersion: "apps/v1",
        time: "2024-06-01T12:00:00Z",
        fieldsType: "FieldsV1",
        fieldsV1: {
          "f:metadata": { "f:labels": { "f:app": {} } },
          "f:spec": {
            "f:replicas": {},
            "f:selector": {},
            "f:template": {
              "f:metadata": { "f:labels": { "f:app": {} } },
              "f:spec": {
                "f:containers": {
                  'k:{"name":"nginx"}': {
                    ".": {},
                    "f:image": {},
                    "f:name": {},
                    "f:ports": {
                      'k:{"containerPort":80,"protocol":"TCP"}': { ".": {}, "f:containerPort": {} },
                    },
                  },
                },
              },
            },
          },
        },
      },
    ]);
  });

  test("applying the same configuration twice is a no-op", () => {
    const first = apply(undefined, config({ replicas: 2 }));
    const second = apply(first, config({ replicas: 2 }), { now: t1 });
    assert.deepEqual(second, first);
  });

  test("two managers applying the same null (kubectl's template creationTimestamp) do not conflict", () => {
    const withNull = (image: string) => {
      const c = JSON.parse(config({ image }));
      c.spec.template.metadata.creationTimestamp = null;
      return JSON.stringify(c);
    };
    const first = apply(undefined, withNull("nginx:1.24"));
    assert.equal("creationTimestamp" in spec(first).template.metadata, false);
    const err = conflict(() => apply(first, withNull("nginx:2"), { manager: "ci" }));
    assert.equal(
      err.message,
      'Apply failed with 1 conflict: conflict with "kubectl": .spec.template.spec.containers[name="nginx"].image',
    );
    const forced = apply(first, withNull("nginx:2"), { manager: "ci", force: true });
    assert.equal(spec(forced).template.spec.containers[0].image, "nginx:2");
  });

  test("a changed value is applied and the applier's time moves", () => {
    const first = apply(undefined, config({ replicas: 2 }));
    const second = apply(first, config({ replicas: 5 }), { now: t1 });
    assert.equal(spec(second).replicas, 5);
    assert.equal(entry(second, "kubectl").time, "2024-06-01T13:00:00Z");
  });

  test("an applied port without protocol matches the stored, defaulted port", () => {
    const obj = apply(createdClientSide(), config({ replicas: 1 }));
    assert.deepEqual(spec(obj).template.spec.containers[0].ports, [{ containerPort: 80, protocol: "TCP" }]);
  });

  test("changing a field another manager set is a conflict, worded as upstream", () => {
    const err = conflict(() => apply(createdClientSide(), config({ replicas: 3 })));
    assert.equal(
      err.message,
      'Apply failed with 1 conflict: conflict with "kubectl-client-side-apply" using apps/v1: .spec.replicas',
    );
    assert.deepEqual(err.causes, [
      {
        reason: "FieldManagerConflict",
        message: 'conflict with "kubectl-client-side-apply" using apps/v1',
        field: ".spec.replicas",
      },
    ]);
    assert.deepEqual(err.toStatus(), {
      kind: "Status",
      apiVersion: "v1",
      metadata: {},
      status: "Failure",
      message: err.message,
      reason: "Conflict",
      details: { causes: err.causes },
      code: 409,
    });
  });

  test("several conflicts are listed per manager", () => {
    const err = conflict(() => apply(createdClientSide(), config({ replicas: 3, image: "nginx:1.25" })));
    assert.equal(
      err.message,
      [
        'Apply failed with 2 conflicts: conflicts with "kubectl-client-side-apply" using apps/v1:',
        "- .spec.replicas",
        '- .spec.template.spec.containers[name="nginx"].image',
      ].join("\n"),
    );
    assert.deepEqual(
      err.causes.map((c) => c.field),
      [".spec.replicas", '.spec.template.spec.containers[name="nginx"].image'],
    );
  });

  test("setting the same value another manager set shares ownership without conflict", () => {
    const obj = apply(createdClientSide(), config({ replicas: 1 }));
    assert.ok(entry(obj, "kubectl").fieldsV1["f:spec"]["f:replicas"]);
    assert.ok(entry(obj, "kubectl-client-side-apply").fieldsV1["f:spec"]["f:replicas"]);
  });

  test("force takes the conflicting fields over", () => {
    const obj = apply(createdClientSide(), config({ replicas: 3 }), { force: true });
    assert.equal(spec(obj).replicas, 3);
    assert.ok(entry(obj, "kubectl").fieldsV1["f:spec"]["f:replicas"]);
    assert.equal(entry(obj, "kubectl-client-side-apply").fieldsV1["f:spec"]["f:replicas"], undefined);
    assert.deepEqual(
      entries(obj).map((e) => `${e.manager}/${e.operation}`),
      ["kubectl/Apply", "kubectl-client-side-apply/Update"],
    );
  });

  test("a field applied before and no longer applied is removed", () => {
    const first = apply(undefined, config({ replicas: 2, labels: { app: "web", tier: "frontend" } }));
    const second = apply(first, config({ labels: { app: "web" } }), { now: t1 });
    assert.deepEqual(second.metadata.labels, { app: "web" });
    assert.equal(spec(second).replicas, undefined);
    assert.equal(entry(second, "kubectl").fieldsV1["f:spec"]["f:replicas"], undefined);
  });

  test("a container applied before and no longer applied is removed", () => {
    const both = [
      { name: "nginx", image: "nginx:1.24" },
      { name: "sidecar", image: "proxy:1" },
    ];
    const first = apply(undefined, config({ containers: both }));
    const second = apply(first, config({ containers: [both[0]!] }), { now: t1 });
    assert.deepEqual(spec(second).template.spec.containers, [{ name: "nginx", image: "nginx:1.24" }]);
  });

  test("a field another manager took over is not removed", () => {
    const first = apply(undefined, config({ labels: { app: "web", tier: "frontend" } }));
    const relabeled = updateManagedFields(
      first,
      { ...first, metadata: { ...first.metadata, labels: { app: "web", tier: "backend" } } },
      { manager: "kubectl-label", apiVersion: "apps/v1", now: t1, schema },
    );
    const second = apply(relabeled, config({ labels: { app: "web" } }), { now: t1 });
    assert.deepEqual(second.metadata.labels, { app: "web", tier: "backend" });
  });

  test("list items of different appliers merge by key and survive each other's applies", () => {
    const mine = { name: "nginx", image: "nginx:1.24" };
    const theirs = { name: "sidecar", image: "proxy:1" };
    const first = apply(undefined, config({ containers: [mine] }));
    const second = apply(first, config({ containers: [theirs] }), { manager: "other" });
    assert.deepEqual(
      spec(second).template.spec.containers.map((c: { name: string }) => c.name),
      ["nginx", "sidecar"],
    );
    const third = apply(second, config({ containers: [mine], replicas: 4 }), { now: t1 });
    assert.deepEqual(
      spec(third).template.spec.containers.map((c: { name: string }) => c.name),
      ["nginx", "sidecar"],
    );
  });

  test("kubectl apply --server-side takes over from kubectl apply (last-applied annotation)", () => {
    const LAST = "kubectl.kubernetes.io/last-applied-configuration";
    const byClientSideApply = (live: KubeObject) => {
      live.metadata.annotations = { [LAST]: `${config({ replicas: 1 })}\n` };
      return updateManagedFields(undefined, live, {
        manager: "kubectl-client-side-apply",
        apiVersion: "apps/v1",
        now: t0,
        schema,
      });
    };
    const upgraded = apply(byClientSideApply(deployment()), config({ replicas: 3 }), { now: t1 });
    assert.equal(spec(upgraded).replicas, 3);
    assert.ok(entry(upgraded, "kubectl").fieldsV1["f:spec"]["f:replicas"]);
    assert.deepEqual(JSON.parse(upgraded.metadata.annotations![LAST]!), JSON.parse(config({ replicas: 3 })));

    // Another manager name gets no such allowance.
    assert.throws(() => apply(byClientSideApply(deployment()), config({ replicas: 3 }), { manager: "helm" }));

    // A field changed since the last client-side apply is a conflict still.
    const scaled = deployment();
    spec(scaled).replicas = 5;
    const err = conflict(() => apply(byClientSideApply(scaled), config({ replicas: 3 })));
    assert.deepEqual(
      err.causes.map((c) => c.field),
      [".spec.replicas"],
    );
  });

  test("an object nobody manages is first attributed to before-first-apply", () => {
    const err = conflict(() => apply(deployment(), config({ replicas: 3 })));
    assert.equal(
      err.message,
      'Apply failed with 1 conflict: conflict with "before-first-apply" using apps/v1: .spec.replicas',
    );
  });

  test("atomic structs are owned and replaced as a whole", () => {
    const first = apply(undefined, config());
    assert.deepEqual(entry(first, "kubectl").fieldsV1["f:spec"]["f:selector"], {});
  });

  test("YAML bodies are accepted", () => {
    const yaml = [
      "apiVersion: apps/v1",
      "kind: Deployment",
      "metadata:",
      "  name: web",
      "spec:",
      "  replicas: 2 # two",
      "  selector:",
      "    matchLabels: {app: web}",
    ].join("\n");
    assert.equal(spec(apply(undefined, yaml)).replicas, 2);
  });

  test("requests upstream refuses are refused the same way", () => {
    const cases: [string, () => unknown, number, string | RegExp][] = [
      [
        "no field manager",
        () =>
          applyPatch({
            patchType: APPLY_PATCH,
            current: undefined,
            body: config(),
            definitions,
            definition: DEPLOYMENT,
            now: t0,
          }),
        422,
        'PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply patch',
      ],
      [
        "another kind",
        () => apply(undefined, JSON.stringify({ apiVersion: "v1", kind: "Pod", metadata: { name: "web" } })),
        400,
        "invalid object type: /v1, Kind=Pod",
      ],
      [
        "managedFields in the body",
        () =>
          apply(
            undefined,
            JSON.stringify({
              apiVersion: "apps/v1",
              kind: "Deployment",
              metadata: { name: "web", managedFields: [] },
            }),
          ),
        400,
        "metadata.managedFields must be nil",
      ],
      [
        "an undeclared field",
        () => apply(undefined, config({ extraSpec: { replica: 3 } })),
        400,
        "failed to create typed patch object (default/web; apps/v1, Kind=Deployment): .spec.replica: field not declared in schema",
      ],
      [
        // smd's typed validation, as upstream words each scalar kind: numeric by Go type,
        // string by %#v of its value, boolean and maps and lists by %v of it.
        "scalars, maps and lists of the wrong type",
        () =>
          apply(
            undefined,
            config({
              replicas: "3",
              extraSpec: { paused: "yes", revisionHistoryLimit: { a: 1 }, strategy: [] },
              containers: [
                {
                  name: "c",
                  args: [1, "x"],
                  env: [{ name: "PORT", value: 587 }],
                  ports: [{ containerPort: 80, name: 1.5 }],
                  command: "sh",
                },
              ],
            }),
          ),
        400,
        [
          "failed to create typed patch object (default/web; apps/v1, Kind=Deployment): errors:",
          "  .spec.replicas: expected numeric (int or float), got string",
          '  .spec.template.spec.containers[name="c"].args[0]: expected string, got &value.valueUnstructured{Value:1}',
          '  .spec.template.spec.containers[name="c"].env[name="PORT"].value: expected string, got &value.valueUnstructured{Value:587}',
          '  .spec.template.spec.containers[name="c"].ports[containerPort=80,protocol="TCP"].name: expected string, got &value.valueUnstructured{Value:1.5}',
          '  .spec.template.spec.containers[name="c"].command: expected list, got &{sh}',
          "  .spec.paused: expected boolean, got &{yes}",
          "  .spec.revisionHistoryLimit: expected numeric (int or float), got map[string]interface {}",
          "  .spec.strategy: expected map, got &{[]}",
        ].join("\n"),
      ],
      [
        "a container without a name",
        () => apply(undefined, config({ containers: [{ image: "x" }] })),
        400,
        /\.spec\.template\.spec\.containers: element 0: associative list with keys has an element that omits all key fields \["name"\]/,
      ],
      [
        "duplicate containers",
        () => apply(undefined, config({ containers: [{ name: "a" }, { name: "a" }] })),
        400,
        /duplicate entries for key \[name="a"\]/,
      ],
      ["a YAML scalar", () => apply(undefined, "just a string"), 400, /^error decoding YAML: /],
      [
        "an alias bomb",
        () =>
          apply(
            undefined,
            [
              'a: &a ["x","x","x","x","x","x","x","x","x"]',
              "b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]",
              "c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]",
              "d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]",
              "e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]",
              "f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]",
            ].join("\n"),
          ),
        400,
        /^error decoding YAML: /,
      ],
    ];
    for (const [name, f, status, message] of cases) {
      assert.throws(
        f,
        (e: unknown) => {
          assert.ok(e instanceof PatchError, `${name}: ${e}`);
          assert.equal(e.status, status, name);
          if (typeof message === "string") assert.equal(e.message, message, name);
          else assert.match(e.message, message, name);
          return true;
        },
        name,
      );
    }
  });

  test("reset fields (status on the main resource) are never owned", () => {
    const body = JSON.stringify({
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: { name: "web" },
      spec: { replicas: 1 },
      status: { replicas: 1 },
    });
    const obj = applyPatch({
      patchType: APPLY_PATCH,
      current: undefined,
      body,
      definitions,
      definition: DEPLOYMENT,
      manager: "kubectl",
      now: t0,
      resetFields: [["status"]],
    });
    assert.deepEqual(entry(obj, "kubectl").fieldsV1, { "f:spec": { "f:replicas": {} } });
  });

  test("without a schema, maps merge and lists are replaced (custom resources)", () => {
    const cr = (items: string[], extra: Record<string, unknown> = {}) =>
      JSON.stringify({
        apiVersion: "x.io/v1",
        kind: "Thing",
        metadata: { name: "t" },
        spec: { items, ...extra },
      });
    const first = applyPatch({
      patchType: APPLY_PATCH,
      current: undefined,
      body: cr(["a", "b"], { x: 1 }),
      manager: "m",
      now: t0,
    });
    const second = applyPatch({
      patchType: APPLY_PATCH,
      current: first,
      body: cr(["c"]),
      manager: "m",
      now: t1,
    });
    assert.deepEqual(second.spec, { items: ["c"] });
    // Without a schema every map key is itself owned, as upstream records custom resources.
    assert.deepEqual((second.metadata.managedFields as { fieldsV1: unknown }[])[0]!.fieldsV1, {
      "f:spec": { ".": {}, "f:items": {} },
    });
  });
});
