/**
 * The real kubectl against a real `k8ts server`: the `kubectl create` generators (kubectl sends
 * their bodies as protobuf), expose, scale, autoscale and the non-resource endpoints.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { useCluster } from "./helpers/kubectl-session.js";

describe("kubectl generators, expose, scale and autoscale against k8ts server", () => {
  const suite = useCluster();
  const { k, json } = suite;

  it("kubectl create generates deployments, services, configmaps, secrets, namespaces and service accounts", () => {
    assert.match(
      k.ok(["create", "deployment", "gen-web", "--image=nginx", "--replicas=2", "--port=80"]),
      /^deployment.apps\/gen-web created$/m,
    );
    const d = json(["get", "deployment", "gen-web"]);
    assert.equal(d.spec.replicas, 2);
    assert.deepEqual(d.spec.selector, { matchLabels: { app: "gen-web" } });
    assert.equal(d.spec.template.spec.containers[0].ports[0].containerPort, 80);
    assert.match(k.ok(["get", "deployment", "gen-web"]), /^gen-web\s+\d+\/2\s+\d+\s+\d+\s+\d+s$/m);

    assert.match(
      k.ok(["create", "service", "clusterip", "gen-cip", "--tcp=80:8080"]),
      /^service\/gen-cip created$/m,
    );
    const cip = json(["get", "svc", "gen-cip"]);
    assert.deepEqual(cip.spec.selector, { app: "gen-cip" });
    // Only kinds whose controllers report observedGeneration count generations.
    assert.equal(cip.metadata.generation, undefined);
    assert.equal(d.metadata.generation, 1);
    assert.deepEqual(cip.spec.ports[0], { name: "80-8080", port: 80, protocol: "TCP", targetPort: 8080 });
    assert.match(
      k.ok(["get", "svc", "gen-cip"]),
      /^gen-cip\s+ClusterIP\s+10\.43\.\d+\.\d+\s+<none>\s+80\/TCP\s+\d+s$/m,
    );

    k.ok(["create", "service", "nodeport", "gen-np", "--tcp=80:8080", "--node-port=30123"]);
    assert.match(
      k.ok(["get", "svc", "gen-np"]),
      /^gen-np\s+NodePort\s+10\.43\.\d+\.\d+\s+<none>\s+80:30123\/TCP\s/m,
    );

    assert.match(
      k.ok(["create", "configmap", "gen-cm", "--from-literal=a=1", "--from-literal=b=two"]),
      /^configmap\/gen-cm created$/m,
    );
    assert.deepEqual(json(["get", "cm", "gen-cm"]).data, { a: "1", b: "two" });
    assert.match(k.ok(["get", "cm", "gen-cm"]), /^gen-cm\s+2\s+\d+s$/m);

    assert.match(
      k.ok(["create", "secret", "generic", "gen-secret", "--from-literal=password=s3cr3t"]),
      /^secret\/gen-secret created$/m,
    );
    const s = json(["get", "secret", "gen-secret"]);
    assert.equal(s.type, "Opaque");
    assert.equal(Buffer.from(s.data.password, "base64").toString(), "s3cr3t");
    assert.match(k.ok(["get", "secret", "gen-secret"]), /^gen-secret\s+Opaque\s+1\s+\d+s$/m);

    assert.match(k.ok(["create", "namespace", "gen-ns"]), /^namespace\/gen-ns created$/m);
    assert.match(k.ok(["get", "ns", "gen-ns"]), /^gen-ns\s+Active\s+\d+s$/m);
    assert.match(
      k.ok(["create", "serviceaccount", "robot", "-n", "gen-ns"]),
      /^serviceaccount\/robot created$/m,
    );
    assert.match(k.ok(["get", "sa", "robot", "-n", "gen-ns"]), /^robot\s+\d+\s+\d+s$/m);
    assert.match(k.fails(["create", "configmap", "gen-cm"]), /configmaps "gen-cm" already exists/);
  });

  it("kubectl expose makes a Service with the deployment's selector and ports", () => {
    k.ok(["create", "deployment", "exp-web", "--image=nginx", "--port=80"]);
    assert.match(
      k.ok(["expose", "deployment", "exp-web", "--port=8080", "--target-port=80"]),
      /^service\/exp-web exposed$/m,
    );
    const svc = json(["get", "svc", "exp-web"]);
    assert.deepEqual(svc.spec.selector, { app: "exp-web" });
    assert.deepEqual(svc.spec.ports, [{ port: 8080, protocol: "TCP", targetPort: 80 }]);
    assert.equal(svc.spec.type, "ClusterIP");

    k.ok(["expose", "deployment", "exp-web", "--name=exp-web-np", "--type=NodePort", "--port=80"]);
    const np = json(["get", "svc", "exp-web-np"]);
    assert.deepEqual(np.spec.selector, { app: "exp-web" });
    assert.ok(
      np.spec.ports[0].nodePort >= 30000 && np.spec.ports[0].nodePort <= 32767,
      String(np.spec.ports[0].nodePort),
    );
    assert.match(
      k.fails(["expose", "deployment", "missing", "--port=80"]),
      /deployments.apps "missing" not found/,
    );
  });

  it("kubectl scale resizes deployments and replica sets and honours --current-replicas", () => {
    k.ok(["create", "deployment", "sc-web", "--image=nginx"]);
    assert.match(
      k.ok(["scale", "deployment", "sc-web", "--replicas=3"]),
      /^deployment.apps\/sc-web scaled$/m,
    );
    assert.equal(json(["get", "deployment", "sc-web"]).spec.replicas, 3);
    const scale = JSON.parse(
      k.ok(["get", "--raw", "/apis/apps/v1/namespaces/default/deployments/sc-web/scale"]),
    );
    assert.equal(scale.kind, "Scale");
    assert.equal(scale.spec.replicas, 3);
    assert.equal(scale.status.selector, "app=sc-web");

    assert.match(
      k.fails(["scale", "deployment", "sc-web", "--current-replicas=2", "--replicas=5"]),
      /Expected replicas to be 2, was 3/,
    );
    assert.equal(json(["get", "deployment", "sc-web"]).spec.replicas, 3);
    k.ok(["scale", "deployment", "sc-web", "--current-replicas=3", "--replicas=5"]);
    assert.equal(json(["get", "deployment", "sc-web"]).spec.replicas, 5);

    k.ok(
      ["apply", "-f", "-"],
      `apiVersion: apps/v1
kind: ReplicaSet
metadata:
  name: sc-rs
spec:
  replicas: 1
  selector: {matchLabels: {app: sc-rs}}
  template:
    metadata: {labels: {app: sc-rs}}
    spec:
      containers: [{name: c, image: nginx}]
`,
    );
    assert.match(k.ok(["scale", "rs", "sc-rs", "--replicas=4"]), /^replicaset.apps\/sc-rs scaled$/m);
    assert.match(k.ok(["get", "rs", "sc-rs"]), /^sc-rs\s+4\s+\d+\s+\d+\s+\d+s$/m);
    assert.match(
      k.fails(["scale", "rs", "sc-rs", "--current-replicas=1", "--replicas=2"]),
      /Expected replicas to be 1, was 4/,
    );
    // The Scale's status.selector: LabelSelectorAsSelector(...).String() for a ReplicaSet (keys
    // sorted, values sorted), labels.SelectorFromSet(...).String() for a ReplicationController.
    k.ok(
      ["apply", "-f", "-"],
      `apiVersion: apps/v1
kind: ReplicaSet
metadata:
  name: sc-rs2
spec:
  replicas: 1
  selector:
    matchLabels: {tier: web}
    matchExpressions: [{key: app, operator: In, values: [sc-b, sc-a]}]
  template:
    metadata: {labels: {app: sc-a, tier: web}}
    spec:
      containers: [{name: c, image: nginx}]
---
apiVersion: v1
kind: ReplicationController
metadata:
  name: sc-rc
spec:
  replicas: 1
  selector: {tier: web, app: sc-rc}
  template:
    metadata: {labels: {app: sc-rc, tier: web}}
    spec:
      containers: [{name: c, image: nginx}]
`,
    );
    const selectorOf = (path: string) => JSON.parse(k.ok(["get", "--raw", path])).status.selector;
    assert.equal(
      selectorOf("/apis/apps/v1/namespaces/default/replicasets/sc-rs2/scale"),
      "app in (sc-a,sc-b),tier=web",
    );
    assert.equal(
      selectorOf("/api/v1/namespaces/default/replicationcontrollers/sc-rc/scale"),
      "app=sc-rc,tier=web",
    );
    assert.match(k.ok(["scale", "rc", "sc-rc", "--replicas=2"]), /^replicationcontroller\/sc-rc scaled$/m);
  });

  it("kubectl autoscale creates a HorizontalPodAutoscaler that kubectl get hpa shows", () => {
    k.ok(["create", "deployment", "hpa-web", "--image=nginx"]);
    // kubectl sends this one as protobuf.
    assert.match(
      k.ok(["autoscale", "deployment", "hpa-web", "--min=2", "--max=5", "--cpu-percent=80"]),
      /^horizontalpodautoscaler.autoscaling\/hpa-web autoscaled$/m,
    );
    assert.match(
      k.ok(["get", "hpa"]),
      /^hpa-web\s+Deployment\/hpa-web\s+cpu: \S+\/80%\s+2\s+5\s+\d+\s+\d+s$/m,
    );
    const v2 = json(["get", "hpa", "hpa-web"]);
    assert.equal(v2.apiVersion, "autoscaling/v2");
    assert.deepEqual(v2.spec.scaleTargetRef, { apiVersion: "apps/v1", kind: "Deployment", name: "hpa-web" });
    assert.deepEqual(v2.spec.metrics, [
      {
        type: "Resource",
        resource: { name: "cpu", target: { type: "Utilization", averageUtilization: 80 } },
      },
    ]);
    assert.equal(
      k.ok([
        "get",
        "horizontalpodautoscalers.v1.autoscaling",
        "hpa-web",
        "-o",
        "jsonpath={.spec.targetCPUUtilizationPercentage}",
      ]),
      "80",
    );
    assert.match(k.fails(["autoscale", "deployment", "hpa-web", "--max=3"]), /already exists/);
  });

  it("answers api-resources --namespaced=false, /healthz, /readyz and /metrics", () => {
    const names = (args: string[]) =>
      k
        .ok(["api-resources", ...args, "-o", "name"])
        .trim()
        .split("\n");
    const cluster = names(["--namespaced=false"]);
    for (const r of ["namespaces", "nodes", "persistentvolumes", "storageclasses.storage.k8s.io"])
      assert.ok(cluster.includes(r), `${r} missing from ${cluster.join(" ")}`);
    for (const r of ["pods", "configmaps", "deployments.apps"]) assert.ok(!cluster.includes(r), r);
    const namespaced = names(["--namespaced=true"]);
    assert.ok(namespaced.includes("pods") && !namespaced.includes("nodes"));
    assert.match(
      k.ok(["api-resources", "--namespaced=false", "-o", "wide"]),
      /^namespaces\s+ns\s+v1\s+false\s+Namespace\s+create,delete,get,list,patch,update,watch\s*$/m,
    );

    assert.equal(k.ok(["get", "--raw", "/healthz"]), "ok");
    assert.match(k.ok(["get", "--raw", "/readyz?verbose"]), /readyz check passed/);
    k.ok(["get", "pods"]);
    assert.match(
      k.ok(["get", "--raw", "/metrics"]),
      /^apiserver_request_total\{(?=[^}]*verb="LIST")(?=[^}]*resource="pods")(?=[^}]*scope="namespace")(?=[^}]*version="v1")(?=[^}]*code="200")[^}]*\} [1-9]\d*$/m,
    );
    assert.match(k.fails(["get", "--raw", "/no-such-path"]), /NotFound|not found/i);
  });
});
