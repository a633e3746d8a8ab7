/**
 * Kubernetes protobuf request bodies (`Content-Type: application/vnd.kubernetes.protobuf`, as
 * kubectl's typed clients send them) decoded into the JSON object the client would have sent.
 */
export { type DecodedObject, type DecodeOptions, decodeProtobufBody, MAX_DEPTH } from "./decode.js";
export { ProtobufDecodeError, type ProtobufDecodeErrorCode } from "./errors.js";
export { isProtobufMediaType, PROTOBUF_MEDIA_TYPE, PROTOBUF_MEDIA_TYPES } from "./media.js";
export { supportedGroupVersions } from "./schema.js";
