/**
 * Fields whose Go type upstream marks `+enum`, with their values as upstream's OpenAPI lists
 * them (sorted; `kubectl explain` prints them under ENUM). kubernetes-types carries no enums;
 * `loadDefinitions()` applies these (to array items for lists). The common fields of core/v1 and
 * apps/v1 that people set by hand.
 */
const PROTOCOLS = ["SCTP", "TCP", "UDP"];
const TAINT_EFFECTS = ["NoExecute", "NoSchedule", "PreferNoSchedule"];
const PULL_POLICIES = ["Always", "IfNotPresent", "Never"];
const TRAFFIC_POLICIES = ["Cluster", "Local"];
const VOLUME_MODES = ["Block", "Filesystem"];
const UPDATE_STRATEGIES = ["OnDelete", "RollingUpdate"];
/** core/v1 HostPathType values ("" = no check), also what validation accepts. */
export const HOST_PATH_TYPES: readonly string[] = [
  "",
  "BlockDevice",
  "CharDevice",
  "Directory",
  "DirectoryOrCreate",
  "File",
  "FileOrCreate",
  "Socket",
];

export const ENUMS: Readonly<Record<string, Readonly<Record<string, readonly string[]>>>> = {
  "io.k8s.api.core.v1.ServiceSpec": {
    type: ["ClusterIP", "ExternalName", "LoadBalancer", "NodePort"],
    externalTrafficPolicy: TRAFFIC_POLICIES,
    internalTrafficPolicy: TRAFFIC_POLICIES,
    sessionAffinity: ["ClientIP", "None"],
    ipFamilyPolicy: ["PreferDualStack", "RequireDualStack", "SingleStack"],
    ipFamilies: ["IPv4", "IPv6"],
  },
  "io.k8s.api.core.v1.ServicePort": { protocol: PROTOCOLS },
  "io.k8s.api.core.v1.ContainerPort": { protocol: PROTOCOLS },
  "io.k8s.api.core.v1.EndpointPort": { protocol: PROTOCOLS },
  "io.k8s.api.discovery.v1.EndpointPort": { protocol: PROTOCOLS },
  "io.k8s.api.core.v1.Container": {
    imagePullPolicy: PULL_POLICIES,
    terminationMessagePolicy: ["FallbackToLogsOnError", "File"],
  },
  "io.k8s.api.core.v1.EphemeralContainer": {
    imagePullPolicy: PULL_POLICIES,
    terminationMessagePolicy: ["FallbackToLogsOnError", "File"],
  },
  "io.k8s.api.core.v1.PodSpec": {
    restartPolicy: ["Always", "Never", "OnFailure"],
    dnsPolicy: ["ClusterFirst", "ClusterFirstWithHostNet", "Default", "None"],
    preemptionPolicy: ["Never", "PreemptLowerPriority"],
  },
  "io.k8s.api.core.v1.PodStatus": {
    phase: ["Failed", "Pending", "Running", "Succeeded", "Unknown"],
    qosClass: ["BestEffort", "Burstable", "Guaranteed"],
  },
  "io.k8s.api.core.v1.Toleration": { operator: ["Equal", "Exists"], effect: TAINT_EFFECTS },
  "io.k8s.api.core.v1.Taint": { effect: TAINT_EFFECTS },
  "io.k8s.api.core.v1.NodeSelectorRequirement": {
    operator: ["DoesNotExist", "Exists", "Gt", "In", "Lt", "NotIn"],
  },
  "io.k8s.api.core.v1.TopologySpreadConstraint": { whenUnsatisfiable: ["DoNotSchedule", "ScheduleAnyway"] },
  "io.k8s.api.core.v1.HTTPGetAction": { scheme: ["HTTP", "HTTPS"] },
  "io.k8s.api.core.v1.HostPathVolumeSource": { type: HOST_PATH_TYPES },
  "io.k8s.api.core.v1.PersistentVolumeSpec": {
    persistentVolumeReclaimPolicy: ["Delete", "Recycle", "Retain"],
    volumeMode: VOLUME_MODES,
  },
  "io.k8s.api.core.v1.PersistentVolumeClaimSpec": { volumeMode: VOLUME_MODES },
  "io.k8s.api.core.v1.PersistentVolumeStatus": {
    phase: ["Available", "Bound", "Failed", "Pending", "Released"],
  },
  "io.k8s.api.core.v1.PersistentVolumeClaimStatus": { phase: ["Bound", "Lost", "Pending"] },
  "io.k8s.api.core.v1.NamespaceStatus": { phase: ["Active", "Terminating"] },
  "io.k8s.api.apps.v1.DeploymentStrategy": { type: ["Recreate", "RollingUpdate"] },
  "io.k8s.api.apps.v1.StatefulSetSpec": { podManagementPolicy: ["OrderedReady", "Parallel"] },
  "io.k8s.api.apps.v1.StatefulSetUpdateStrategy": { type: UPDATE_STRATEGIES },
  "io.k8s.api.apps.v1.DaemonSetUpdateStrategy": { type: UPDATE_STRATEGIES },
};
