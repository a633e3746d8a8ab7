import { crdResource } from "./crd/index.js";
import { daemonSetResource } from "./daemonset/index.js";
import { deploymentResource } from "./deployment/index.js";
import { endpointSliceResource } from "./endpointslice/index.js";
import { eventV1Resource } from "./eventsv1/index.js";
import { hpaV1Resource, hpaV2Resource } from "./hpa/index.js";
import { leaseResource } from "./lease/index.js";
import { rbacResources } from "./rbac/index.js";
import { replicaSetResource } from "./replicaset/index.js";
import { reviewResources } from "./reviews/index.js";
import { statefulSetResource } from "./statefulset/index.js";
import { storageClassResource } from "./storageclass/index.js";
import type { ResourceDef } from "./types.js";

/** Kinds of the named groups (apps, autoscaling, ...), filled in by the kind modules. */
export const groupResources: readonly ResourceDef[] = [
  deploymentResource,
  replicaSetResource,
  daemonSetResource,
  statefulSetResource,
  hpaV2Resource,
  hpaV1Resource,
  leaseResource,
  endpointSliceResource,
  storageClassResource,
  ...rbacResources,
  eventV1Resource,
  crdResource,
  ...reviewResources,
];
