/**
 * The warnings upstream returns for a valid PersistentVolumeClaim (pkg/api/persistentvolumeclaim
 * GetWarningsForPersistentVolumeClaim): the beta storage-class annotation, and storage that is
 * not a whole number of bytes. The spec's part also applies to a pod's ephemeral volume template.
 */
import type { PersistentVolumeClaim, PersistentVolumeClaimSpec } from "kubernetes-types/core/v1.js";
import { fractionalBytesWarnings } from "../common/resources.js";
import { isObject } from "../common/values.js";
import { type Path, path } from "../field.js";

export const BETA_STORAGE_CLASS = "volume.beta.kubernetes.io/storage-class";
export const BETA_STORAGE_CLASS_MESSAGE = 'deprecated since v1.8; use "storageClassName" attribute instead';

export function pvcSpecWarnings(spec: Readonly<PersistentVolumeClaimSpec> | undefined, p: Path): string[] {
  const resources = isObject(spec?.resources) ? spec.resources : {};
  return [
    ...fractionalBytesWarnings(resources.requests, "storage", p.child("resources").child("requests")),
    ...fractionalBytesWarnings(resources.limits, "storage", p.child("resources").child("limits")),
  ];
}

export function pvcWarnings(pvc: Readonly<PersistentVolumeClaim>): string[] {
  const annotations = isObject(pvc.metadata?.annotations) ? pvc.metadata.annotations : {};
  const warnings: string[] = [];
  if (Object.hasOwn(annotations, BETA_STORAGE_CLASS))
    warnings.push(
      `${path("metadata").child("annotations").key(BETA_STORAGE_CLASS)}: ${BETA_STORAGE_CLASS_MESSAGE}`,
    );
  return [...warnings, ...pvcSpecWarnings(pvc.spec, path("spec"))];
}
