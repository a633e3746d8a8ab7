import { configMapResource } from "./configmap/index.js";
import { endpointsResource } from "./endpoints/index.js";
import { eventResource } from "./event/index.js";
import { limitRangeResource } from "./limitrange/index.js";
import { namespaceResource } from "./namespace/index.js";
import { nodeResource } from "./node/index.js";
import { persistentVolumeResource } from "./persistentvolume/index.js";
import { persistentVolumeClaimResource } from "./persistentvolumeclaim/index.js";
import { podResource } from "./pod/index.js";
import { replicationControllerResource } from "./replicationcontroller/index.js";
import { resourceQuotaResource } from "./resourcequota/index.js";
import { secretResource } from "./secret/index.js";
import { serviceResource } from "./service/index.js";
import { serviceAccountResource } from "./serviceaccount/index.js";
import type { ResourceDef } from "./types.js";

/** core/v1 kinds, in upstream's discovery order. */
export const coreResources: readonly ResourceDef[] = [
  configMapResource,
  endpointsResource,
  eventResource,
  limitRangeResource,
  namespaceResource,
  nodeResource,
  persistentVolumeClaimResource,
  persistentVolumeResource,
  podResource,
  replicationControllerResource,
  resourceQuotaResource,
  secretResource,
  serviceAccountResource,
  serviceResource,
];
