/**
 * Test fixture: a hand-written excerpt of upstream's OpenAPI v2 definitions (Pod, Deployment,
 * Service and what they use), with the patch and list extensions upstream publishes.
 */
import type { KubeObject } from "../../api/types.js";
import { applyPatch } from "./index.js";
import type { OpenAPIDefinitions, OpenAPISchema } from "./schema.js";

const ref = (name: string): OpenAPISchema => ({ $ref: `#/definitions/${name}` });
const str: OpenAPISchema = { type: "string" };
const int: OpenAPISchema = { type: "integer" };
const bool: OpenAPISchema = { type: "boolean" };
const strMap: OpenAPISchema = { type: "object", additionalProperties: str };
const strList: OpenAPISchema = { type: "array", items: str };
const mergeBy = (item: string, key: string, ...more: string[]): OpenAPISchema => ({
  type: "array",
  items: ref(item),
  "x-kubernetes-list-type": "map",
  "x-kubernetes-list-map-keys": [key, ...more],
  "x-kubernetes-patch-merge-key": key,
  "x-kubernetes-patch-strategy": "merge",
});
const obj = (
  properties: Record<string, OpenAPISchema>,
  extra: Partial<OpenAPISchema> = {},
): OpenAPISchema => ({
  type: "object",
  properties,
  ...extra,
});

const META = "io.k8s.apimachinery.pkg.apis.meta.v1";
const CORE = "io.k8s.api.core.v1";
const APPS = "io.k8s.api.apps.v1";

export const definitions: OpenAPIDefinitions = {
  [`${META}.ObjectMeta`]: obj({
    name: str,
    generateName: str,
    namespace: str,
    uid: str,
    resourceVersion: str,
    generation: int,
    creationTimestamp: str,
    labels: strMap,
    annotations: strMap,
    finalizers: {
      type: "array",
      items: str,
      "x-kubernetes-list-type": "set",
      "x-kubernetes-patch-strategy": "merge",
    },
    ownerReferences: mergeBy(`${META}.OwnerReference`, "uid"),
    managedFields: {
      type: "array",
      items: ref(`${META}.ManagedFieldsEntry`),
      "x-kubernetes-list-type": "atomic",
    },
  }),
  [`${META}.OwnerReference`]: obj({ apiVersion: str, kind: str, name: str, uid: str, controller: bool }),
  [`${META}.ManagedFieldsEntry`]: obj({
    manager: str,
    operation: str,
    apiVersion: str,
    time: str,
    fieldsType: str,
    fieldsV1: { type: "object" },
    subresource: str,
  }),
  [`${META}.LabelSelector`]: obj(
    {
      matchLabels: strMap,
      matchExpressions: { type: "array", items: { type: "object" }, "x-kubernetes-list-type": "atomic" },
    },
    { "x-kubernetes-map-type": "atomic" },
  ),
  "io.k8s.apimachinery.pkg.util.intstr.IntOrString": {
    type: "string",
    format: "int-or-string",
    "x-kubernetes-int-or-string": true,
  } as OpenAPISchema,
  [`${CORE}.Pod`]: obj({
    apiVersion: str,
    kind: str,
    metadata: ref(`${META}.ObjectMeta`),
    spec: ref(`${CORE}.PodSpec`),
    status: ref(`${CORE}.PodStatus`),
  }),
  [`${CORE}.PodSpec`]: obj({
    containers: mergeBy(`${CORE}.Container`, "name"),
    initContainers: mergeBy(`${CORE}.Container`, "name"),
    volumes: { ...mergeBy(`${CORE}.Volume`, "name"), "x-kubernetes-patch-strategy": "merge,retainKeys" },
    nodeSelector: { ...strMap, "x-kubernetes-map-type": "atomic" },
    tolerations: { type: "array", items: ref(`${CORE}.Toleration`), "x-kubernetes-list-type": "atomic" },
    restartPolicy: str,
    nodeName: str,
    terminationGracePeriodSeconds: int,
  }),
  [`${CORE}.Container`]: obj({
    name: str,
    image: str,
    command: strList,
    args: strList,
    env: mergeBy(`${CORE}.EnvVar`, "name"),
    ports: mergeBy(`${CORE}.ContainerPort`, "containerPort", "protocol"),
    volumeMounts: mergeBy(`${CORE}.VolumeMount`, "mountPath"),
    resources: ref(`${CORE}.ResourceRequirements`),
    imagePullPolicy: str,
  }),
  [`${CORE}.EnvVar`]: obj({ name: str, value: str }),
  // No "default" on protocol: the module's fallback supplies upstream's "TCP".
  [`${CORE}.ContainerPort`]: obj({ name: str, containerPort: int, hostPort: int, protocol: str }),
  [`${CORE}.VolumeMount`]: obj({ name: str, mountPath: str, readOnly: bool }),
  [`${CORE}.ResourceRequirements`]: obj({ limits: strMap, requests: strMap }),
  [`${CORE}.Volume`]: obj({
    name: str,
    configMap: obj({ name: str }),
    emptyDir: obj({ medium: str, sizeLimit: str }),
  }),
  [`${CORE}.Toleration`]: obj({ key: str, operator: str, value: str, effect: str }),
  [`${CORE}.PodStatus`]: obj({
    phase: str,
    conditions: mergeBy(`${CORE}.PodCondition`, "type"),
  }),
  [`${CORE}.PodCondition`]: obj({ type: str, status: str }),
  [`${CORE}.PodTemplateSpec`]: obj({ metadata: ref(`${META}.ObjectMeta`), spec: ref(`${CORE}.PodSpec`) }),
  [`${CORE}.Service`]: obj({
    apiVersion: str,
    kind: str,
    metadata: ref(`${META}.ObjectMeta`),
    spec: ref(`${CORE}.ServiceSpec`),
  }),
  [`${CORE}.ServiceSpec`]: obj({
    type: str,
    clusterIP: str,
    selector: { ...strMap, "x-kubernetes-map-type": "atomic" },
    ports: mergeBy(`${CORE}.ServicePort`, "port", "protocol"),
  }),
  [`${CORE}.ServicePort`]: obj({
    name: str,
    port: int,
    protocol: { type: "string", default: "TCP" },
    targetPort: ref("io.k8s.apimachinery.pkg.util.intstr.IntOrString"),
  }),
  [`${APPS}.Deployment`]: obj({
    apiVersion: str,
    kind: str,
    metadata: ref(`${META}.ObjectMeta`),
    spec: ref(`${APPS}.DeploymentSpec`),
    status: ref(`${APPS}.DeploymentStatus`),
  }),
  [`${APPS}.DeploymentSpec`]: obj({
    replicas: int,
    selector: ref(`${META}.LabelSelector`),
    template: ref(`${CORE}.PodTemplateSpec`),
    strategy: { ...ref(`${APPS}.DeploymentStrategy`), "x-kubernetes-patch-strategy": "retainKeys" },
    paused: bool,
    revisionHistoryLimit: int,
  }),
  [`${APPS}.DeploymentStrategy`]: obj({ type: str, rollingUpdate: ref(`${APPS}.RollingUpdateDeployment`) }),
  [`${APPS}.RollingUpdateDeployment`]: obj({
    maxSurge: ref("io.k8s.apimachinery.pkg.util.intstr.IntOrString"),
    maxUnavailable: ref("io.k8s.apimachinery.pkg.util.intstr.IntOrString"),
  }),
  [`${APPS}.DeploymentStatus`]: obj({ replicas: int, readyReplicas: int }),
};

/** What `patched` applies. */
export interface PatchCase {
  /** The Content-Type of the patch. */
  readonly patchType: string;
  /** The definition (in `definitions`) of the object patched. */
  readonly definition: string;
  /** The stored object. */
  readonly current: KubeObject;
  /** The patch body: sent as is when a string, JSON-encoded otherwise. */
  readonly patch: unknown;
}

/** `c.current` after `c.patch`, with this fixture's definitions, at a fixed time. */
export function patched(c: PatchCase): KubeObject {
  return applyPatch({
    patchType: c.patchType,
    current: c.current,
    body: typeof c.patch === "string" ? c.patch : JSON.stringify(c.patch),
    definitions,
    definition: c.definition,
    now: new Date("2024-06-01T12:00:00Z"),
  });
}

export const POD = `${CORE}.Pod`;
export const DEPLOYMENT = `${APPS}.Deployment`;
export const SERVICE = `${CORE}.Service`;

/** A stored Deployment named "web" with one nginx container. */
export function deployment(): KubeObject {
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: {
      name: "web",
      namespace: "default",
      uid: "6b1f4c1e-0000-4000-8000-000000000001",
      resourceVersion: "10",
      generation: 1,
      creationTimestamp: "2024-05-01T10:00:00Z",
      labels: { app: "web" },
    },
    spec: {
      replicas: 1,
      selector: { matchLabels: { app: "web" } },
      template: {
        metadata: { labels: { app: "web" } },
        spec: {
          containers: [
            { name: "nginx", image: "nginx:1.24", ports: [{ containerPort: 80, protocol: "TCP" }] },
          ],
        },
      },
    },
  };
}

/** A stored Pod named "p" with containers "app" and "sidecar". */
export function pod(): KubeObject {
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name: "p", namespace: "default", uid: "u-1", resourceVersion: "5", labels: { app: "p" } },
    spec: {
      containers: [
        {
          name: "app",
          image: "app:1",
          env: [
            { name: "A", value: "1" },
            { name: "B", value: "2" },
          ],
        },
        { name: "sidecar", image: "proxy:1", args: ["--port", "8080"] },
      ],
      restartPolicy: "Always",
    },
  };
}
