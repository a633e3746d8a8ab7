import assert from "node:assert/strict";
import { test } from "node:test";
import type { Pod } from "kubernetes-types/core/v1.js";
import { errorString, path } from "../field.js";
import type { KubeObject, StrategyContext } from "../types.js";
import {
  computePodQOS,
  imageTag,
  POD_SPEC_UPDATE_FORBIDDEN,
  podResource,
  podStatusStrategy,
  podStrategy,
  validatePodTemplateSpec,
} from "./index.js";

const ctx: StrategyContext = { namespace: "default", now: new Date("2024-01-01T00:00:00Z") };

function fixture(spec: Record<string, unknown>, name = "pod-1"): KubeObject {
  return { apiVersion: "v1", kind: "Pod", metadata: { name, namespace: "default" }, spec };
}

/** What the generic store does on create: defaults, prepareForCreate, validate. */
function create(obj: KubeObject): { obj: KubeObject; errors: string[] } {
  const o = structuredClone(obj);
  podStrategy.defaults?.(o);
  podStrategy.prepareForCreate?.(o, ctx);
  return { obj: o, errors: (podStrategy.validate?.(o) ?? []).map(errorString) };
}

function update(obj: KubeObject, old: KubeObject): string[] {
  const o = structuredClone(obj);
  podStrategy.defaults?.(o);
  podStrategy.prepareForUpdate?.(o, old, ctx);
  return (podStrategy.validateUpdate?.(o, old) ?? []).map(errorString);
}

const nginx = () =>
  fixture({
    containers: [{ name: "my-nginx-container", image: "nginx:latest", ports: [{ containerPort: 80 }] }],
  });

test("a new pod gets upstream's defaults and starts Pending", () => {
  const { obj, errors } = create(nginx());
  assert.deepEqual(errors, []);
  const pod = obj as unknown as Pod;
  const spec = pod.spec!;
  const c = spec.containers[0]!;
  assert.equal(spec.restartPolicy, "Always");
  assert.equal(spec.dnsPolicy, "ClusterFirst");
  assert.equal(spec.terminationGracePeriodSeconds, 30);
  assert.equal(spec.schedulerName, "default-scheduler");
  assert.deepEqual(spec.securityContext, {});
  assert.equal(spec.enableServiceLinks, true);
  assert.equal(spec.serviceAccountName, "default");
  assert.equal(spec.serviceAccount, "default");
  assert.equal(spec.priority, 0);
  assert.equal(c.imagePullPolicy, "Always");
  assert.equal(c.terminationMessagePath, "/dev/termination-log");
  assert.equal(c.terminationMessagePolicy, "File");
  assert.equal(c.ports![0]!.protocol, "TCP");
  assert.deepEqual(pod.status, { phase: "Pending", qosClass: "BestEffort" });
  assert.deepEqual(
    spec.tolerations?.map((t) => t.key),
    ["node.kubernetes.io/not-ready", "node.kubernetes.io/unreachable"],
  );
});

test("pull policy follows the image tag", () => {
  assert.equal(imageTag("nginx"), "latest");
  assert.equal(imageTag("nginx:1.10"), "1.10");
  assert.equal(imageTag("localhost:5000/nginx"), "latest");
  assert.equal(imageTag("localhost:5000/nginx:1"), "1");
  assert.equal(imageTag("busybox@sha256:abcd"), "");
  const { obj } = create(
    fixture({
      containers: [
        { name: "a", image: "tmkube/p8000" },
        { name: "b", image: "nginx:1.10" },
      ],
    }),
  );
  const cs = (obj as unknown as Pod).spec!.containers;
  assert.deepEqual(
    cs.map((c) => c.imagePullPolicy),
    ["Always", "IfNotPresent"],
  );
});

test("the seed pods are valid", () => {
  const seeds = [
    fixture({
      containers: [
        { name: "container1", image: "tmkube/p8000", ports: [{ containerPort: 8000 }] },
        { name: "container2", image: "tmkube/p8080", ports: [{ containerPort: 8080 }] },
      ],
    }),
    fixture({
      nodeSelector: { hostname: "node1" },
      containers: [{ name: "container", image: "tmkube/init" }],
    }),
    fixture({
      containers: [
        {
          name: "container",
          image: "tmkube/init",
          resources: { requests: { memory: "2Gi" }, limits: { memory: "3Gi" } },
        },
      ],
    }),
    fixture({
      containers: [
        {
          name: "container1",
          image: "tmkube/init",
          volumeMounts: [{ name: "empty-dir", mountPath: "/mount1" }],
        },
        {
          name: "container2",
          image: "tmkube/init",
          volumeMounts: [{ name: "empty-dir", mountPath: "/mount2" }],
        },
      ],
      volumes: [{ name: "empty-dir", emptyDir: {} }],
    }),
    fixture({
      nodeSelector: { "kubernetes.io/hostname": "k8s-node1" },
      containers: [
        {
          name: "container",
          image: "kubetm/init",
          volumeMounts: [{ name: "host-path", mountPath: "/mount1" }],
        },
      ],
      volumes: [{ name: "host-path", hostPath: { path: "/node-v", type: "DirectoryOrCreate" } }],
    }),
    fixture({
      containers: [
        { name: "container", image: "kubetm/init", volumeMounts: [{ name: "pvc-pv", mountPath: "/mount3" }] },
      ],
      volumes: [{ name: "pvc-pv", persistentVolumeClaim: { claimName: "pvc-01" } }],
    }),
  ];
  for (const s of seeds) assert.deepEqual(create(s).errors, [], JSON.stringify(s.spec));
});

test("containers are required, named, imaged and unique", () => {
  assert.deepEqual(create(fixture({ containers: [] })).errors, ["spec.containers: Required value"]);
  assert.deepEqual(create(fixture({ containers: [{ name: "web", image: "a" }, { name: "web" }] })).errors, [
    "spec.containers[1].image: Required value",
    `spec.containers[1].name: Duplicate value: "web"`,
  ]);
  assert.match(
    create(fixture({ containers: [{ name: "Web_1", image: "a" }] })).errors[0]!,
    /^spec\.containers\[0\]\.name: Invalid value: "Web_1": a lowercase RFC 1123 label must consist of/,
  );
});

test("ports must be in range and protocols supported", () => {
  const errors = create(
    fixture({
      containers: [
        {
          name: "c",
          image: "a",
          ports: [{ containerPort: 70000 }, { containerPort: 80, protocol: "HTTP" }, {}],
        },
      ],
    }),
  ).errors;
  assert.deepEqual(errors, [
    "spec.containers[0].ports[0].containerPort: Invalid value: 70000: must be between 1 and 65535, inclusive",
    `spec.containers[0].ports[1].protocol: Unsupported value: "HTTP": supported values: "SCTP", "TCP", "UDP"`,
    "spec.containers[0].ports[2].containerPort: Required value",
  ]);
});

test("the same containerPort twice in a pod is a warning, as upstream", () => {
  const pod = create(
    fixture({
      containers: [
        { name: "a", image: "x", ports: [{ containerPort: 8080 }] },
        { name: "b", image: "y", ports: [{ containerPort: 8080 }] },
      ],
    }),
  );
  assert.deepEqual(pod.errors, []);
  assert.deepEqual(podStrategy.warnings?.(pod.obj), [
    "spec.containers[1].ports[0]: duplicate port definition with spec.containers[0].ports[0]",
  ]);
});

test("renamed node labels in selectors, affinity and spread constraints are warnings, as upstream", () => {
  const pod = create(
    fixture({
      containers: [{ name: "a", image: "x" }],
      nodeSelector: { "beta.kubernetes.io/arch": "amd64", disk: "ssd" },
      affinity: {
        nodeAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: {
            nodeSelectorTerms: [
              { matchExpressions: [{ key: "failure-domain.beta.kubernetes.io/zone", operator: "Exists" }] },
            ],
          },
          preferredDuringSchedulingIgnoredDuringExecution: [
            {
              weight: 1,
              preference: { matchExpressions: [{ key: "beta.kubernetes.io/os", operator: "Exists" }] },
            },
          ],
        },
      },
      topologySpreadConstraints: [
        {
          maxSkew: 1,
          topologyKey: "beta.kubernetes.io/instance-type",
          whenUnsatisfiable: "DoNotSchedule",
          labelSelector: {},
        },
      ],
    }),
  );
  assert.deepEqual(pod.errors, []);
  assert.deepEqual(podStrategy.warnings?.(pod.obj), [
    'spec.nodeSelector[beta.kubernetes.io/arch]: deprecated since v1.14; use "kubernetes.io/arch" instead',
    'spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[0].key: failure-domain.beta.kubernetes.io/zone is deprecated since v1.17; use "topology.kubernetes.io/zone" instead',
    'spec.affinity.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].preference.matchExpressions[0].key: beta.kubernetes.io/os is deprecated since v1.14; use "kubernetes.io/os" instead',
    'spec.topologySpreadConstraints[0].topologyKey: beta.kubernetes.io/instance-type is deprecated since v1.17; use "node.kubernetes.io/instance-type" instead',
  ]);
});

test("restart and DNS policies must be supported values", () => {
  assert.deepEqual(
    create(fixture({ restartPolicy: "Sometimes", containers: [{ name: "c", image: "a" }] })).errors,
    [`spec.restartPolicy: Unsupported value: "Sometimes": supported values: "Always", "OnFailure", "Never"`],
  );
  assert.deepEqual(
    create(fixture({ dnsPolicy: "Cluster", containers: [{ name: "c", image: "a" }] })).errors,
    [
      `spec.dnsPolicy: Unsupported value: "Cluster": supported values: "ClusterFirst", "ClusterFirstWithHostNet", "Default", "None"`,
    ],
  );
});

test("volumes are unique and mounts must name one", () => {
  const errors = create(
    fixture({
      containers: [{ name: "c", image: "a", volumeMounts: [{ name: "data", mountPath: "/d" }] }],
      volumes: [
        { name: "cache", emptyDir: {} },
        { name: "cache", emptyDir: {} },
        { name: "host", hostPath: { path: "/x", type: "Folder" } },
      ],
    }),
  ).errors;
  assert.deepEqual(errors, [
    `spec.volumes[1].name: Duplicate value: "cache"`,
    `spec.volumes[2].hostPath.type: Unsupported value: "Folder": supported values: "", "BlockDevice", "CharDevice", "Directory", "DirectoryOrCreate", "File", "FileOrCreate", "Socket"`,
    `spec.containers[0].volumeMounts[0].name: Not found: "data"`,
  ]);
});

test("env names and requests above limits are rejected", () => {
  const errors = create(
    fixture({
      containers: [
        {
          name: "c",
          image: "a",
          env: [
            { name: "A=B", value: "x" },
            { name: "PROFILE", value: "production" },
          ],
          resources: { requests: { memory: "3Gi" }, limits: { memory: "2Gi" } },
        },
      ],
    }),
  ).errors;
  assert.deepEqual(errors, [
    `spec.containers[0].env[0].name: Invalid value: "A=B": a valid environment variable name must consist only of printable ASCII characters other than '='`,
    `spec.containers[0].resources.requests: Invalid value: "3Gi": must be less than or equal to memory limit of 2Gi`,
  ]);
});

test("quantities are stored canonically and QoS follows requests and limits", () => {
  const guaranteed = create(
    fixture({
      containers: [{ name: "c", image: "a", resources: { limits: { cpu: "0.5", memory: "1024Mi" } } }],
    }),
  );
  const pod = guaranteed.obj as unknown as Pod;
  assert.deepEqual(pod.spec!.containers[0]!.resources, {
    limits: { cpu: "500m", memory: "1Gi" },
    requests: { cpu: "500m", memory: "1Gi" },
  });
  assert.equal(pod.status?.qosClass, "Guaranteed");
  assert.equal(
    computePodQOS({ spec: { containers: [{ name: "c", resources: { requests: { memory: "1Gi" } } }] } }),
    "Burstable",
  );
});

test("pod spec updates may change only images and a few fields", () => {
  const old = create(nginx()).obj;
  const newImage = structuredClone(old) as unknown as Pod;
  newImage.spec!.containers[0]!.image = "nginx:1.27";
  assert.deepEqual(update(newImage as unknown as KubeObject, old), []);
  const newPort = structuredClone(old) as unknown as Pod;
  newPort.spec!.containers[0]!.ports![0]!.containerPort = 81;
  const errs = update(newPort as unknown as KubeObject, old);
  assert.equal(errs.length, 1);
  assert.ok(errs[0]!.startsWith(`spec: Forbidden: ${POD_SPEC_UPDATE_FORBIDDEN}\n`), errs[0]);
  assert.ok(errs[0]!.includes("Containers"), errs[0]);
  const moreTolerations = structuredClone(old) as unknown as Pod;
  moreTolerations.spec!.tolerations!.push({ key: "gpu", operator: "Exists", effect: "NoSchedule" });
  assert.deepEqual(update(moreTolerations as unknown as KubeObject, old), []);
});

test("updates keep status, and status updates keep spec", () => {
  const old = create(nginx()).obj;
  const changed = structuredClone(old);
  changed.status = { phase: "Running" };
  podStrategy.prepareForUpdate?.(changed, old, ctx);
  assert.equal((changed.status as Pod["status"])?.phase, "Pending");
  const viaStatus = structuredClone(old);
  viaStatus.status = { phase: "Running", podIP: "10.42.0.5" };
  (viaStatus.spec as Record<string, unknown>).nodeName = "elsewhere";
  podStatusStrategy.defaults?.(viaStatus);
  podStatusStrategy.prepareForUpdate?.(viaStatus, old, ctx);
  assert.equal((viaStatus.spec as Record<string, unknown>).nodeName, undefined);
  assert.deepEqual((viaStatus.status as Pod["status"])?.podIPs, [{ ip: "10.42.0.5" }]);
  assert.equal((viaStatus.status as Pod["status"])?.qosClass, "BestEffort");
});

test("pod templates validate their labels under the template path", () => {
  const errs = validatePodTemplateSpec(
    {
      metadata: { labels: { "bad key": "x" } },
      spec: {
        containers: [
          { name: "c", image: "nginx", imagePullPolicy: "IfNotPresent", terminationMessagePolicy: "File" },
        ],
        restartPolicy: "Always",
        dnsPolicy: "ClusterFirst",
      },
    },
    path("spec").child("template"),
  ).map(errorString);
  assert.equal(errs.length, 1);
  assert.match(errs[0]!, /^spec\.template\.labels: Invalid value: "bad key": name part must consist of/);
});

test("garbage shapes produce errors, not exceptions", () => {
  for (const spec of [
    { containers: "x" },
    { containers: [null, 5, "a"] },
    { volumes: [1], containers: [{ ports: "x", env: {} }] },
  ]) {
    assert.doesNotThrow(() => create(fixture(spec as Record<string, unknown>)));
  }
  assert.doesNotThrow(() =>
    podResource.table?.cells({ metadata: {}, status: { containerStatuses: [1, null] } }, new Date()),
  );
});

test("field selectors read upstream's pod fields", () => {
  const { obj } = create(nginx());
  obj.status = { phase: "Running", podIPs: [{ ip: "10.0.0.7" }] };
  const sel = podResource.fieldSelectors!;
  assert.equal(sel["spec.nodeName"]!(obj), "");
  assert.equal(sel["spec.restartPolicy"]!(obj), "Always");
  assert.equal(sel["spec.hostNetwork"]!(obj), "false");
  assert.equal(sel["status.phase"]!(obj), "Running");
  assert.equal(sel["status.podIP"]!(obj), "10.0.0.7");
});
