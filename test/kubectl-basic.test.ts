/**
 * The real kubectl against a real `k8ts server`: discovery, CRUD, output formats,
 * selectors and the seeds' broken manifests.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { type Cluster, startCluster } from "./helpers/k8ts.js";

const pod = (name: string, labels: Record<string, string> = {}) => `apiVersion: v1
kind: Pod
metadata:
  name: ${name}
  labels:
${Object.entries({ app: "web", ...labels })
  .map(([k, v]) => `    ${k}: ${v}`)
  .join("\n")}
spec:
  containers:
  - name: container
    image: tmkube/app
    ports:
    - containerPort: 8080
`;

describe("kubectl against k8ts server", () => {
  let c: Cluster;
  const ok = (args: string[], input?: string) => {
    const r = c.kubectl(args, { input });
    assert.equal(r.code, 0, `kubectl ${args.join(" ")} failed:\n${r.stderr}`);
    return r.stdout;
  };
  /** kubectl apply of `input`, which must succeed; its stderr (the warnings). */
  const applied = (input: string) => {
    const r = c.kubectl(["apply", "-f", "-"], { input });
    assert.equal(r.code, 0, r.stderr);
    return r.stderr;
  };
  const fails = (args: string[], input?: string) => {
    const r = c.kubectl(args, { input });
    assert.notEqual(r.code, 0, `kubectl ${args.join(" ")} should fail:\n${r.stdout}`);
    return r.stderr;
  };

  before(async () => {
    c = await startCluster({ extraArgs: ["--advertise-address", "192.0.2.10"] });
  });
  after(async () => {
    await c?.stop();
  });

  it("reports the server version", () => {
    const v = JSON.parse(ok(["version", "-o", "json"]));
    assert.match(v.serverVersion.gitVersion, /^v1\.32\./);
  });

  it("shows cluster-info, api-versions and api-resources", () => {
    assert.match(
      ok(["cluster-info"]),
      new RegExp(`Kubernetes control plane.*is running at .*https://127\\.0\\.0\\.1:${c.port}`),
    );
    const versions = ok(["api-versions"]).split("\n");
    for (const v of ["v1", "apps/v1", "autoscaling/v2", "coordination.k8s.io/v1"])
      assert.ok(versions.includes(v), v);
    const res = ok(["api-resources"]);
    assert.match(res, /^pods\s+po\s+v1\s+true\s+Pod$/m);
    assert.match(res, /^deployments\s+deploy\s+apps\/v1\s+true\s+Deployment$/m);
    assert.match(res, /^namespaces\s+ns\s+v1\s+false\s+Namespace$/m);
  });

  it("has the system namespaces and the kubernetes Service", () => {
    const ns = ok(["get", "ns"]);
    for (const n of ["default", "kube-system", "kube-public", "kube-node-lease"])
      assert.match(ns, new RegExp(`^${n}\\s+Active\\s`, "m"));
    assert.match(
      ok(["get", "svc", "kubernetes"]),
      /^kubernetes\s+ClusterIP\s+10\.43\.0\.1\s+<none>\s+443\/TCP\s/m,
    );
    // Its endpoints are this API server at its advertise address (a documentation address here: nothing is sent to it), as upstream's reconciler keeps them.
    const port = c.port;
    assert.match(
      ok(["get", "endpoints", "kubernetes"]),
      new RegExp(`^kubernetes\\s+192\\.0\\.2\\.10:${port}\\s`, "m"),
    );
    assert.match(ok(["describe", "svc", "kubernetes"]), new RegExp(`Endpoints:\\s+192\\.0\\.2\\.10:${port}`));
    assert.match(
      ok(["get", "endpointslices", "-l", "kubernetes.io/service-name=kubernetes"]),
      new RegExp(`^kubernetes\\s+IPv4\\s+${port}\\s+192\\.0\\.2\\.10\\s`, "m"),
    );
  });

  it("creates, lists and prints pods in every output format", () => {
    assert.match(ok(["apply", "-f", "-"], pod("pod-1")), /^pod\/pod-1 created$/m);
    assert.match(ok(["apply", "-f", "-"], pod("pod-1")), /^pod\/pod-1 unchanged$/m);
    assert.match(
      ok(["get", "pods"]),
      /^NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE\npod-1\s+0\/1\s+Pending\s+0\s+\d+s$/m,
    );
    assert.match(
      ok(["get", "pods", "-o", "wide"]),
      /^NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE\s+IP\s+NODE\s+NOMINATED NODE\s+READINESS GATES$/m,
    );
    const y = ok(["get", "pod", "pod-1", "-o", "yaml"]);
    assert.match(y, /restartPolicy: Always/);
    assert.match(y, /imagePullPolicy: Always/);
    assert.match(y, /uid: [0-9a-f-]{36}/);
    const j = JSON.parse(ok(["get", "po", "pod-1", "-o", "json"]));
    assert.equal(j.spec.dnsPolicy, "ClusterFirst");
    assert.equal(j.spec.terminationGracePeriodSeconds, 30);
    assert.equal(ok(["get", "pod", "pod-1", "-o", "jsonpath={.spec.containers[0].image}"]), "tmkube/app");
    assert.match(
      ok(["get", "pods", "-o", "custom-columns=N:.metadata.name,I:.spec.containers[*].image"]),
      /^pod-1\s+tmkube\/app$/m,
    );
    assert.equal(ok(["get", "pods", "-o", "name"]).trim(), "pod/pod-1");
    assert.match(ok(["get", "pods", "--show-labels"]), /app=web/);
    // Not on a node yet: no logs, and no error (upstream's LogLocation); exec needs a node.
    assert.equal(ok(["logs", "pod-1"]), "");
    assert.match(fails(["logs", "pod-1", "-c", "nope"]), /container nope is not valid for pod pod-1/);
    assert.match(fails(["exec", "pod-1", "--", "true"]), /pod pod-1 does not have a host assigned/);
    assert.match(
      ok(["get", "pods", "-L", "app"]),
      /^NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE\s+APP\npod-1\s.*\sweb$/m,
    );
  });

  it("selects by every label selector form", () => {
    ok(["apply", "-f", "-"], pod("sel-a", { type: "web", lo: "dev" }));
    ok(["apply", "-f", "-"], pod("sel-b", { type: "db", lo: "production" }));
    const names = (sel: string) =>
      ok(["get", "pods", "-l", sel, "-o", "name"])
        .split("\n")
        .filter((l) => l.startsWith("pod/sel-"))
        .sort()
        .join(",");
    assert.equal(names("type=web"), "pod/sel-a");
    assert.equal(names("type==db"), "pod/sel-b");
    assert.equal(names("type!=web,lo"), "pod/sel-b");
    assert.equal(names("lo in (dev,production)"), "pod/sel-a,pod/sel-b");
    assert.equal(names("lo notin (dev),type"), "pod/sel-b");
    assert.equal(names("lo"), "pod/sel-a,pod/sel-b");
    assert.equal(names("!lo"), "");
    assert.match(fails(["get", "pods", "-l", "a b c"]), /unable to parse requirement|couldn't parse/);
    assert.match(ok(["delete", "pods", "-l", "type"]), /pod "sel-a" deleted\npod "sel-b" deleted/);
  });

  it("explains fields from the OpenAPI schema", () => {
    const out = ok(["explain", "pod.spec.containers"]);
    assert.match(out, /KIND:\s+Pod/);
    assert.match(out, /FIELD:\s+containers <\[\]Container>/);
    assert.match(out, /image\s+<string>/);
    // Enum fields list their values, as upstream's OpenAPI does.
    assert.match(
      ok(["explain", "service.spec.type"]),
      /FIELD: type <string>\nENUM:\n\s+ClusterIP\n\s+ExternalName\n\s+LoadBalancer\n\s+NodePort\n/,
    );
    assert.match(ok(["explain", "pod.spec.restartPolicy"]), /ENUM:\n\s+Always\n\s+Never\n\s+OnFailure\n/);
  });

  it("rejects the seeds' broken manifests with kubectl's messages", () => {
    const tabbed = "apiVersion: v1\nkind: Pod\nmetadata:\n\tname: pod-1\n";
    assert.match(
      fails(["apply", "-f", "-"], tabbed),
      /found character that cannot start any token|error converting YAML to JSON/,
    );
    assert.match(
      fails(["apply", "-f", "-"], pod("bad").replace("kind: Pod", "kind: pod")),
      /pod in version "v1" cannot be handled as a Pod: no kind "pod" is registered for version "v1"/,
    );
    // A missing space after a colon below metadata turns a map into a string, which kubectl
    // passes on: the server refuses it as upstream's decoder does, and stores nothing.
    const appweb =
      "apiVersion: v1\nkind: Service\nmetadata:\n  name: svc-appweb\nspec:\n  selector:\n    app:web\n  ports:\n  - port: 80\n";
    assert.match(
      fails(["apply", "-f", "-"], appweb),
      /Service in version "v1" cannot be handled as a Service: json: cannot unmarshal string into Go struct field ServiceSpec.spec.selector of type map\[string\]string/,
    );
    assert.match(fails(["get", "svc", "svc-appweb"]), /NotFound|not found/);
    const replicas =
      'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: dep-str\nspec:\n  replicas: "3"\n  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n      - name: c\n        image: nginx\n';
    assert.match(
      fails(["apply", "-f", "-"], replicas),
      /Deployment in version "v1" cannot be handled as a Deployment: json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32/,
    );
    assert.match(
      fails(["apply", "-f", "-"], pod("bad").replace("apiVersion: v1", "apiVersion: 1")),
      /apiVersion|cannot unmarshal number/,
    );
    const svc =
      "apiVersion: v1\nkind: Service\nmetadata:\n  name: svc-2\nspec:\n  selector:\n    app: web\n  ports:\n  - port: 9000\n    targetPort: 8080\n  type: LocalBalancer\n";
    assert.match(
      fails(["apply", "-f", "-"], svc),
      /The Service "svc-2" is invalid: spec.type: Unsupported value: "LocalBalancer": supported values: "ClusterIP", "ExternalName", "LoadBalancer", "NodePort"/,
    );
    assert.match(
      fails(["apply", "-f", "-"], pod("bad").replace("app: web", "app:web")),
      /cannot unmarshal string into Go|error converting YAML|could not find expected ':'|invalid/,
    );
  });

  it("refuses a patch whose result has a value of the wrong type as upstream: 422 on the field patch, nothing written", () => {
    ok(["create", "service", "clusterip", "svc-patched", "--tcp=80"]);
    const before = ok(["get", "svc", "svc-patched", "-o", "jsonpath={.metadata.resourceVersion}"]);
    // Strategic merge patch (kubectl's default): the patch as Go prints it, the converter's words.
    assert.match(
      fails(["patch", "svc", "svc-patched", "-p", '{"spec":{"selector":"app"}}']),
      /The request is invalid: patch: Invalid value: "map\[spec:map\[selector:app\]\]": cannot restore map from string/,
    );
    assert.match(
      fails(["patch", "svc", "svc-patched", "-p", '{"spec":{"type":5}}']),
      /patch: Invalid value: "map\[spec:map\[type:5\]\]": cannot convert int64 to v1.ServiceType/,
    );
    // Merge and JSON patches: the patched object's JSON, the JSON decoder's words.
    for (const [type, patch] of [
      ["merge", '{"spec":{"selector":"app"}}'],
      ["json", '[{"op":"replace","path":"/spec/selector","value":"app"}]'],
    ]) {
      assert.match(
        fails(["patch", "svc", "svc-patched", "--type", type!, "-p", patch!]),
        /The request is invalid: patch: Invalid value: "\{\\"apiVersion\\":\\"v1\\",\\"kind\\":\\"Service\\",.*\\"selector\\":\\"app\\".*": json: cannot unmarshal string into Go struct field ServiceSpec.spec.selector of type map\[string\]string/,
      );
    }
    assert.equal(ok(["get", "svc", "svc-patched", "-o", "jsonpath={.metadata.resourceVersion}"]), before);
  });

  it("answers kubectl auth can-i and whoami from the authorizer", () => {
    assert.equal(ok(["auth", "can-i", "create", "pods"]).trim(), "yes");
    assert.equal(ok(["auth", "can-i", "delete", "deployments.apps", "-n", "kube-system"]).trim(), "yes");
    assert.equal(ok(["auth", "can-i", "get", "/healthz"]).trim(), "yes");
    assert.match(ok(["auth", "can-i", "--list"]), /^\*\.\*\s+\[\]\s+\[\]\s+\[\*\]$/m);
    assert.match(
      ok(["auth", "whoami"]),
      /Username\s+system:admin\nGroups\s+\[system:masters system:authenticated\]/,
    );
    assert.match(
      ok(["api-resources", "--api-group=authorization.k8s.io"]),
      /selfsubjectaccessreviews\s+authorization.k8s.io\/v1\s+false\s+SelfSubjectAccessReview/,
    );
    // Validated as upstream's; only create is served.
    assert.match(
      fails(
        ["create", "-f", "-"],
        '{"apiVersion":"authorization.k8s.io/v1","kind":"SelfSubjectAccessReview","spec":{}}',
      ),
      /The SelfSubjectAccessReview "" is invalid: spec.resourceAttributes: Required value: exactly one of nonResourceAttributes or resourceAttributes must be specified/,
    );
    assert.match(fails(["get", "selfsubjectaccessreviews"]), /MethodNotAllowed/);
  });

  it("allocates ClusterIPs and NodePorts and frees them on delete", () => {
    const svc = (name: string, extra = "") =>
      `apiVersion: v1\nkind: Service\nmetadata:\n  name: ${name}\nspec:\n  selector:\n    app: web\n  ports:\n  - port: 9000\n    targetPort: 8080${extra}\n  type: NodePort\n`;
    ok(["apply", "-f", "-"], svc("np-1", "\n    nodePort: 30080"));
    assert.match(
      ok(["get", "svc", "np-1"]),
      /^np-1\s+NodePort\s+10\.43\.\d+\.\d+\s+<none>\s+9000:30080\/TCP\s/m,
    );
    assert.match(
      fails(["apply", "-f", "-"], svc("np-2", "\n    nodePort: 30080")),
      /spec.ports\[0\].nodePort: Invalid value: 30080: provided port is already allocated/,
    );
    assert.match(
      fails(["apply", "-f", "-"], svc("np-3", "\n    nodePort: 80")),
      /provided port is not in the valid range. The range of valid ports is 30000-32767/,
    );
    ok(["delete", "svc", "np-1"]);
    ok(["apply", "-f", "-"], svc("np-2", "\n    nodePort: 30080"));
    ok(["delete", "svc", "np-2"]);
  });

  it("prints the server's warnings about a new pod or a workload's pod template", () => {
    const twoPorts = `  containers:
  - name: a
    image: nginx
    ports:
    - containerPort: 80
  - name: b
    image: nginx
    ports:
    - containerPort: 80
`;
    const created = c.kubectl(["apply", "-f", "-"], {
      input: `apiVersion: v1\nkind: Pod\nmetadata:\n  name: dupport\nspec:\n  nodeSelector:\n    beta.kubernetes.io/arch: amd64\n${twoPorts}`,
    });
    assert.equal(created.code, 0, created.stderr);
    assert.match(created.stdout, /pod\/dupport created/);
    assert.match(
      created.stderr,
      /Warning: spec.nodeSelector\[beta.kubernetes.io\/arch\]: deprecated since v1.14; use "kubernetes.io\/arch" instead/,
    );
    assert.match(
      created.stderr,
      /Warning: spec.containers\[1\].ports\[0\]: duplicate port definition with spec.containers\[0\].ports\[0\]/,
    );
    const indented = twoPorts.replace(/^/gm, "      ");
    const dep = c.kubectl(["apply", "-f", "-"], {
      input: `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: dup.port\nspec:\n  selector:\n    matchLabels:\n      app: dup\n  template:\n    metadata:\n      labels:\n        app: dup\n    spec:\n${indented}`,
    });
    assert.equal(dep.code, 0, dep.stderr);
    assert.match(dep.stderr, /Warning: metadata.name: this is used in Pod names and hostnames/);
    assert.match(
      dep.stderr,
      /Warning: spec.template.spec.containers\[1\].ports\[0\]: duplicate port definition with spec.template.spec.containers\[0\].ports\[0\]/,
    );
    // Updates warn too (WarningsOnUpdate): a pod at every update, a workload when its spec
    // or annotations moved the generation; subresources (scale) never.
    const dupWarning = /Warning: spec.containers\[1\].ports\[0\]: duplicate port definition/;
    assert.match(c.kubectl(["label", "pod", "dupport", "x=y"]).stderr, dupWarning);
    // Also when the patch changes nothing (no write; upstream checks the update all the same).
    const unchanged = c.kubectl(["label", "pod", "dupport", "x=y", "--overwrite"]);
    assert.match(unchanged.stdout, /pod\/dupport not labeled/);
    assert.match(unchanged.stderr, dupWarning);
    const templateWarning =
      /Warning: spec.template.spec.containers\[1\].ports\[0\]: duplicate port definition/;
    const labeled = c.kubectl(["label", "deployment", "dup.port", "x=y"]);
    assert.equal(labeled.code, 0, labeled.stderr);
    assert.doesNotMatch(labeled.stderr, /Warning/);
    assert.match(c.kubectl(["annotate", "deployment", "dup.port", "note=x"]).stderr, templateWarning);
    assert.match(
      c.kubectl(["set", "env", "deployment/dup.port", "-c", "a", "MODE=x"]).stderr,
      templateWarning,
    );
    const scaled = c.kubectl(["scale", "deployment", "dup.port", "--replicas=2"]);
    assert.equal(scaled.code, 0, scaled.stderr);
    assert.doesNotMatch(scaled.stderr, /Warning/);
    const rc = c.kubectl(["apply", "-f", "-"], {
      input: `apiVersion: v1\nkind: ReplicationController\nmetadata:\n  name: dup-rc\nspec:\n  selector:\n    app: dup\n  template:\n    metadata:\n      labels:\n        app: dup\n    spec:\n${indented}`,
    });
    assert.equal(rc.code, 0, rc.stderr);
    assert.match(rc.stderr, templateWarning);
    const envPod = applied(
      "apiVersion: v1\nkind: Pod\nmetadata:\n  name: env-twice\nspec:\n  imagePullSecrets:\n  - name: reg\n  - name: reg\n  containers:\n  - name: a\n    image: nginx\n    env:\n    - name: MODE\n      value: a\n    - name: MODE\n      value: b\n",
    );
    assert.match(envPod, /Warning: spec.imagePullSecrets\[1\].name: duplicate name "reg"/);
    assert.match(
      envPod,
      /Warning: spec.containers\[0\].env\[1\]: hides previous definition of "MODE", which may be dropped when using apply/,
    );
    const svcWarned = applied(
      'apiVersion: v1\nkind: Service\nmetadata:\n  name: ext-name\nspec:\n  externalName: db.example.invalid\n  externalIPs: ["010.0.0.7"]\n  ports:\n  - port: 80\n',
    );
    assert.match(svcWarned, /Warning: spec.externalName is ignored when spec.type is not "ExternalName"/);
    assert.match(
      svcWarned,
      /Warning: spec.externalIPs\[0\]: IP address was accepted, but will be invalid in a future Kubernetes release: ParseAddr\("010.0.0.7"\): IPv4 field has octet with leading zero/,
    );
    ok(["delete", "svc", "ext-name"]);
    const pv = applied(
      "apiVersion: v1\nkind: PersistentVolume\nmetadata:\n  name: pv-recycle\nspec:\n  capacity:\n    storage: 1Gi\n  accessModes: [ReadWriteOnce]\n  persistentVolumeReclaimPolicy: Recycle\n  hostPath:\n    path: /tmp/pv-recycle\n",
    );
    assert.match(
      pv,
      /Warning: spec.persistentVolumeReclaimPolicy: The Recycle reclaim policy is deprecated. Instead, the recommended approach is to use dynamic provisioning./,
    );
    ok(["delete", "pv", "pv-recycle"]);
    ok(["delete", "pod", "dupport", "env-twice"]);
    ok(["delete", "deployment", "dup.port"]);
    ok(["delete", "rc", "dup-rc"]);
  });

  it("gives a LoadBalancer with externalTrafficPolicy Local a HealthCheck NodePort, and frees it", () => {
    const lb = (name: string, policy: string, extra = "") =>
      `apiVersion: v1\nkind: Service\nmetadata:\n  name: ${name}\nspec:\n  type: LoadBalancer\n  externalTrafficPolicy: ${policy}\n  selector:\n    app: web\n  ports:\n  - port: 80\n    targetPort: 8080${extra}\n`;
    ok(["apply", "-f", "-"], lb("lb-local", "Local"));
    const spec = JSON.parse(ok(["get", "svc", "lb-local", "-o", "json"])).spec;
    const hc = spec.healthCheckNodePort as number;
    assert.ok(hc >= 30000 && hc <= 32767, `healthCheckNodePort ${hc}`);
    assert.notEqual(hc, spec.ports[0].nodePort);
    assert.match(ok(["describe", "svc", "lb-local"]), new RegExp(`HealthCheck NodePort:\\s+${hc}`));
    // Taken while the Service holds it, as a node port or as another health check port.
    assert.match(
      fails(["apply", "-f", "-"], lb("lb-other", "Cluster", `\n    nodePort: ${hc}`)),
      new RegExp(`spec.ports\\[0\\].nodePort: Invalid value: ${hc}: provided port is already allocated`),
    );
    // Back to Cluster: the port goes away and is free again.
    ok(["apply", "-f", "-"], lb("lb-local", "Cluster"));
    assert.equal(
      JSON.parse(ok(["get", "svc", "lb-local", "-o", "json"])).spec.healthCheckNodePort,
      undefined,
    );
    ok(["apply", "-f", "-"], lb("lb-other", "Cluster", `\n    nodePort: ${hc}`));
    ok(["delete", "svc", "lb-other", "lb-local"]);
    // A requested one is checked like a node port, and freed on delete.
    const requested = `apiVersion: v1\nkind: Service\nmetadata:\n  name: lb-hc\nspec:\n  type: LoadBalancer\n  externalTrafficPolicy: Local\n  healthCheckNodePort: ${hc}\n  selector:\n    app: web\n  ports:\n  - port: 80\n`;
    ok(["apply", "-f", "-"], requested);
    assert.equal(JSON.parse(ok(["get", "svc", "lb-hc", "-o", "json"])).spec.healthCheckNodePort, hc);
    assert.match(
      fails(["apply", "-f", "-"], requested.replace("lb-hc", "lb-hc2")),
      new RegExp(`spec.healthCheckNodePort: Invalid value: ${hc}: provided port is already allocated`),
    );
    ok(["delete", "svc", "lb-hc"]);
    ok(["apply", "-f", "-"], requested.replace("lb-hc", "lb-hc2"));
    ok(["delete", "svc", "lb-hc2"]);
  });

  it("labels, annotates, patches, replaces and deletes", () => {
    ok(["apply", "-f", "-"], pod("edit-1"));
    ok(["label", "pod", "edit-1", "tier=front"]);
    ok(["annotate", "pod", "edit-1", "note=hello"]);
    ok(["patch", "pod", "edit-1", "-p", '{"metadata":{"labels":{"p":"strategic"}}}']);
    ok(["patch", "pod", "edit-1", "--type=merge", "-p", '{"metadata":{"labels":{"m":"merge"}}}']);
    ok([
      "patch",
      "pod",
      "edit-1",
      "--type=json",
      "-p",
      '[{"op":"replace","path":"/spec/containers/0/image","value":"tmkube/app:v2"}]',
    ]);
    const j = JSON.parse(ok(["get", "pod", "edit-1", "-o", "json"]));
    assert.deepEqual(
      {
        tier: j.metadata.labels.tier,
        p: j.metadata.labels.p,
        m: j.metadata.labels.m,
        note: j.metadata.annotations.note,
      },
      { tier: "front", p: "strategic", m: "merge", note: "hello" },
    );
    assert.equal(j.spec.containers[0].image, "tmkube/app:v2");
    assert.match(
      fails(["patch", "pod", "edit-1", "-p", '{"spec":{"restartPolicy":"Never"}}']),
      /Forbidden: pod updates may not change fields/,
    );
    j.metadata.labels.replaced = "yes";
    ok(["replace", "-f", "-"], JSON.stringify(j));
    assert.match(ok(["get", "pod", "edit-1", "--show-labels"]), /replaced=yes/);
    assert.match(ok(["delete", "pod", "edit-1"]), /pod "edit-1" deleted/);
    assert.match(fails(["get", "pod", "edit-1"]), /pods "edit-1" not found/);
  });
});
