/**
 * The real kubectl against a real `k8ts server`: `kubectl describe` of the core kinds with the
 * Events that concern them, and the events themselves through `kubectl get events`,
 * `kubectl events` and events.k8s.io.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { useCluster } from "./helpers/kubectl-session.js";

const rfc3339 = (minutesAgo: number) =>
  new Date(Date.now() - minutesAgo * 60_000).toISOString().replace(/\.\d{3}Z$/, "Z");

interface Involved {
  readonly apiVersion: string;
  readonly kind: string;
  readonly name: string;
  readonly namespace: string;
  readonly uid: string;
}

interface EventSpec {
  readonly name: string;
  /** Where the Event is stored; events about cluster-scoped objects live in "default". */
  readonly namespace?: string;
  readonly about: Involved;
  readonly type?: "Normal" | "Warning";
  readonly reason: string;
  readonly message: string;
  /** When it was last seen (default 20 minutes ago); first seen 10 minutes before. */
  readonly minutesAgo?: number;
  readonly count?: number;
  readonly component?: string;
}

const eventYaml = (e: EventSpec) => `apiVersion: v1
kind: Event
metadata:
  name: ${e.name}
  namespace: ${e.namespace ?? (e.about.namespace || "default")}
involvedObject: ${JSON.stringify(e.about)}
type: ${e.type ?? "Normal"}
reason: ${e.reason}
message: ${JSON.stringify(e.message)}
count: ${e.count ?? 1}
firstTimestamp: "${rfc3339((e.minutesAgo ?? 20) + 10)}"
lastTimestamp: "${rfc3339(e.minutesAgo ?? 20)}"
source: {component: ${e.component ?? "tester"}}
`;

/** The rows of the Events table at the end of `kubectl describe`. */
function eventsOf(out: string): string[] {
  const at = out.lastIndexOf("\nEvents:");
  assert.ok(at >= 0, `no Events section in:\n${out}`);
  return out
    .slice(at)
    .split("\n")
    .slice(2)
    .filter((l) => /^\s+(Normal|Warning)\s/.test(l))
    .map((l) =>
      l
        .trim()
        .split(/\s{2,}/)
        .join(" | "),
    );
}

describe("kubectl describe and events against k8ts server", () => {
  const suite = useCluster();
  const { k, json } = suite;
  /** The ObjectReference of an existing object, as a component recording an event makes it. */
  const ref = (args: string[]): Involved => {
    const o = json(["get", ...args]);
    return {
      apiVersion: o.apiVersion,
      kind: o.kind,
      name: o.metadata.name,
      namespace: o.metadata.namespace ?? "",
      uid: o.metadata.uid,
    };
  };
  const record = (e: EventSpec) => k.ok(["create", "-f", "-"], eventYaml(e));

  it("describes a pod with its events only", () => {
    k.ok(["run", "desc-pod", "--image=nginx", "--labels=app=desc"]);
    const pod = ref(["pod", "desc-pod"]);
    record({
      name: "desc-pod.1",
      about: pod,
      type: "Warning",
      reason: "BackOff",
      message: "Back-off restarting failed container",
      count: 3,
      component: "kubelet",
    });
    record({ name: "desc-pod.2", about: pod, reason: "Pulled", message: "Container image already present" });
    // An earlier pod of the same name, and a same-named pod elsewhere: not this pod's history.
    record({
      name: "desc-pod.old",
      about: { ...pod, uid: "0f0f0f0f-0000-4000-8000-000000000000" },
      reason: "Stale",
      message: "old pod",
    });
    k.ok(["create", "namespace", "elsewhere"]);
    k.ok(["run", "desc-pod", "-n", "elsewhere", "--image=nginx"]);
    record({
      name: "desc-pod.other",
      about: ref(["pod", "desc-pod", "-n", "elsewhere"]),
      reason: "Other",
      message: "other namespace",
    });

    const out = k.ok(["describe", "pod", "desc-pod"]);
    assert.match(out, /^Name:\s+desc-pod$/m);
    assert.match(out, /^Namespace:\s+default$/m);
    assert.match(out, /^Labels:\s+app=desc$/m);
    assert.match(out, /^Status:\s+Pending$/m);
    assert.match(out, /^\s+Image:\s+nginx$/m);
    assert.match(
      out,
      /^Events:\n\s+Type\s+Reason\s+Age\s+From\s+Message\n\s+----\s+------\s+----\s+----\s+-------$/m,
    );
    assert.deepEqual(eventsOf(out).sort(), [
      "Normal | Pulled | 30m | tester | Container image already present",
      "Warning | BackOff | 20m (x3 over 30m) | kubelet | Back-off restarting failed container",
    ]);
    assert.deepEqual(eventsOf(k.ok(["describe", "pod", "desc-pod", "-n", "elsewhere"])), [
      "Normal | Other | 30m | tester | other namespace",
    ]);
    assert.match(k.ok(["describe", "pod", "desc-pod", "--show-events=false"]), /^(?![\s\S]*\nEvents:)/);
  });

  it("describes a service, deployment, replica set, configmap and pvc with their events", () => {
    k.ok(["create", "deployment", "desc-web", "--image=nginx", "--replicas=2"]);
    const deploy = ref(["deployment", "desc-web"]);
    k.ok(
      ["apply", "-f", "-"],
      `apiVersion: apps/v1
kind: ReplicaSet
metadata:
  name: desc-web-1
  labels: {app: desc-web}
  ownerReferences:
  - {apiVersion: apps/v1, kind: Deployment, name: desc-web, uid: ${deploy.uid}, controller: true, blockOwnerDeletion: true}
spec:
  replicas: 2
  selector: {matchLabels: {app: desc-web}}
  template:
    metadata: {labels: {app: desc-web}}
    spec:
      containers: [{name: nginx, image: nginx}]
`,
    );
    k.ok(["expose", "deployment", "desc-web", "--port=80"]);
    k.ok(["create", "configmap", "desc-cm", "--from-literal=greeting=hello"]);
    k.ok(
      ["apply", "-f", "-"],
      "apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata: {name: desc-pvc}\nspec:\n  accessModes: [ReadWriteOnce]\n  resources: {requests: {storage: 1Gi}}\n",
    );
    const cases: { args: string[]; reason: string; fields: RegExp[] }[] = [
      {
        args: ["deployment", "desc-web"],
        reason: "ScalingReplicaSet",
        fields: [
          /^Replicas:\s+2 desired \| \d+ updated \| \d+ total \| \d+ available \| \d+ unavailable$/m,
          /^Selector:\s+app=desc-web$/m,
        ],
      },
      {
        args: ["replicaset", "desc-web-1"],
        reason: "SuccessfulCreate",
        fields: [/^Controlled By:\s+Deployment\/desc-web$/m, /^Replicas:\s+\d+ current \/ 2 desired$/m],
      },
      {
        args: ["service", "desc-web"],
        reason: "EnsuringLoadBalancer",
        fields: [
          /^Selector:\s+app=desc-web$/m,
          /^Type:\s+ClusterIP$/m,
          /^Port:\s+<unset>\s+80\/TCP$/m,
          /^IP:\s+10\.43\.\d+\.\d+$/m,
        ],
      },
      { args: ["configmap", "desc-cm"], reason: "Touched", fields: [/^greeting:\n----\nhello$/m] },
      {
        args: ["pvc", "desc-pvc"],
        reason: "ProvisioningFailed",
        fields: [/^Status:\s+Pending$/m, /^Used By:\s+<none>$/m],
      },
    ];
    for (const [i, t] of cases.entries()) {
      record({
        name: `desc-ev-${i}`,
        about: ref(t.args),
        reason: t.reason,
        message: `about ${t.args.join("/")}`,
      });
    }
    for (const t of cases) {
      const out = k.ok(["describe", ...t.args]);
      for (const f of t.fields) assert.match(out, f, `kubectl describe ${t.args.join(" ")}`);
      assert.deepEqual(
        eventsOf(out),
        [`Normal | ${t.reason} | 30m | tester | about ${t.args.join("/")}`],
        t.args.join(" "),
      );
    }
  });

  it("describes cluster-scoped objects (node, persistent volume) with events stored in default", () => {
    k.ok(
      ["apply", "-f", "-"],
      `apiVersion: v1
kind: Node
metadata:
  name: desc-node
  labels: {kubernetes.io/hostname: desc-node}
spec:
  # Keeps a scheduler from placing the other tests' pods here.
  taints: [{key: example.com/dedicated, value: tests, effect: NoSchedule}]
status:
  capacity: {cpu: "4", memory: 8Gi, pods: "110"}
  allocatable: {cpu: "4", memory: 8Gi, pods: "110"}
  conditions:
  - {type: Ready, status: "True", reason: KubeletReady, message: kubelet is posting ready status, lastHeartbeatTime: "${rfc3339(1)}", lastTransitionTime: "${rfc3339(60)}"}
  addresses:
  - {type: InternalIP, address: 10.0.0.7}
  - {type: Hostname, address: desc-node}
  nodeInfo: {kubeletVersion: v1.32.4, osImage: Debian GNU/Linux 12, kernelVersion: 6.1.0, containerRuntimeVersion: "containerd://1.6.20", operatingSystem: linux, architecture: amd64, machineID: m, systemUUID: s, bootID: b, kubeProxyVersion: v1.32.4}
---
apiVersion: v1
kind: PersistentVolume
metadata: {name: desc-pv}
spec:
  capacity: {storage: 1Gi}
  accessModes: [ReadWriteOnce]
  hostPath: {path: /tmp/desc-pv}
`,
    );
    // A node keeps the status it was created with.
    assert.match(k.ok(["get", "node", "desc-node"]), /^desc-node\s+Ready\s+<none>\s+\d+s\s+v1\.32\.4$/m);
    // A pod bound to the node is listed by describe through a spec.nodeName field selector.
    k.ok(
      ["apply", "-f", "-"],
      "apiVersion: v1\nkind: Pod\nmetadata: {name: on-node}\nspec:\n  nodeName: desc-node\n  containers: [{name: c, image: nginx, resources: {requests: {cpu: 500m, memory: 64Mi}}}]\n",
    );
    const node = ref(["node", "desc-node"]);
    record({
      name: "desc-node.1",
      about: node,
      reason: "NodeReady",
      message: "Node desc-node status is now: NodeReady",
    });
    // The kubelet's own events name the node by its name in the uid field.
    record({
      name: "desc-node.2",
      about: { ...node, uid: "desc-node" },
      type: "Warning",
      reason: "Rebooted",
      message: "Node desc-node has been rebooted",
      component: "kubelet",
    });
    const out = k.ok(["describe", "node", "desc-node"]);
    assert.match(out, /^\s+Ready\s+True\s+.*\s+KubeletReady\s+kubelet is posting ready status$/m);
    assert.match(out, /^\s+InternalIP:\s+10\.0\.0\.7$/m);
    assert.match(out, /^Taints:\s+example\.com\/dedicated=tests:NoSchedule$/m);
    assert.match(out, /^\s+Kubelet Version:\s+v1\.32\.4$/m);
    assert.match(out, /^Non-terminated Pods:\s+\(1 in total\)$/m);
    assert.match(out, /^\s+default\s+on-node\s+500m \(12%\)\s+0 \(0%\)\s+64Mi \(0%\)\s+0 \(0%\)\s+\d+s$/m);
    assert.deepEqual(eventsOf(out).sort(), [
      "Normal | NodeReady | 30m | tester | Node desc-node status is now: NodeReady",
      "Warning | Rebooted | 30m | kubelet | Node desc-node has been rebooted",
    ]);

    record({
      name: "desc-pv.1",
      about: ref(["pv", "desc-pv"]),
      reason: "VolumeFailedDelete",
      message: "about the volume",
    });
    const pv = k.ok(["describe", "pv", "desc-pv"]);
    assert.match(pv, /^\s+Path:\s+\/tmp\/desc-pv$/m);
    assert.match(pv, /^Capacity:\s+1Gi$/m);
    assert.deepEqual(eventsOf(pv), ["Normal | VolumeFailedDelete | 30m | tester | about the volume"]);
  });

  it("describes namespaces and secrets (kubectl shows no events for these)", () => {
    k.ok(["create", "namespace", "desc-ns"]);
    k.ok(["label", "namespace", "desc-ns", "team=blue"]);
    k.ok(["create", "secret", "generic", "desc-secret", "-n", "desc-ns", "--from-literal=password=s3cr3t"]);
    const ns = k.ok(["describe", "namespace", "desc-ns"]);
    assert.match(ns, /^Name:\s+desc-ns$/m);
    assert.match(ns, /^Labels:\s+kubernetes.io\/metadata.name=desc-ns\n\s+team=blue$/m);
    assert.match(ns, /^Status:\s+Active$/m);
    assert.match(ns, /^No resource quota\.$/m);
    const secret = k.ok(["describe", "secret", "desc-secret", "-n", "desc-ns"]);
    assert.match(secret, /^Type:\s+Opaque$/m);
    assert.match(secret, /^password:\s+6 bytes$/m);
    assert.doesNotMatch(secret, /s3cr3t/);
  });

  it("lists events with kubectl get events, --sort-by, field selectors, kubectl events and events.k8s.io", () => {
    k.ok(["create", "namespace", "evns"]);
    k.ok(["create", "configmap", "subject", "-n", "evns"]);
    const about = ref(["configmap", "subject", "-n", "evns"]);
    // Created in neither name nor time order.
    record({ name: "ev-late", about, reason: "Late", message: "third", minutesAgo: 12 });
    record({ name: "ev-early", about, type: "Warning", reason: "Early", message: "first", minutesAgo: 45 });
    record({ name: "ev-mid", about, reason: "Middle", message: "second", minutesAgo: 25 });

    const rows = (out: string) =>
      out
        .trim()
        .split("\n")
        .slice(1)
        .map((l) => l.split(/\s{2,}/).join(" | "));
    assert.deepEqual(rows(k.ok(["get", "events", "-n", "evns", "--sort-by=.lastTimestamp"])), [
      "45m | Warning | Early | configmap/subject | first",
      "25m | Normal | Middle | configmap/subject | second",
      "12m | Normal | Late | configmap/subject | third",
    ]);
    assert.deepEqual(
      k.ok(["get", "events", "-n", "evns", "--sort-by=.lastTimestamp", "-o", "name"]).trim().split("\n"),
      ["event/ev-early", "event/ev-mid", "event/ev-late"],
    );
    assert.match(k.ok(["get", "events", "-n", "evns"]), /^LAST SEEN\s+TYPE\s+REASON\s+OBJECT\s+MESSAGE$/m);
    assert.deepEqual(
      k
        .ok(["get", "events", "-n", "evns", "--field-selector", "type=Warning", "-o", "name"])
        .trim()
        .split("\n"),
      ["event/ev-early"],
    );
    assert.deepEqual(
      k
        .ok([
          "get",
          "events",
          "-A",
          "--field-selector",
          "reason=Middle,involvedObject.kind=ConfigMap",
          "-o",
          "name",
        ])
        .trim()
        .split("\n"),
      ["event/ev-mid"],
    );
    assert.match(
      k.ok(["events", "-n", "evns", "--for", "configmap/subject", "--types=Warning"]),
      /^\d+m\s+Warning\s+Early\s+ConfigMap\/subject\s+first$/m,
    );

    // The same events through events.k8s.io/v1.
    const v1 = json(["get", "events.v1.events.k8s.io", "-n", "evns"]);
    const byName = new Map<string, Record<string, unknown>>(
      (v1.items as Record<string, unknown>[]).map((e) => [(e.metadata as { name: string }).name, e]),
    );
    assert.deepEqual([...byName.keys()].sort(), ["ev-early", "ev-late", "ev-mid"]);
    const early = byName.get("ev-early")!;
    assert.equal(early.apiVersion, "events.k8s.io/v1");
    assert.equal(early.note, "first");
    assert.equal(early.reason, "Early");
    assert.equal(early.type, "Warning");
    assert.deepEqual(early.regarding, about);
    assert.match(
      k.ok(["get", "events.events.k8s.io", "-n", "evns", "--sort-by=.deprecatedLastTimestamp"]),
      /^45m\s+Warning\s+Early\s+configmap\/subject\s+first\n25m\s+Normal\s+Middle\s+configmap\/subject\s+second\n12m\s+Normal\s+Late\s+configmap\/subject\s+third$/m,
    );

    // And an event written through events.k8s.io shows where core events do.
    k.ok(
      ["create", "-f", "-"],
      `apiVersion: events.k8s.io/v1
kind: Event
metadata: {name: ev-new, namespace: evns}
eventTime: "${new Date(Date.now() - 15 * 60_000).toISOString().replace("Z", "000Z")}"
reportingController: example.com/checker
reportingInstance: checker-1
action: Check
reason: Checked
note: written through events.k8s.io
type: Normal
regarding: ${JSON.stringify(about)}
`,
    );
    assert.match(
      k.ok(["get", "events", "-n", "evns"]),
      /\sChecked\s+configmap\/subject\s+written through events\.k8s\.io$/m,
    );
    const out = k.ok(["describe", "configmap", "subject", "-n", "evns"]);
    assert.ok(
      eventsOf(out).includes("Normal | Checked | 15m | example.com/checker | written through events.k8s.io"),
      out,
    );
  });
});
