/**
 * The real kubectl against a real `k8ts server`: deletion (cascading through ownerReferences,
 * by file, by label), namespaces (deletion of their content, missing and terminating ones),
 * listing across namespaces, field selectors and paged lists.
 */
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { type Cluster, startCluster } from "./helpers/k8ts.js";
import { eventually, type Session, session } from "./helpers/kubectl-session.js";

/** A ReplicaSet owned by the Deployment `owner` (uid `uid`), as the deployment controller makes it. */
const ownedReplicaSet = (
  name: string,
  owner: string,
  uid: string,
  finalizers: string[] = [],
) => `apiVersion: apps/v1
kind: ReplicaSet
metadata:
  name: ${name}
  labels: {app: ${owner}}
  finalizers: ${JSON.stringify(finalizers)}
  ownerReferences:
  - apiVersion: apps/v1
    kind: Deployment
    name: ${owner}
    uid: ${uid}
    controller: true
    blockOwnerDeletion: true
spec:
  replicas: 1
  selector: {matchLabels: {app: ${owner}}}
  template:
    metadata: {labels: {app: ${owner}}}
    spec:
      containers: [{name: c, image: nginx}]
`;

describe("kubectl deletion and namespaces against k8ts server", () => {
  let c: Cluster;
  let k: Session;
  const json = (args: string[]) => JSON.parse(k.ok([...args, "-o", "json"]));
  const gone = (args: string[]) => {
    const r = k.run(["get", ...args]);
    return r.code !== 0 && /NotFound|not found/.test(r.stderr);
  };
  /** A Deployment and a ReplicaSet it owns; returns the deployment's uid. */
  const deploymentWithReplicaSet = (name: string, rsFinalizers: string[] = []) => {
    k.ok(["create", "deployment", name, "--image=nginx"]);
    const uid = json(["get", "deployment", name]).metadata.uid as string;
    k.ok(["apply", "-f", "-"], ownedReplicaSet(`${name}-rs`, name, uid, rsFinalizers));
    return uid;
  };

  before(async () => {
    c = await startCluster();
    k = session(c);
  });
  after(async () => {
    await c?.stop();
  });

  it("delete --cascade=foreground removes the owned ReplicaSet before the Deployment", async () => {
    deploymentWithReplicaSet("fg");
    assert.match(
      k.ok(["delete", "deployment", "fg", "--cascade=foreground", "--timeout=60s"]),
      /^deployment.apps "fg" deleted$/m,
    );
    // kubectl waited for the Deployment to go, which upstream allows only after its dependents.
    assert.ok(gone(["deployment", "fg"]));
    assert.ok(gone(["rs", "fg-rs"]), "the ReplicaSet outlived its foreground-deleted owner");

    // A dependent that cannot go yet holds its owner in deletion.
    deploymentWithReplicaSet("fg-held", ["example.com/hold"]);
    k.ok(["delete", "deployment", "fg-held", "--cascade=foreground", "--wait=false"]);
    await eventually(
      "the ReplicaSet is being deleted",
      () =>
        k.run(["get", "rs", "fg-held-rs", "-o", "jsonpath={.metadata.deletionTimestamp}"]).stdout.length > 0,
    );
    const held = json(["get", "deployment", "fg-held"]).metadata;
    assert.ok(held.deletionTimestamp);
    assert.deepEqual(held.finalizers, ["foregroundDeletion"]);
    assert.equal(held.generation, 2, "the start of deletion counts as a change");
    k.ok(["patch", "rs", "fg-held-rs", "--type=merge", "-p", '{"metadata":{"finalizers":null}}']);
    await eventually("the Deployment is gone", () => gone(["deployment", "fg-held"]));
    assert.ok(gone(["rs", "fg-held-rs"]));
  });

  it("delete --cascade=orphan keeps the ReplicaSet and drops its ownerReference", () => {
    deploymentWithReplicaSet("orph");
    assert.match(
      k.ok(["delete", "deployment", "orph", "--cascade=orphan", "--timeout=60s"]),
      /^deployment.apps "orph" deleted$/m,
    );
    assert.ok(gone(["deployment", "orph"]));
    const rs = json(["get", "rs", "orph-rs"]);
    assert.equal(rs.metadata.ownerReferences, undefined);
    assert.equal(rs.metadata.deletionTimestamp, undefined);
    assert.match(k.ok(["get", "rs"]), /^orph-rs\s+1\s+\d+\s+\d+\s+\d+s$/m);
  });

  it("delete (background cascading) lets the garbage collector remove the ReplicaSet", async () => {
    deploymentWithReplicaSet("bg");
    k.ok(["delete", "deployment", "bg"]);
    assert.ok(gone(["deployment", "bg"]));
    await eventually("the orphaned ReplicaSet is collected", () => gone(["rs", "bg-rs"]));
  });

  it("a pod on a node terminates gracefully; a shorter grace period or --force ends it sooner", () => {
    k.ok(
      ["apply", "-f", "-"],
      "apiVersion: v1\nkind: Pod\nmetadata: {name: graceful}\nspec:\n  nodeName: some-node\n  containers: [{name: c, image: nginx}]\n",
    );
    k.ok(["delete", "pod", "graceful", "--wait=false"]);
    // Nobody runs the pod here to confirm it stopped: it stays Terminating.
    assert.match(k.ok(["get", "pod", "graceful"]), /^graceful\s+0\/1\s+Terminating\s/m);
    const first = json(["get", "pod", "graceful"]).metadata;
    assert.equal(first.deletionGracePeriodSeconds, 30);
    k.ok(["delete", "pod", "graceful", "--grace-period=5", "--wait=false"]);
    const second = json(["get", "pod", "graceful"]).metadata;
    assert.equal(second.deletionGracePeriodSeconds, 5);
    assert.equal(Date.parse(first.deletionTimestamp) - Date.parse(second.deletionTimestamp), 25_000);
    // A longer one does not extend it.
    k.ok(["delete", "pod", "graceful", "--grace-period=60", "--wait=false"]);
    assert.equal(json(["get", "pod", "graceful"]).metadata.deletionGracePeriodSeconds, 5);
    const forced = k.run(["delete", "pod", "graceful", "--grace-period=0", "--force"]);
    assert.equal(forced.code, 0, forced.stderr);
    assert.match(forced.stdout, /^pod "graceful" force deleted$/m);
    assert.ok(gone(["pod", "graceful"]));
  });

  it("kubectl drain cordons a node and evicts its pods through pods/eviction", () => {
    k.ok(
      ["apply", "-f", "-"],
      "apiVersion: v1\nkind: Node\nmetadata: {name: drained}\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: on-drained}\nspec:\n  nodeName: drained\n  containers: [{name: c, image: nginx}]\n",
    );
    // kubectl evicts (policy/v1) only when discovery names the Eviction's group and version;
    // otherwise it deletes the pods.
    const r = k.run(["drain", "drained", "--force", "--grace-period=0", "--timeout=60s", "-v=6"]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^node\/drained cordoned$/m);
    assert.match(r.stdout, /^pod\/on-drained evicted$/m);
    assert.match(r.stdout, /^node\/drained drained$/m);
    assert.match(r.stderr, /POST https:\S+\/api\/v1\/namespaces\/default\/pods\/on-drained\/eviction 201/);
    assert.ok(gone(["pod", "on-drained"]));
    assert.equal(json(["get", "node", "drained"]).spec.unschedulable, true);
  });

  it("delete -f removes what a file describes and delete -l what a selector matches", () => {
    const file = join(c.dataDir, "two.yaml");
    writeFileSync(
      file,
      `apiVersion: v1
kind: ConfigMap
metadata: {name: file-cm}
data: {a: b}
---
apiVersion: v1
kind: Service
metadata: {name: file-svc}
spec:
  selector: {app: file}
  ports: [{port: 80}]
`,
    );
    assert.match(k.ok(["apply", "-f", file]), /configmap\/file-cm created\nservice\/file-svc created/);
    assert.match(k.ok(["delete", "-f", file]), /^configmap "file-cm" deleted\nservice "file-svc" deleted$/m);
    assert.ok(gone(["cm", "file-cm"]) && gone(["svc", "file-svc"]));
    assert.match(k.fails(["delete", "-f", file]), /configmaps "file-cm" not found/);
    assert.equal(k.ok(["delete", "-f", file, "--ignore-not-found"]), "");

    for (const [name, batch] of [
      ["lbl-1", "x"],
      ["lbl-2", "x"],
      ["lbl-3", "y"],
    ] as const) {
      k.ok(["create", "configmap", name]);
      k.ok(["label", "configmap", name, `batch=${batch}`]);
    }
    assert.match(
      k.ok(["delete", "configmap", "-l", "batch=x"]),
      /^configmap "lbl-1" deleted\nconfigmap "lbl-2" deleted$/m,
    );
    assert.equal(k.ok(["get", "cm", "-l", "batch", "-o", "name"]).trim(), "configmap/lbl-3");
    assert.match(k.ok(["delete", "configmap", "-l", "batch=none"]), /^No resources found$/m);
  });

  it("kubectl delete namespace removes the namespace and everything in it", async () => {
    k.ok(["create", "namespace", "doomed"]);
    k.ok(["create", "configmap", "c1", "-n", "doomed", "--from-literal=a=b"]);
    k.ok(["run", "p1", "-n", "doomed", "--image=nginx"]);
    deploymentWithReplicaSetIn("doomed");
    k.ok(["create", "namespace", "bystander"]);
    k.ok(["create", "configmap", "c1", "-n", "bystander"]);

    assert.match(k.ok(["delete", "namespace", "doomed", "--timeout=60s"]), /^namespace "doomed" deleted$/m);
    await eventually("the namespace is gone", () => gone(["ns", "doomed"]));
    for (const kind of ["cm", "pods", "deployments", "rs"]) {
      const r = k.run(["get", kind, "-n", "doomed", "-o", "name"]);
      assert.equal(r.stdout, "", `${kind} left in a deleted namespace`);
    }
    assert.match(k.ok(["get", "cm", "-n", "bystander"]), /^c1\s/m);

    for (const ns of ["default", "kube-system", "kube-public"]) {
      assert.match(
        k.fails(["delete", "namespace", ns, "--wait=false"]),
        new RegExp(
          `Error from server \\(Forbidden\\): namespaces "${ns}" is forbidden: this namespace may not be deleted`,
        ),
      );
      assert.match(k.ok(["get", "ns", ns]), new RegExp(`^${ns}\\s+Active\\s`, "m"));
    }
  });

  it("every namespace gets its default ServiceAccount and kube-root-ca.crt, kept until it terminates", async () => {
    // From first start, in the system namespaces too.
    for (const ns of ["default", "kube-system", "kube-public", "kube-node-lease"]) {
      assert.match(k.ok(["get", "sa", "-n", ns]), /^default\s+0\s+\d+s$/m);
      assert.match(k.ok(["get", "cm", "kube-root-ca.crt", "-n", ns]), /^kube-root-ca\.crt\s+1\s/m);
    }
    k.ok(["create", "namespace", "fresh"]);
    await eventually("the default ServiceAccount", () => !gone(["sa", "default", "-n", "fresh"]));
    await eventually("the root CA ConfigMap", () => !gone(["cm", "kube-root-ca.crt", "-n", "fresh"]));
    // The cluster's CA, the one kubeconfig trusts.
    const ca = Buffer.from(
      /certificate-authority-data: (\S+)/.exec(readFileSync(c.kubeconfig, "utf8"))![1]!,
      "base64",
    ).toString();
    const cm = json(["get", "cm", "kube-root-ca.crt", "-n", "fresh", "--show-managed-fields"]);
    assert.deepEqual(cm.data, { "ca.crt": ca });
    assert.match(cm.metadata.annotations["kubernetes.io/description"], /^Contains a CA bundle/);
    assert.equal(cm.metadata.managedFields[0].manager, "kube-controller-manager");

    // Deleted or changed, they come back.
    const uid = json(["get", "sa", "default", "-n", "fresh"]).metadata.uid;
    k.ok(["delete", "sa", "default", "-n", "fresh"]);
    await eventually("a new default ServiceAccount", () => {
      const r = k.run(["get", "sa", "default", "-n", "fresh", "-o", "jsonpath={.metadata.uid}"]);
      return r.code === 0 && r.stdout !== "" && r.stdout !== uid;
    });
    k.ok(["patch", "cm", "kube-root-ca.crt", "-n", "fresh", "-p", '{"data":{"ca.crt":"x","extra":"y"}}']);
    await eventually("the CA put back", () => {
      const data = json(["get", "cm", "kube-root-ca.crt", "-n", "fresh"]).data;
      return data["ca.crt"] === ca && data.extra === undefined;
    });

    // A terminating namespace gets nothing new, so its deletion finishes.
    k.ok(["delete", "namespace", "fresh", "--timeout=60s"]);
    await eventually("the namespace is gone", () => gone(["ns", "fresh"]));
    assert.equal(k.run(["get", "sa,cm", "-n", "fresh", "-o", "name"]).stdout, "");
  });

  function deploymentWithReplicaSetIn(ns: string): void {
    k.ok(["create", "deployment", "d1", "-n", ns, "--image=nginx"]);
    const uid = json(["get", "deployment", "d1", "-n", ns]).metadata.uid as string;
    k.ok(["apply", "-n", ns, "-f", "-"], ownedReplicaSet("d1-rs", "d1", uid));
  }

  it("refuses objects in a missing namespace and new objects in a terminating one", async () => {
    assert.match(
      k.fails(["create", "configmap", "x", "-n", "nope", "--from-literal=a=b"]),
      /namespaces "nope" not found/,
    );
    const manifest = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n  namespace: nope\n";
    assert.match(
      k.fails(["apply", "-f", "-"], manifest),
      /Error from server \(NotFound\): error when creating "STDIN": namespaces "nope" not found/,
    );
    assert.match(k.fails(["get", "ns", "nope"]), /namespaces "nope" not found/);

    k.ok(["create", "namespace", "closing"]);
    // An object whose finalizer nobody removes keeps the namespace Terminating.
    k.ok(
      ["apply", "-f", "-"],
      "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: held\n  namespace: closing\n  finalizers: [example.com/hold]\n",
    );
    k.ok(["delete", "namespace", "closing", "--wait=false"]);
    assert.match(k.ok(["get", "ns", "closing"]), /^closing\s+Terminating\s/m);
    const closing = json(["get", "ns", "closing"]).metadata;
    assert.ok(closing.deletionTimestamp);
    assert.equal(closing.deletionGracePeriodSeconds, undefined);
    assert.match(
      k.fails(["create", "configmap", "late", "-n", "closing"]),
      /configmaps "late" is forbidden: unable to create new content in namespace closing because it is being terminated/,
    );
    assert.match(
      k.fails(["run", "late", "-n", "closing", "--image=nginx"]),
      /pods "late" is forbidden: unable to create new content in namespace closing because it is being terminated/,
    );
    await eventually(
      "the held object is marked for deletion",
      () =>
        k.run(["get", "cm", "held", "-n", "closing", "-o", "jsonpath={.metadata.deletionTimestamp}"]).stdout
          .length > 0 || undefined,
    );
    assert.match(k.ok(["get", "ns", "closing"]), /^closing\s+Terminating\s/m);
    // describe tells why the namespace is stuck.
    const why = await eventually("the namespace reports what remains", () => {
      const out = k.ok(["describe", "namespace", "closing"]);
      return /NamespaceFinalizersRemaining/.test(out) && out;
    });
    assert.match(why, /^Status:\s+Terminating$/m);
    assert.match(
      why,
      /^\s+NamespaceContentRemaining\s+True\s+.+\s+SomeResourcesRemain\s+Some resources are remaining: configmaps\. has 1 resource instances$/m,
    );
    assert.match(
      why,
      /^\s+NamespaceFinalizersRemaining\s+True\s+.+\s+SomeFinalizersRemain\s+Some content in the namespace has finalizers remaining: example\.com\/hold in 1 resource instances$/m,
    );
    assert.match(why, /^\s+NamespaceDeletionContentFailure\s+False\s+.+\s+ContentDeleted\s/m);
    // Changing a terminating namespace does not end it early and strand its content.
    k.ok(["label", "namespace", "closing", "touched=yes"]);
    assert.match(k.ok(["get", "ns", "closing"]), /^closing\s+Terminating\s/m);
    assert.match(k.ok(["get", "cm", "-n", "closing"]), /^held\s/m);
    // Updates of what is still there are allowed: releasing the finalizer ends the namespace.
    k.ok(["patch", "cm", "held", "-n", "closing", "--type=merge", "-p", '{"metadata":{"finalizers":null}}']);
    await eventually("the namespace is gone", () => gone(["ns", "closing"]));
  });

  it("a namespace stuck in Terminating is released through namespaces/finalize", async () => {
    k.ok(["create", "namespace", "stuck"]);
    k.ok(
      ["apply", "-f", "-"],
      "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: held\n  namespace: stuck\n  finalizers: [example.com/hold]\n",
    );
    // spec.finalizers changes only through the finalize subresource.
    k.ok(["patch", "namespace", "stuck", "-p", '{"spec":{"finalizers":[]}}']);
    assert.deepEqual(json(["get", "ns", "stuck"]).spec.finalizers, ["kubernetes"]);
    k.ok(["delete", "namespace", "stuck", "--wait=false"]);
    const ns = json(["get", "ns", "stuck"]);
    assert.equal(ns.status.phase, "Terminating");
    ns.spec.finalizers = [];
    // Unconditional: the namespace controller may be writing status conditions meanwhile.
    delete ns.metadata.resourceVersion;
    const file = join(c.dataDir, "finalize.json");
    writeFileSync(file, JSON.stringify(ns));
    const out = JSON.parse(k.ok(["replace", "--raw", "/api/v1/namespaces/stuck/finalize", "-f", file]));
    assert.equal(out.kind, "Namespace");
    assert.deepEqual(out.spec.finalizers ?? [], []);
    await eventually("the finalized namespace is gone", () => gone(["ns", "stuck"]));
  });

  it("kubectl get all and --all-namespaces list across kinds and namespaces", () => {
    k.ok(["create", "namespace", "all-a"]);
    k.ok(["create", "namespace", "all-b"]);
    k.ok(["run", "pa", "-n", "all-a", "--image=nginx"]);
    k.ok(["run", "pb", "-n", "all-b", "--image=nginx"]);
    k.ok(["create", "deployment", "web", "-n", "all-a", "--image=nginx"]);
    k.ok(["expose", "deployment", "web", "-n", "all-a", "--port=80"]);
    k.ok(["create", "configmap", "not-in-all", "-n", "all-a"]);

    const all = k.ok(["get", "all", "-n", "all-a"]);
    assert.match(all, /^pod\/pa\s+0\/1\s+Pending\s+0\s+\d+s$/m);
    assert.match(all, /^service\/web\s+ClusterIP\s+10\.43\.\d+\.\d+\s+<none>\s+80\/TCP\s+\d+s$/m);
    assert.match(all, /^deployment.apps\/web\s+\d+\/1\s+\d+\s+\d+\s+\d+s$/m);
    assert.doesNotMatch(all, /pb|not-in-all/);

    const pods = k.ok(["get", "pods", "--all-namespaces"]);
    assert.match(pods, /^NAMESPACE\s+NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE$/m);
    assert.match(pods, /^all-a\s+pa\s+0\/1\s+Pending\s/m);
    assert.match(pods, /^all-b\s+pb\s+0\/1\s+Pending\s/m);
    const svcs = k.ok([
      "get",
      "svc",
      "-A",
      "-o",
      "custom-columns=NS:.metadata.namespace,NAME:.metadata.name",
    ]);
    assert.match(svcs, /^default\s+kubernetes$/m);
    assert.match(svcs, /^all-a\s+web$/m);
    assert.match(k.ok(["get", "all", "-A"]), /^all-b\s+pod\/pb\s/m);
  });

  it("filters pods with --field-selector and refuses unsupported fields", () => {
    k.ok(["create", "namespace", "fs"]);
    for (const p of ["fs-a", "fs-b", "fs-c"]) k.ok(["run", p, "-n", "fs", "--image=nginx"]);
    k.ok([
      "patch",
      "pod",
      "fs-b",
      "-n",
      "fs",
      "--subresource=status",
      "--type=merge",
      "-p",
      '{"status":{"phase":"Running"}}',
    ]);
    const names = (sel: string, extra: string[] = ["-n", "fs"]) =>
      k
        .ok(["get", "pods", ...extra, "--field-selector", sel, "-o", "name"])
        .trim()
        .split("\n")
        .filter(Boolean);
    assert.deepEqual(names("status.phase=Pending"), ["pod/fs-a", "pod/fs-c"]);
    assert.deepEqual(names("status.phase=Running"), ["pod/fs-b"]);
    assert.deepEqual(names("status.phase!=Pending,metadata.name!=fs-a"), ["pod/fs-b"]);
    assert.deepEqual(names("metadata.name=fs-c"), ["pod/fs-c"]);
    assert.deepEqual(names("metadata.namespace=fs,metadata.name=fs-a", ["-A"]), ["pod/fs-a"]);
    assert.match(
      k.ok(["get", "pods", "-n", "fs", "--field-selector", "status.phase=Running"]),
      /^fs-b\s+0\/1\s+Running\s+0\s+\d+s$/m,
    );
    assert.match(
      k.run(["get", "pods", "-n", "fs", "--field-selector", "metadata.name=none"]).stderr,
      /No resources found in fs namespace/,
    );
    assert.match(
      k.fails(["get", "pods", "-n", "fs", "--field-selector", "spec.color=blue"]),
      /field label not supported: spec.color/,
    );
    assert.match(k.fails(["get", "pods", "-n", "fs", "--field-selector", "a b"]), /invalid selector/);
  });

  it("pages lists with --chunk-size and still prints every object once", () => {
    k.ok(["create", "namespace", "paged"]);
    const want = Array.from({ length: 7 }, (_, i) => `page-${i}`);
    for (const n of want) k.ok(["create", "configmap", n, "-n", "paged"]);
    const r = k.run(["get", "cm", "-n", "paged", "--chunk-size=2", "-v=6"]);
    assert.equal(r.code, 0, r.stderr);
    const printed = r.stdout
      .split("\n")
      .map((l) => l.split(/\s+/)[0]!)
      .filter((n) => n.startsWith("page-"));
    assert.deepEqual(printed, want);
    assert.equal(r.stdout.match(/^NAME\s+DATA\s+AGE$/gm)?.length, 1, "one header for all pages");
    const requests = r.stderr.match(/GET https:\S+\/namespaces\/paged\/configmaps\?\S*limit=2\S* 200/g) ?? [];
    // kube-root-ca.crt may or may not exist: 7 or 8 objects in pages of 2.
    assert.ok(requests.length >= 4, `expected at least 4 pages:\n${r.stderr}`);
    assert.ok(requests.slice(1).every((q) => q.includes("continue=")));

    const names = k.ok(["get", "cm", "-n", "paged", "--chunk-size=3", "-o", "name"]).trim().split("\n");
    assert.deepEqual(
      names.filter((n) => n.startsWith("configmap/page-")),
      want.map((n) => `configmap/${n}`),
    );
  });
});
