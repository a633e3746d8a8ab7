/**
 * The one place where the kinds in this tree (apps, autoscaling, coordination, discovery,
 * events.k8s.io, storage, rbac) reach the shared core modules: selector validation, durations,
 * table columns and deep equality from `api/common`, pod template defaults and validation from
 * `api/pod`.
 */
export {
  AGE_COLUMN,
  ageOf,
  deepEqual,
  layoutContainerCells,
  NAME_COLUMN,
  translateTimestampSince,
  validateLabelSelector,
} from "../common/index.js";
export { defaultPodSpec, validatePodTemplateSpec } from "../pod/index.js";
