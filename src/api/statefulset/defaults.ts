/** apps/v1 StatefulSet defaults (upstream pkg/apis/apps/v1/defaults.go SetDefaults_StatefulSet). */
import type { StatefulSet } from "kubernetes-types/apps/v1.js";
import { ensure, view } from "../common/values.js";
import type { KubeObject } from "../types.js";
import { defaultTemplate } from "../workload/strategy.js";

export function defaultStatefulSet(obj: KubeObject): void {
  const sts = view<StatefulSet>(obj);
  const spec = ensure(sts, "spec");
  if (!spec.podManagementPolicy) spec.podManagementPolicy = "OrderedReady";
  const us = ensure(spec, "updateStrategy");
  if (!us.type) {
    us.type = "RollingUpdate";
    us.rollingUpdate ??= {};
  }
  if (us.type === "RollingUpdate" && us.rollingUpdate) us.rollingUpdate.partition ??= 0;
  const retention = ensure(spec, "persistentVolumeClaimRetentionPolicy");
  if (!retention.whenDeleted) retention.whenDeleted = "Retain";
  if (!retention.whenScaled) retention.whenScaled = "Retain";
  spec.replicas ??= 1;
  spec.revisionHistoryLimit ??= 10;
  defaultTemplate(spec);
  // Claim templates are defaulted as PersistentVolumeClaims (upstream prints them with
  // apiVersion/kind, volumeMode Filesystem and a Pending phase).
  for (const pvc of spec.volumeClaimTemplates ?? []) {
    pvc.apiVersion ??= "v1";
    pvc.kind ??= "PersistentVolumeClaim";
    pvc.spec ??= {};
    pvc.spec.volumeMode ??= "Filesystem";
    // kubernetes-types marks a PVC's status read-only; templates carry one all the same.
    const claim = pvc as { status?: { phase?: string } };
    claim.status ??= {};
    claim.status.phase ??= "Pending";
  }
}
