/** Helpers shared by the API kind modules and the generic API server. */

export { base64DecodedLength, base64Error } from "./base64.js";
export { immutable, nonNegative } from "./checks.js";
export { humanDuration, translateTimestampSince } from "./duration.js";
export {
  isStandardFinalizer,
  type NameValidator,
  type NameValidatorOptions,
  nameIsDNS1035Label,
  nameIsDNSLabel,
  nameIsDNSSubdomain,
  nameIsPathSegment,
  type ObjectMetaOptions,
  TOTAL_ANNOTATION_SIZE_LIMIT,
  validateAnnotations,
  validateFinalizers,
  validateLabels,
  validateObjectMeta,
  validateObjectMetaUpdate,
} from "./meta.js";
export {
  emptyError,
  inclusiveRangeError,
  isCIdentifier,
  isConfigMapKey,
  isDNS1035Label,
  isDNS1123Label,
  isDNS1123Subdomain,
  isEnvVarName,
  isQualifiedName,
  isValidLabelValue,
  isValidPathSegmentName,
  isValidPortName,
  isValidPortNum,
  maxLenError,
  regexError,
} from "./names.js";
export {
  canonicalizeResourceList,
  canonicalQuantity,
  QUANTITY_FORMAT_ERROR,
  Quantity,
  type QuantityFormat,
} from "./quantity.js";
export {
  isIntegerResourceName,
  parseQuantityField,
  quantityOf,
  validatePositiveQuantityValue,
  validateResourceList,
  validateResourceName,
  validateResourceQuantityValue,
} from "./resources.js";
export {
  formatLabelSelector,
  formatLabels,
  labelSelectorMatches,
  mapSelectorMatches,
  mapSelectorString,
  type SelectorMatch,
  selectorMatch,
  selectorString,
  validateLabelSelector,
} from "./selector.js";
export {
  bumpGenerationOnChange,
  initGeneration,
  keepField,
  keepStatus,
  resetStatus,
  type StatusStrategyOptions,
  statusStrategyOf,
} from "./status.js";
export { AGE_COLUMN, ageOf, column, layoutContainerCells, NAME_COLUMN, nameOf } from "./table.js";
export {
  clone,
  deepEqual,
  duplicateRendered,
  ensure,
  entries,
  goLabelSelector,
  goStringMap,
  goStringSlice,
  invalidRendered,
  ipFamilyOf,
  isObject,
  type JsonObject,
  list,
  notSupportedRendered,
  num,
  str,
  VALID_IP_MESSAGE,
  view,
} from "./values.js";
