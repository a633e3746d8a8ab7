/**
 * The real kubectl against a real `k8ts server`, the way a user works: watching, editing,
 * diffing, server-side apply and dry runs. (Generators, expose, scale and autoscale are in
 * kubectl-generators.test.ts.)
 */
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { script, spawnKubectl, useCluster } from "./helpers/kubectl-session.js";

/** Asserts `lines` holds `wanted` in this order (other lines may sit between them). */
function inOrder(lines: readonly string[], wanted: readonly string[]): void {
  let at = -1;
  for (const w of wanted) {
    const i = lines.findIndex((l, j) => j > at && l === w);
    assert.ok(i > at, `"${w}" missing or out of order in:\n${lines.join("\n")}`);
    at = i;
  }
}

describe("kubectl workflows against k8ts server", () => {
  const suite = useCluster();
  const { k, json } = suite;

  it("kubectl get -w prints additions, changes and deletions as they happen", async () => {
    k.ok(["run", "watch-0", "--image=nginx", "-l", "watch=yes"]);
    const w = spawnKubectl(suite.c, ["get", "pods", "-l", "watch=yes", "-w", "--output-watch-events"]);
    try {
      // The list came back: whatever happens from now on arrives through the watch.
      await w.until(/^ADDED\s+watch-0\s/m);
      k.ok(["run", "watch-1", "--image=nginx", "-l", "watch=yes"]);
      await w.until(/^ADDED\s+watch-1\s+0\/1\s+Pending\s+0\s+\d+s$/m);
      k.ok(["annotate", "pod", "watch-1", "note=hello"]);
      await w.until(/^MODIFIED\s+watch-1\s/m);
      // Leaving the selector is a deletion for this watcher.
      k.ok(["label", "pod", "watch-1", "watch-"]);
      await w.until(/^DELETED\s+watch-1\s/m);
      k.ok(["delete", "pod", "watch-0"]);
      await w.until(/^DELETED\s+watch-0\s/m);
    } finally {
      await w.stop();
    }
    const lines = w
      .stdout()
      .trim()
      .split("\n")
      .map((l) => l.split(/\s+/).slice(0, 2).join(" "));
    assert.equal(lines[0], "EVENT NAME");
    inOrder(lines, [
      "ADDED watch-0",
      "ADDED watch-1",
      "MODIFIED watch-1",
      "DELETED watch-1",
      "DELETED watch-0",
    ]);
    assert.ok(!lines.includes("ADDED watch-2"));
    k.ok(["delete", "pod", "watch-1"]);
  });

  it("kubectl get NAME -w follows one object through kubectl scale", async () => {
    k.ok(["create", "deployment", "watched", "--image=nginx"]);
    k.ok(["create", "deployment", "bystander", "--image=nginx"]);
    const w = spawnKubectl(suite.c, [
      "get",
      "deployment",
      "watched",
      "-w",
      "-o",
      'jsonpath={.metadata.name}={.spec.replicas}{"\\n"}',
    ]);
    try {
      await w.until(/^watched=1$/m);
      k.ok(["scale", "deployment", "bystander", "--replicas=4"]);
      k.ok(["scale", "deployment", "watched", "--replicas=3"]);
      await w.until(/^watched=3$/m);
      k.ok(["scale", "deployment", "watched", "--replicas=0"]);
      await w.until(/^watched=0$/m);
    } finally {
      await w.stop();
    }
    const lines = w.stdout().trim().split("\n");
    inOrder(lines, ["watched=1", "watched=3", "watched=0"]);
    assert.ok(
      lines.every((l) => l.startsWith("watched=")),
      `another object leaked into the watch:\n${lines.join("\n")}`,
    );
  });

  it("kubectl edit saves what KUBE_EDITOR or EDITOR changed", () => {
    k.ok(["create", "configmap", "ed-cm", "--from-literal=a=b", "--from-literal=c=d"]);
    const sed = script(suite.c, "edit-cm.sh", `sed -i 's/^  a: b$/  a: edited/' "$1"`);
    const r = k.run(["edit", "configmap", "ed-cm"], { env: { KUBE_EDITOR: sed } });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^configmap\/ed-cm edited$/m);
    assert.deepEqual(json(["get", "cm", "ed-cm"]).data, { a: "edited", c: "d" });

    k.ok(["create", "deployment", "ed-web", "--image=nginx"]);
    const relabel = script(
      suite.c,
      "edit-label.sh",
      `sed -i 's/^    app: ed-web$/    app: ed-web\\n    tier: front/' "$1"`,
    );
    const e = k.run(["edit", "deployment", "ed-web"], { env: { EDITOR: relabel } });
    assert.equal(e.code, 0, e.stderr);
    assert.match(e.stdout, /^deployment.apps\/ed-web edited$/m);
    assert.equal(json(["get", "deployment", "ed-web"]).metadata.labels.tier, "front");

    const nothing = k.run(["edit", "configmap", "ed-cm"], { env: { KUBE_EDITOR: "true" } });
    assert.equal(nothing.code, 0, nothing.stderr);
    assert.match(nothing.stderr, /Edit cancelled, no changes made\./);
  });

  it("kubectl edit reopens an invalid edit with the server's reasons and saves nothing", () => {
    k.ok(["create", "deployment", "ed-bad", "--image=nginx"]);
    const log = join(suite.c.dataDir, "edit-rounds.log");
    const editor = script(
      suite.c,
      "edit-invalid.sh",
      `cat "$1" >> ${log}\nsed -i 's/^  replicas: 1$/  replicas: -1/' "$1"`,
    );
    const r = k.run(["edit", "deployment", "ed-bad"], { env: { KUBE_EDITOR: editor } });
    assert.equal(r.code, 1, r.stdout);
    assert.match(r.stderr, /error: deployments.apps "ed-bad" is invalid/);
    assert.match(r.stderr, /Edit cancelled, no valid changes were saved\./);
    const rounds = readFileSync(log, "utf8")
      .split(/^# Please edit the object below/m)
      .slice(1);
    assert.equal(rounds.length, 2, "the editor runs again after the server refused the edit");
    assert.match(rounds[1]!, /^# deployments.apps "ed-bad" was not valid:$/m);
    const reasons = rounds[1]!.split("\n").filter((l) => l.startsWith("# * "));
    assert.deepEqual(reasons, ["# * spec.replicas: Invalid value: -1: must be greater than or equal to 0"]);
    assert.equal(json(["get", "deployment", "ed-bad"]).spec.replicas, 1);
  });

  it("kubectl diff exits 1 with a diff when the live object differs, 0 when it is the same", () => {
    const file = join(suite.c.dataDir, "diff-cm.yaml");
    const manifest = (v: string) =>
      `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: diff-cm\ndata:\n  k: ${v}\n`;
    writeFileSync(file, manifest("v1"));
    const created = k.run(["diff", "-f", file]);
    assert.equal(created.code, 1, created.stderr);
    assert.match(created.stdout, /^\+ {2}k: v1$/m);
    assert.match(created.stdout, /^\+ {2}name: diff-cm$/m);
    assert.match(k.fails(["get", "cm", "diff-cm"]), /configmaps "diff-cm" not found/);

    k.ok(["apply", "-f", file]);
    const same = k.run(["diff", "-f", file]);
    assert.equal(same.code, 0, same.stderr);
    assert.equal(same.stdout, "");

    writeFileSync(file, manifest("v2"));
    for (const extra of [[], ["--server-side"]]) {
      const changed = k.run(["diff", ...extra, "-f", file]);
      assert.equal(changed.code, 1, changed.stderr);
      assert.match(changed.stdout, /^- {2}k: v1\n\+ {2}k: v2$/m);
    }
    assert.equal(json(["get", "cm", "diff-cm"]).data.k, "v1", "diff changed the live object");
  });

  it("kubectl apply --server-side owns fields, reports conflicts and takes them with --force-conflicts", () => {
    const cm = (data: Record<string, string>) =>
      `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ssa-cm\ndata:\n${Object.entries(data)
        .map(([key, v]) => `  ${key}: ${v}`)
        .join("\n")}\n`;
    assert.match(
      k.ok(["apply", "--server-side", "-f", "-"], cm({ k: "one" })),
      /^configmap\/ssa-cm serverside-applied$/m,
    );
    k.ok(["apply", "--server-side", "-f", "-"], cm({ k: "one", j: "two" }));
    const managers = (name: string) =>
      (
        json(["get", "cm", name, "--show-managed-fields"]).metadata.managedFields as Record<string, unknown>[]
      ).map((m) => ({ manager: m.manager, operation: m.operation, fields: m.fieldsV1 }));
    assert.deepEqual(managers("ssa-cm"), [
      { manager: "kubectl", operation: "Apply", fields: { "f:data": { "f:j": {}, "f:k": {} } } },
    ]);

    const conflict = k.fails(
      ["apply", "--server-side", "--field-manager=ci", "-f", "-"],
      cm({ k: "changed" }),
    );
    assert.match(conflict, /Apply failed with 1 conflict: conflict with "kubectl": \.data\.k/);
    assert.match(conflict, /--force-conflicts/);
    assert.equal(json(["get", "cm", "ssa-cm"]).data.k, "one");

    k.ok(
      ["apply", "--server-side", "--field-manager=ci", "--force-conflicts", "-f", "-"],
      cm({ k: "changed" }),
    );
    assert.deepEqual(json(["get", "cm", "ssa-cm"]).data, { k: "changed", j: "two" });
    assert.deepEqual(
      managers("ssa-cm").sort((a, b) => String(a.manager).localeCompare(String(b.manager))),
      [
        { manager: "ci", operation: "Apply", fields: { "f:data": { "f:k": {} } } },
        { manager: "kubectl", operation: "Apply", fields: { "f:data": { "f:j": {} } } },
      ],
    );

    // kubectl's own manifests carry `creationTimestamp: null`: only the image may conflict.
    const deploy = k.ok([
      "create",
      "deployment",
      "ssa-web",
      "--image=nginx:1.24",
      "--dry-run=client",
      "-o",
      "yaml",
    ]);
    k.ok(["apply", "--server-side", "-f", "-"], deploy);
    const bumped = deploy.replace("image: nginx:1.24", "image: nginx:1.25");
    assert.match(
      k.fails(["apply", "--server-side", "--field-manager=ci", "-f", "-"], bumped),
      /Apply failed with 1 conflict: conflict with "kubectl": \.spec\.template\.spec\.containers\[name="nginx"\]\.image/,
    );
    k.ok(["apply", "--server-side", "--field-manager=ci", "--force-conflicts", "-f", "-"], bumped);
    assert.equal(json(["get", "deployment", "ssa-web"]).spec.template.spec.containers[0].image, "nginx:1.25");
  });

  it("kubectl apply --server-side refuses values of the wrong type with structured-merge-diff's words", () => {
    // A number where a string belongs (a common YAML slip), a string for a number; a
    // quantity and an int-or-string take either.
    const manifest = `apiVersion: v1
kind: ConfigMap
metadata: {name: ssa-types}
data:
  VERSION: 1
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: ssa-types}
spec:
  replicas: "2"
  selector: {matchLabels: {app: ssa-types}}
  template:
    metadata: {labels: {app: ssa-types}}
    spec:
      containers:
      - name: c
        image: nginx
        resources: {limits: {cpu: 1, memory: 64Mi}}
        readinessProbe: {httpGet: {port: 8080}}
`;
    const out = k.fails(["apply", "--server-side", "-f", "-"], manifest);
    assert.match(
      out,
      /failed to create typed patch object \(default\/ssa-types; \/v1, Kind=ConfigMap\): \.data\.VERSION: expected string, got &value\.valueUnstructured\{Value:1\}/,
    );
    assert.match(
      out,
      /failed to create typed patch object \(default\/ssa-types; apps\/v1, Kind=Deployment\): \.spec\.replicas: expected numeric \(int or float\), got string/,
    );
    assert.doesNotMatch(out, /cpu|port/);
    k.ok(
      ["apply", "--server-side", "-f", "-"],
      manifest.replace("VERSION: 1", 'VERSION: "1"').replace('replicas: "2"', "replicas: 2"),
    );
    assert.equal(json(["get", "deployment", "ssa-types"]).spec.replicas, 2);
  });

  it("kubectl apply --server-side takes over what client-side apply created", () => {
    const manifest = `apiVersion: v1
kind: Pod
metadata:
  name: csa-pod
  labels: {app: csa}
spec:
  containers: [{name: c, image: nginx}]
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: csa-web}
spec:
  replicas: 2
  selector: {matchLabels: {app: csa}}
  template:
    metadata: {labels: {app: csa}}
    spec:
      containers: [{name: c, image: nginx, ports: [{containerPort: 80}]}]
`;
    k.ok(["apply", "-f", "-"], manifest);
    // The creator owns what it sent and the defaults, not what admission added.
    const created = json(["get", "pod", "csa-pod", "--show-managed-fields"]).metadata.managedFields;
    assert.equal(created.length, 1);
    assert.equal(created[0].manager, "kubectl-client-side-apply");
    const owned = Object.keys(created[0].fieldsV1["f:spec"]);
    assert.ok(owned.includes("f:restartPolicy") && owned.includes("f:dnsPolicy"), owned.join(" "));
    for (const f of ["f:serviceAccountName", "f:priority", "f:preemptionPolicy", "f:tolerations"])
      assert.ok(!owned.includes(f), `${f} is owned by the creator`);

    const r = k.run(["apply", "--server-side", "-f", "-"], { input: manifest });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stderr, "", "the migration from client-side apply warned");
    assert.match(r.stdout, /^pod\/csa-pod serverside-applied\ndeployment.apps\/csa-web serverside-applied$/m);
    const managers = json(["get", "pod", "csa-pod", "--show-managed-fields"]).metadata.managedFields.map(
      (m: { manager: string; operation: string }) => `${m.manager}/${m.operation}`,
    );
    assert.ok(managers.includes("kubectl/Apply"), managers.join(" "));
    assert.ok(!managers.includes("kubectl-client-side-apply/Update"), managers.join(" "));
    const d = k.run(["diff", "--server-side", "-f", "-"], { input: manifest });
    assert.equal(d.code, 0, d.stdout + d.stderr);
  });

  it("--dry-run=server shows what the server would store and stores nothing", () => {
    const cm = k.ok([
      "create",
      "configmap",
      "dry-cm",
      "--from-literal=a=b",
      "--dry-run=server",
      "-o",
      "yaml",
    ]);
    assert.match(cm, /^ {2}name: dry-cm$/m);
    assert.match(cm, /^ {2}uid: [0-9a-f-]{36}$/m);
    assert.match(k.fails(["get", "cm", "dry-cm"]), /configmaps "dry-cm" not found/);

    // Server defaults, which a client-side dry run cannot know.
    const d = JSON.parse(
      k.ok(["create", "deployment", "dry-web", "--image=nginx", "--dry-run=server", "-o", "json"]),
    );
    assert.equal(d.spec.revisionHistoryLimit, 10);
    assert.equal(d.spec.progressDeadlineSeconds, 600);
    assert.equal(d.spec.template.spec.containers[0].terminationMessagePath, "/dev/termination-log");
    assert.match(k.fails(["get", "deployment", "dry-web"]), /deployments.apps "dry-web" not found/);

    k.ok(["create", "configmap", "dry-keep", "--from-literal=a=b"]);
    assert.match(
      k.ok(["delete", "configmap", "dry-keep", "--dry-run=server"]),
      /configmap "dry-keep" deleted \(server dry run\)/,
    );
    k.ok(["label", "configmap", "dry-keep", "x=y", "--dry-run=server"]);
    const kept = json(["get", "cm", "dry-keep"]);
    assert.equal(kept.metadata.labels, undefined);
  });

  it("writes that change nothing keep the resourceVersion and kubectl says (no change)", () => {
    k.ok(["create", "deployment", "noop-web", "--image=nginx"]);
    const before = json(["get", "deployment", "noop-web"]);
    const rv = before.metadata.resourceVersion;
    // status is not written through the main resource.
    assert.match(
      k.ok(["patch", "deployment", "noop-web", "--type=merge", "-p", '{"status":{"replicas":5}}']),
      /^deployment.apps\/noop-web patched \(no change\)$/m,
    );
    assert.match(
      k.ok(["replace", "-f", "-"], JSON.stringify(before)),
      /^deployment.apps\/noop-web replaced$/m,
    );
    assert.match(k.ok(["scale", "deployment", "noop-web", "--replicas=1"]), /scaled/);
    assert.equal(json(["get", "deployment", "noop-web"]).metadata.resourceVersion, rv);
    k.ok(["scale", "deployment", "noop-web", "--replicas=2"]);
    assert.notEqual(json(["get", "deployment", "noop-web"]).metadata.resourceVersion, rv);
  });
});
