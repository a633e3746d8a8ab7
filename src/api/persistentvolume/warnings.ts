/**
 * The warnings upstream returns for a valid PersistentVolume (pkg/api/persistentvolume
 * GetWarningsForPersistentVolume): deprecated annotations, the Recycle reclaim policy, renamed
 * node labels in its node affinity, and volume plugins that were removed.
 */
import type { PersistentVolume } from "kubernetes-types/core/v1.js";
import { nodeSelectorTermWarnings } from "../common/node-labels.js";
import { isObject, list } from "../common/values.js";
import { REMOVED_VOLUME_PLUGINS } from "../common/volume-plugins.js";
import { path } from "../field.js";
import { BETA_STORAGE_CLASS, BETA_STORAGE_CLASS_MESSAGE } from "../persistentvolumeclaim/warnings.js";

const MOUNT_OPTIONS = "volume.beta.kubernetes.io/mount-options";

/** The removed volume plugins a PersistentVolume is checked for, in upstream's order. */
const PV_REMOVED_PLUGINS = ["cephfs", "photonPersistentDisk", "rbd", "scaleIO", "storageos", "glusterfs"];

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
  for (const field of PV_REMOVED_PLUGINS) {
    const [name, message] = REMOVED_VOLUME_PLUGINS[field]!;
    if (spec[field] != null) warnings.push(`${path("spec").child(name)}: ${message}`);
  }
  return warnings;
}
