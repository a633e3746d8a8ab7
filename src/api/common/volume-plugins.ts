/**
 * Volume plugins upstream removed, by JSON field: the name its warnings use for the field, and
 * what they say (pkg/api/pod and pkg/api/persistentvolume warnings).
 */
export const REMOVED_VOLUME_PLUGINS: Readonly<Record<string, readonly [name: string, message: string]>> = {
  photonPersistentDisk: ["photonPersistentDisk", "deprecated in v1.11, non-functional in v1.16+"],
  gitRepo: ["gitRepo", "deprecated in v1.11"],
  scaleIO: ["scaleIO", "deprecated in v1.16, non-functional in v1.22+"],
  flocker: ["flocker", "deprecated in v1.22, non-functional in v1.25+"],
  storageos: ["storageOS", "deprecated in v1.22, non-functional in v1.25+"],
  quobyte: ["quobyte", "deprecated in v1.22, non-functional in v1.25+"],
  glusterfs: ["glusterfs", "deprecated in v1.25, non-functional in v1.26+"],
  cephfs: ["cephfs", "deprecated in v1.28, non-functional in v1.31+"],
  rbd: ["rbd", "deprecated in v1.28, non-functional in v1.31+"],
};
