import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { PodSpec } from "kubernetes-types/core/v1.js";
import { path } from "../field.js";
import { podWarnings } from "./warnings.js";

const spec = (s: Record<string, unknown>) => s as unknown as PodSpec;

describe("pod warnings (upstream's GetWarningsForPod / GetWarningsForPodTemplate)", () => {
  test("a plain pod has none", () => {
    assert.deepEqual(
      podWarnings(spec({ containers: [{ name: "a", image: "nginx", ports: [{ containerPort: 80 }] }] }), {}),
      [],
    );
  });

  test("each kind of warning, worded and ordered as upstream's", () => {
    const warnings = podWarnings(
      spec({
        nodeSelector: { "beta.kubernetes.io/os": "linux" },
        topologySpreadConstraints: [{ maxSkew: 1, topologyKey: "zone", whenUnsatisfiable: "DoNotSchedule" }],
        volumes: [
          { name: "repo", gitRepo: { repository: "https://example.invalid/r" } },
          { name: "so", storageos: { volumeName: "v" } },
          {
            name: "cm",
            configMap: {
              name: "conf",
              items: [
                { key: "a", path: "etc" },
                { key: "b", path: "etc/app.conf" },
              ],
            },
          },
          { name: "proj", projected: { sources: [{}] } },
        ],
        hostAliases: [
          { ip: "192.0.2.1", hostnames: ["a"] },
          { ip: "192.0.2.1", hostnames: ["b"] },
        ],
        imagePullSecrets: [{ name: "reg" }, { name: "reg" }, { name: "" }],
        overhead: { memory: "100.5" },
        terminationGracePeriodSeconds: -5,
        affinity: {
          podAntiAffinity: {
            preferredDuringSchedulingIgnoredDuringExecution: [
              { weight: 1, podAffinityTerm: { topologyKey: "zone" } },
            ],
          },
        },
        containers: [
          {
            name: "app",
            image: "nginx",
            resources: { limits: { memory: "0.5" }, requests: { "ephemeral-storage": "1500m" } },
            env: [
              { name: "MODE", value: "a" },
              { name: "MODE", value: "b" },
              { name: "PATH", value: "/bin" },
              { name: "PATH", value: "$(PATH):/usr/bin" },
            ],
            ports: [{ containerPort: 80, hostIP: "192.0.2.7" }, { containerPort: 80 }],
          },
        ],
      }),
      {
        annotations: {
          "scheduler.alpha.kubernetes.io/critical-pod": "",
          "seccomp.security.alpha.kubernetes.io/pod": "runtime/default",
          "container.seccomp.security.alpha.kubernetes.io/app": "runtime/default",
        },
      },
    );
    assert.deepEqual(warnings, [
      'spec.nodeSelector[beta.kubernetes.io/os]: deprecated since v1.14; use "kubernetes.io/os" instead',
      "spec.topologySpreadConstraints[0].labelSelector: a null labelSelector results in matching no pod",
      'metadata.annotations[scheduler.alpha.kubernetes.io/critical-pod]: non-functional in v1.16+; use the "priorityClassName" field instead',
      "spec.volumes[0].gitRepo: deprecated in v1.11",
      "spec.volumes[1].storageOS: deprecated in v1.22, non-functional in v1.25+",
      'volume "cm" (ConfigMap "conf"): overlapping paths: "etc/app.conf" with "etc"',
      'volume "proj" (Projected) has no sources provided',
      'spec.hostAliases[1].ip: duplicate ip "192.0.2.1"',
      'spec.imagePullSecrets[1].name: duplicate name "reg"',
      'spec.imagePullSecrets[2].name: invalid empty name ""',
      'spec.overhead[memory]: fractional byte value "100500m" is invalid, must be an integer',
      'metadata.annotations[seccomp.security.alpha.kubernetes.io/pod]: non-functional in v1.27+; use the "seccompProfile" field instead',
      'metadata.annotations[container.seccomp.security.alpha.kubernetes.io/app]: non-functional in v1.27+; use the "seccompProfile" field instead',
      'spec.containers[0].resources.limits[memory]: fractional byte value "500m" is invalid, must be an integer',
      'spec.containers[0].resources.requests[ephemeral-storage]: fractional byte value "1500m" is invalid, must be an integer',
      'spec.containers[0].env[1]: hides previous definition of "MODE", which may be dropped when using apply',
      "spec.containers[0].ports[0]: hostIP set without hostPort: {Name: HostPort:0 ContainerPort:80 Protocol: HostIP:192.0.2.7}",
      "spec.containers[0].ports[1]: overlapping port definition with spec.containers[0].ports[0]",
      "spec.terminationGracePeriodSeconds: must be >= 0; negative values are invalid and will be treated as 1",
      "spec.affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].podAffinityTerm.labelSelector: a null labelSelector results in matching no pod",
    ]);
  });

  test("a template's warnings name its place in the workload", () => {
    const warnings = podWarnings(
      spec({ containers: [{ name: "a", image: "nginx" }], volumes: [{ name: "r", rbd: { image: "x" } }] }),
      { annotations: { "security.alpha.kubernetes.io/sysctls": "x" } },
      path("spec").child("template"),
    );
    assert.deepEqual(warnings, [
      'spec.template.metadata.annotations[security.alpha.kubernetes.io/sysctls]: non-functional in v1.11+; use the "sysctls" field instead',
      "spec.template.spec.volumes[0].rbd: deprecated in v1.28, non-functional in v1.31+",
    ]);
  });
});
