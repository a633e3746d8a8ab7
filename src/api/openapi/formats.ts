/**
 * Numeric fields whose upstream format is not int32. kubernetes-types types every number as
 * `number`, so the generator emits `integer`/`int32`; these are the fields that are Go `int64`
 * (`integer`/`int64`) or `float64` (`number`/`double`) in k8s.io/api v0.32, k8s.io/apimachinery
 * and k8s.io/apiextensions-apiserver. `loadDefinitions()` applies them (to array items for lists).
 */
export const NUMBER_FORMATS: Readonly<Record<string, Readonly<Record<string, "int64" | "double">>>> = {
  "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta": {
    generation: "int64",
    deletionGracePeriodSeconds: "int64",
  },
  "io.k8s.apimachinery.pkg.apis.meta.v1.ListMeta": { remainingItemCount: "int64" },
  "io.k8s.apimachinery.pkg.apis.meta.v1.DeleteOptions": { gracePeriodSeconds: "int64" },
  "io.k8s.apimachinery.pkg.apis.meta.v1.Condition": { observedGeneration: "int64" },

  "io.k8s.api.core.v1.PodSpec": { terminationGracePeriodSeconds: "int64", activeDeadlineSeconds: "int64" },
  "io.k8s.api.core.v1.PodSecurityContext": {
    runAsUser: "int64",
    runAsGroup: "int64",
    supplementalGroups: "int64",
    fsGroup: "int64",
  },
  "io.k8s.api.core.v1.SecurityContext": { runAsUser: "int64", runAsGroup: "int64" },
  "io.k8s.api.core.v1.Probe": { terminationGracePeriodSeconds: "int64" },
  "io.k8s.api.core.v1.SleepAction": { seconds: "int64" },
  "io.k8s.api.core.v1.Toleration": { tolerationSeconds: "int64" },
  "io.k8s.api.core.v1.ServiceAccountTokenProjection": { expirationSeconds: "int64" },
  "io.k8s.api.core.v1.ContainerImage": { sizeBytes: "int64" },
  "io.k8s.api.core.v1.ReplicationControllerStatus": { observedGeneration: "int64" },

  "io.k8s.api.apps.v1.DeploymentStatus": { observedGeneration: "int64" },
  "io.k8s.api.apps.v1.ReplicaSetStatus": { observedGeneration: "int64" },
  "io.k8s.api.apps.v1.StatefulSetStatus": { observedGeneration: "int64" },
  "io.k8s.api.apps.v1.DaemonSetStatus": { observedGeneration: "int64" },
  "io.k8s.api.apps.v1.ControllerRevision": { revision: "int64" },

  "io.k8s.api.batch.v1.JobSpec": { activeDeadlineSeconds: "int64" },
  "io.k8s.api.batch.v1.CronJobSpec": { startingDeadlineSeconds: "int64" },
  "io.k8s.api.autoscaling.v1.HorizontalPodAutoscalerStatus": { observedGeneration: "int64" },
  "io.k8s.api.autoscaling.v2.HorizontalPodAutoscalerStatus": { observedGeneration: "int64" },
  "io.k8s.api.policy.v1.PodDisruptionBudgetStatus": { observedGeneration: "int64" },
  "io.k8s.api.storage.v1.TokenRequest": { expirationSeconds: "int64" },
  "io.k8s.api.authentication.v1.TokenRequestSpec": { expirationSeconds: "int64" },

  "io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSONSchemaProps": {
    maxItems: "int64",
    maxLength: "int64",
    maxProperties: "int64",
    minItems: "int64",
    minLength: "int64",
    minProperties: "int64",
    maximum: "double",
    minimum: "double",
    multipleOf: "double",
  },
};
