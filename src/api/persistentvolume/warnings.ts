/**
 * The warnings upstream returns for a valid PersistentVolume (pkg/api/persistentvolume
 * GetWarningsForPersistentVolume): deprecated annotations, the Recycle reclaim policy, renamed
 * node labels in its node affinity, and volume plugins that were removed.
 */
import type { PersistentVolume } from "kubernetes-types/core/v1.js";
import { nodeSelectorTermWarnings } from "../common/node-labels.js";
import { isObject, list } from "../common/values.js";
import { path } from "../field.js";
import { BETA_STORAGE_CLASS, BETA_STORAGE_CLASS_MESSAGE } from "../persistentvolumeclaim/warnings.js";

const MOUNT_OPTIONS = "volume.beta.kubernetes.io/mount-options";

/** Removed volume plugins, by JSON field: the name upstream's message uses, and what it says. */
const DEPRECATED_SOURCES: readonly [string, string, string][] = [
  ["cephfs", "cephfs", "deprecated in v1.28, non-functional in v1.31+"],
  ["photonPersistentDisk", "photonPersistentDisk", "deprecated in v1.11, non-functional in v1.16+"],
  ["rbd", "rbd", "deprecated in v1.28, non-functional in v1.31+"],
  ["scaleIO", "scaleIO", "deprecated in v1.16, non-functional in v1.22+"],
  ["storageos", "storageOS", "deprecated in v1.22, non-functional in v1.25+"],
  ["glusterfs", "glusterfs", "deprecated in v1.25, non-functional in v1.26+"],
];

export function pvWarnings(pv: Readonly<PersistentVolume>): string[] {
  const warnings: string[] = [];
  const annotations = isObject(pv.metadata?.annotations) ? pv.metadata.annotations : {};
  const ann = path("metadata").child("annotations");
  if (Object.hasOwn(annotations, BETA_STORAGE_CLASS))
    warnings.push(`${ann.key(BETA_STORAGE_CLASS)}: ${BETA_STORAGE_CLASS_MESSAGE}`);
  if (Object.hasOwn(annotations, MOUNT_OPTIONS))
    warnings.push(`${ann.key(MOUNT_OPTIONS)}: deprecated since v1.31; use "mountOptions" attribute instead`);
  const spec = isObject(pv.spec) ? pv.spec : {};
  if (spec.persistentVolumeReclaimPolicy === "Recycle")
    warnings.push(
      "spec.persistentVolumeReclaimPolicy: The Recycle reclaim policy is deprecated. Instead, the recommended approach is to use dynamic provisioning.",
    );
  const required =
    isObject(spec.nodeAffinity) && isObject(spec.nodeAffinity.required) ? spec.nodeAffinity.required : {};
  const terms = path("spec").child("nodeAffinity").child("required").child("nodeSelectorTerms");
  for (const [i, term] of list(required.nodeSelectorTerms).entries())
    warnings.push(...nodeSelectorTermWarnings(term, terms.index(i)));
  for (const [field, name, message] of DEPRECATED_SOURCES)
    if (spec[field] != null) warnings.push(`${path("spec").child(name)}: ${message}`);
  return warnings;
}
