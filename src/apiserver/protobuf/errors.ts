/** The one error the protobuf body decoder throws; the API server answers it with 400 BadRequest. */
export class ProtobufDecodeError extends Error {
  /** Stable: what kind of problem, for callers that treat some differently. */
  readonly code: ProtobufDecodeErrorCode;
  /** apiVersion and kind from the body's envelope, once they were read. */
  readonly apiVersion?: string;
  readonly kind?: string;
  constructor(code: ProtobufDecodeErrorCode, message: string, type?: { apiVersion: string; kind: string }) {
    super(message);
    this.name = "ProtobufDecodeError";
    this.code = code;
    this.apiVersion = type?.apiVersion;
    this.kind = type?.kind;
  }
}

export type ProtobufDecodeErrorCode =
  /** Empty, or not starting with the `k8s\x00` magic of Kubernetes' protobuf encoding. */
  | "NotProtobuf"
  /** Bytes that are not a well-formed protobuf message of the expected type (truncated, bad tags, ...). */
  | "Malformed"
  /** The envelope names no kind or no apiVersion (and the caller supplied no defaults). */
  | "MissingKind"
  /** apiVersion/kind is not one this decoder has field numbers for. */
  | "UnknownKind"
  /** The envelope declares a content encoding (e.g. gzip) for the object; none is supported. */
  | "UnsupportedEncoding"
  /** Objects nested deeper than the decoder allows (only embedded objects can nest without bound). */
  | "TooDeep"
  /** A well-formed field whose value has no JSON form (a year past 9999, bad IntOrString type, ...). */
  | "InvalidValue";
