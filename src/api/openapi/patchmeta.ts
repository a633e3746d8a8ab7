/**
 * Upstream's patch and list metadata, which kubernetes-types does not carry: the
 * `patchStrategy`/`patchMergeKey` struct tags and the `+listType`, `+listMapKey` and `+mapType`
 * markers of the Go types (k8s.io/api v0.32 and k8s.io/apimachinery meta/v1 types.go).
 * `loadDefinitions()` merges this table into the generated definitions as the
 * `x-kubernetes-patch-strategy`, `x-kubernetes-patch-merge-key`, `x-kubernetes-list-type`,
 * `x-kubernetes-list-map-keys` and `x-kubernetes-map-type` extensions, which kubectl reads to
 * compute strategic merge patches (`kubectl apply`) and servers use to apply them.
 *
 * Lists not named here are replaced as a whole by a strategic merge patch, as upstream does for
 * lists without a patch strategy. Plain `+listType=atomic` markers are listed only for the fields
 * people most often ask about; they change nothing for strategic merge patches.
 */

/** Patch metadata of one field. */
export interface FieldPatchMeta {
  /** `x-kubernetes-patch-strategy`: "merge", "retainKeys", "merge,retainKeys" or "replace". */
  readonly strategy?: string;
  /** `x-kubernetes-patch-merge-key`: the field identifying list items when merging. */
  readonly mergeKey?: string;
  /** `x-kubernetes-list-type`: "atomic", "set" or "map". */
  readonly listType?: "atomic" | "set" | "map";
  /** `x-kubernetes-list-map-keys` of a `map` list. */
  readonly mapKeys?: readonly string[];
  /** `x-kubernetes-map-type` of an object or map field: "atomic" or "granular". */
  readonly mapType?: "atomic" | "granular";
}

/** A list merged by `key`, also a map-typed list keyed by `key` (and `more`). */
function mergeBy(key: string, ...more: string[]): FieldPatchMeta {
  return { strategy: "merge", mergeKey: key, listType: "map", mapKeys: [key, ...more] };
}

const conditions = mergeBy("type");
const atomic: FieldPatchMeta = { listType: "atomic" };

/** Lists shared by Container and EphemeralContainer (upstream's EphemeralContainerCommon). */
const containerLists: Readonly<Record<string, FieldPatchMeta>> = {
  ports: mergeBy("containerPort", "protocol"),
  env: mergeBy("name"),
  envFrom: atomic,
  volumeMounts: mergeBy("mountPath"),
  volumeDevices: mergeBy("devicePath"),
  resizePolicy: atomic,
};

/** Definition name -> field -> patch metadata. */
export const PATCH_META: Readonly<Record<string, Readonly<Record<string, FieldPatchMeta>>>> = {
  "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta": {
    finalizers: { strategy: "merge", listType: "set" },
    ownerReferences: mergeBy("uid"),
  },

  "io.k8s.api.core.v1.PodSpec": {
    containers: mergeBy("name"),
    initContainers: mergeBy("name"),
    ephemeralContainers: mergeBy("name"),
    volumes: { ...mergeBy("name"), strategy: "merge,retainKeys" },
    imagePullSecrets: mergeBy("name"),
    hostAliases: mergeBy("ip"),
    tolerations: atomic,
    topologySpreadConstraints: mergeBy("topologyKey", "whenUnsatisfiable"),
    schedulingGates: mergeBy("name"),
    resourceClaims: { ...mergeBy("name"), strategy: "merge,retainKeys" },
    nodeSelector: { mapType: "atomic" },
  },
  "io.k8s.api.core.v1.Container": containerLists,
  "io.k8s.api.core.v1.EphemeralContainer": containerLists,
  "io.k8s.api.core.v1.ContainerStatus": { volumeMounts: mergeBy("mountPath") },
  "io.k8s.api.core.v1.ResourceRequirements": { claims: { listType: "map", mapKeys: ["name"] } },
  "io.k8s.api.core.v1.PodStatus": {
    conditions,
    podIPs: mergeBy("ip"),
    hostIPs: { strategy: "merge", mergeKey: "ip", listType: "atomic" },
    resourceClaimStatuses: { ...mergeBy("name"), strategy: "merge,retainKeys" },
  },
  "io.k8s.api.core.v1.ServiceSpec": {
    ports: mergeBy("port", "protocol"),
    selector: { mapType: "atomic" },
  },
  "io.k8s.api.core.v1.ServiceStatus": { conditions },
  "io.k8s.api.core.v1.Endpoints": { subsets: atomic },
  "io.k8s.api.core.v1.EndpointSubset": { addresses: atomic, notReadyAddresses: atomic, ports: atomic },
  "io.k8s.api.core.v1.NodeSpec": { podCIDRs: { strategy: "merge", listType: "set" } },
  "io.k8s.api.core.v1.NodeStatus": { conditions, addresses: mergeBy("type") },
  "io.k8s.api.core.v1.NamespaceStatus": { conditions },
  "io.k8s.api.core.v1.PersistentVolumeClaimStatus": {
    conditions,
    allocatedResourceStatuses: { mapType: "granular" },
  },
  "io.k8s.api.core.v1.ReplicationControllerSpec": { selector: { mapType: "atomic" } },
  "io.k8s.api.core.v1.ReplicationControllerStatus": { conditions },
  "io.k8s.api.core.v1.ServiceAccount": { secrets: mergeBy("name") },
  "io.k8s.api.core.v1.ComponentStatus": { conditions },

  "io.k8s.api.apps.v1.DeploymentSpec": { strategy: { strategy: "retainKeys" } },
  "io.k8s.api.apps.v1.DeploymentStatus": { conditions },
  "io.k8s.api.apps.v1.ReplicaSetStatus": { conditions },
  "io.k8s.api.apps.v1.StatefulSetStatus": { conditions },
  "io.k8s.api.apps.v1.DaemonSetStatus": { conditions },

  "io.k8s.api.batch.v1.JobStatus": {
    conditions: { strategy: "merge", mergeKey: "type", listType: "atomic" },
  },
  "io.k8s.api.batch.v1.PodFailurePolicyOnExitCodesRequirement": { values: { listType: "set" } },
  "io.k8s.api.batch.v1.UncountedTerminatedPods": {
    succeeded: { listType: "set" },
    failed: { listType: "set" },
  },
  "io.k8s.api.autoscaling.v2.HorizontalPodAutoscalerStatus": { conditions },
  "io.k8s.api.policy.v1.PodDisruptionBudgetSpec": { selector: { strategy: "replace" } },
  "io.k8s.api.policy.v1.PodDisruptionBudgetStatus": { conditions },
  "io.k8s.api.discovery.v1.EndpointSlice": { endpoints: atomic, ports: atomic },
  "io.k8s.api.discovery.v1.Endpoint": { addresses: { listType: "set" } },
  "io.k8s.api.storage.v1.CSIDriverSpec": { volumeLifecycleModes: { listType: "set" } },
  "io.k8s.api.storage.v1.CSINodeSpec": { drivers: mergeBy("name") },
  "io.k8s.api.node.v1.Scheduling": { nodeSelector: { mapType: "atomic" } },
  "io.k8s.api.certificates.v1.CertificateSigningRequestStatus": {
    conditions: { listType: "map", mapKeys: ["type"] },
  },
};
