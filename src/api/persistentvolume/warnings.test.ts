import assert from "node:assert/strict";
import { test } from "node:test";
import type { PersistentVolume, PersistentVolumeClaim, PodSpec } from "kubernetes-types/core/v1.js";
import { pvcWarnings } from "../persistentvolumeclaim/warnings.js";
import { podWarnings } from "../pod/warnings.js";
import { pvWarnings } from "./warnings.js";

test("PersistentVolume and PersistentVolumeClaim warnings, as upstream's", () => {
  const pv = {
    metadata: {
      name: "pv",
      annotations: {
        "volume.beta.kubernetes.io/storage-class": "slow",
        "volume.beta.kubernetes.io/mount-options": "ro",
      },
    },
    spec: {
      capacity: { storage: "1Gi" },
      persistentVolumeReclaimPolicy: "Recycle",
      rbd: { image: "x", monitors: ["192.0.2.1"] },
      nodeAffinity: {
        required: {
          nodeSelectorTerms: [
            { matchExpressions: [{ key: "beta.kubernetes.io/os", operator: "In", values: ["linux"] }] },
          ],
        },
      },
    },
  } as unknown as PersistentVolume;
  assert.deepEqual(pvWarnings(pv), [
    'metadata.annotations[volume.beta.kubernetes.io/storage-class]: deprecated since v1.8; use "storageClassName" attribute instead',
    'metadata.annotations[volume.beta.kubernetes.io/mount-options]: deprecated since v1.31; use "mountOptions" attribute instead',
    "spec.persistentVolumeReclaimPolicy: The Recycle reclaim policy is deprecated. Instead, the recommended approach is to use dynamic provisioning.",
    'spec.nodeAffinity.required.nodeSelectorTerms[0].matchExpressions[0].key: beta.kubernetes.io/os is deprecated since v1.14; use "kubernetes.io/os" instead',
    "spec.rbd: deprecated in v1.28, non-functional in v1.31+",
  ]);
  const pvc = {
    metadata: { name: "c", annotations: { "volume.beta.kubernetes.io/storage-class": "slow" } },
    spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "1.5" } } },
  } as unknown as PersistentVolumeClaim;
  assert.deepEqual(pvcWarnings(pvc), [
    'metadata.annotations[volume.beta.kubernetes.io/storage-class]: deprecated since v1.8; use "storageClassName" attribute instead',
    'spec.resources.requests[storage]: fractional byte value "1500m" is invalid, must be an integer',
  ]);
  // A pod's ephemeral volume template gets the claim spec's warnings, at its place.
  const spec = {
    containers: [{ name: "a", image: "nginx" }],
    volumes: [
      {
        name: "scratch",
        ephemeral: { volumeClaimTemplate: { spec: { resources: { requests: { storage: "0.5" } } } } },
      },
    ],
  } as unknown as PodSpec;
  assert.deepEqual(podWarnings(spec, {}), [
    'spec.volumes[0].ephemeral.volumeClaimTemplate.spec.resources.requests[storage]: fractional byte value "500m" is invalid, must be an integer',
  ]);
});
