/**
 * meta/v1 Status errors, worded as kube-apiserver words them so kubectl prints the familiar
 * messages (`pods "x" not found`, `The Service "x" is invalid: ...`).
 */
import { aggregate, type FieldError } from "../api/field.js";

export interface StatusCause {
  readonly reason?: string;
  readonly message?: string;
  readonly field?: string;
}

export interface StatusDetails {
  readonly name?: string;
  readonly group?: string;
  readonly kind?: string;
  readonly uid?: string;
  readonly causes?: readonly StatusCause[];
  readonly retryAfterSeconds?: number;
}

/** An error the API answers with a Status object. */
export class ApiError extends Error {
  readonly code: number;
  readonly reason: string;
  readonly details?: StatusDetails;
  constructor(code: number, reason: string, message: string, details?: StatusDetails) {
    super(message);
    this.name = "ApiError";
    this.code = code;
    this.reason = reason;
    this.details = details;
  }

  /** The Status object sent on the wire. */
  toStatus(): Record<string, unknown> {
    return statusObject(this.code, this.reason, this.message, this.details);
  }
}

export function statusObject(
  code: number,
  reason: string,
  message: string,
  details?: StatusDetails,
): Record<string, unknown> {
  return {
    kind: "Status",
    apiVersion: "v1",
    metadata: {},
    status: code >= 200 && code < 300 ? "Success" : "Failure",
    message,
    ...(reason ? { reason } : {}),
    ...(details ? { details } : {}),
    code,
  };
}

/** A group-qualified resource as upstream prints it: "pods", "deployments.apps". */
export interface GroupResource {
  readonly group: string;
  readonly resource: string;
}

const qualified = (gr: GroupResource) => (gr.group ? `${gr.resource}.${gr.group}` : gr.resource);
const det = (gr: GroupResource, name: string): StatusDetails => ({
  name,
  ...(gr.group ? { group: gr.group } : {}),
  kind: gr.resource,
});

export const errors = {
  notFound: (gr: GroupResource, name: string) =>
    new ApiError(404, "NotFound", `${qualified(gr)} "${name}" not found`, det(gr, name)),
  alreadyExists: (gr: GroupResource, name: string) =>
    new ApiError(409, "AlreadyExists", `${qualified(gr)} "${name}" already exists`, det(gr, name)),
  /** A generated name that was taken (after retries): upstream's NewGenerateNameConflict. */
  generateNameConflict: (gr: GroupResource, name: string) =>
    new ApiError(
      409,
      "AlreadyExists",
      `${qualified(gr)} "${name}" already exists, the server was not able to generate a unique name for the object`,
      { ...det(gr, name), retryAfterSeconds: 1 },
    ),
  conflict: (gr: GroupResource, name: string, why: string) =>
    new ApiError(
      409,
      "Conflict",
      `Operation cannot be fulfilled on ${qualified(gr)} "${name}": ${why}`,
      det(gr, name),
    ),
  invalid: (group: string, kind: string, name: string, errs: readonly FieldError[]) =>
    // The kind qualified by its group in the message (kubectl prints details.kind); empty group,
    // kind and name are left out of the details (omitempty), as upstream's NewInvalid.
    new ApiError(
      422,
      "Invalid",
      `${group ? `${kind}.${group}` : kind} "${name}" is invalid: ${aggregate(errs)}`,
      {
        ...(name ? { name } : {}),
        ...(group ? { group } : {}),
        ...(kind ? { kind } : {}),
        causes: errs.map((e) => ({ reason: e.type, message: e.message, field: e.field })),
      },
    ),
  badRequest: (message: string, causes?: readonly StatusCause[]) =>
    new ApiError(400, "BadRequest", message, causes ? { causes } : undefined),
  forbidden: (gr: GroupResource, name: string, why: string) =>
    new ApiError(403, "Forbidden", `${qualified(gr)} "${name}" is forbidden: ${why}`, det(gr, name)),
  unauthorized: () => new ApiError(401, "Unauthorized", "Unauthorized"),
  methodNotSupported: (gr: GroupResource, verb: string) =>
    new ApiError(
      405,
      "MethodNotAllowed",
      `${verb} is not supported on resources of kind "${qualified(gr)}"`,
      {
        ...(gr.group ? { group: gr.group } : {}),
        kind: gr.resource,
      },
    ),
  notAcceptable: (accepted: readonly string[]) =>
    new ApiError(406, "NotAcceptable", `only the following media types are accepted: ${accepted.join(", ")}`),
  unsupportedMediaType: (contentType: string, accepted: readonly string[]) =>
    new ApiError(
      415,
      "UnsupportedMediaType",
      `the body of the request was in an unknown format - accepted media types include: ${accepted.join(", ")}`,
      { causes: [{ reason: "UnsupportedMediaType", message: contentType }] },
    ),
  tooLarge: (limit: number) =>
    new ApiError(413, "RequestEntityTooLarge", `Request entity too large: limit is ${limit}`),
  gone: (message: string) => new ApiError(410, "Expired", message),
  pathNotFound: () => new ApiError(404, "NotFound", "the server could not find the requested resource"),
  internal: (message: string) =>
    new ApiError(500, "InternalError", `Internal error occurred: ${message}`, { causes: [{ message }] }),
  unavailable: (message: string) => new ApiError(503, "ServiceUnavailable", message),
  timeout: (message: string) => new ApiError(504, "Timeout", message),
};
