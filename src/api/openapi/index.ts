/**
 * OpenAPI for k8ts: upstream-named definitions generated from kubernetes-types at build time,
 * the /openapi/v2 and /openapi/v3 documents built from the served resources, and the decode
 * check of request bodies (wrong JSON types; unknown fields for `fieldValidation=Strict|Warn`).
 */

export { checkDecode, type DecodeCheck, unknownFields } from "./decode-check.js";
export type { FieldPatchMeta } from "./patchmeta.js";
export {
  type Definitions,
  deref,
  type GroupVersionKind,
  loadDefinitions,
  type Resolved,
  refName,
  resolveRef,
  type Schema,
} from "./schema.js";
export { openapiV2, openapiV2JSON } from "./v2.js";
export { OPENAPI_V2_PROTOBUF, openapiV2Protobuf } from "./v2proto.js";
export {
  type OpenAPIV3Path,
  openapiV3GroupVersion,
  openapiV3GroupVersionJSON,
  openapiV3Index,
} from "./v3.js";
