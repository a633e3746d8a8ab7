/** Kubernetes' protobuf media type, as kubectl's typed clients send it in Content-Type. */
export const PROTOBUF_MEDIA_TYPE = "application/vnd.kubernetes.protobuf";

/** Request body media types `decodeProtobufBody` reads (compare with `isProtobufMediaType`). */
export const PROTOBUF_MEDIA_TYPES: readonly string[] = [PROTOBUF_MEDIA_TYPE];

/**
 * Whether a Content-Type header names a protobuf body this package decodes. Parameters (such as
 * `; charset=...`) are ignored and the type is matched case-insensitively, as media types are.
 */
export function isProtobufMediaType(contentType: string | undefined): boolean {
  if (!contentType) return false;
  const type = contentType.split(";", 1)[0]!.trim().toLowerCase();
  return PROTOBUF_MEDIA_TYPES.includes(type);
}
