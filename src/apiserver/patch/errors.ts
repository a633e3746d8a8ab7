/**
 * The patch module's one error class. Every failure caused by the request (body, patch type,
 * options, conflicts) is a PatchError whose `status` and `reason` are what kube-apiserver
 * answers the same failure with, and whose message is worded as upstream words it.
 */
import { aggregate, type FieldError } from "../../api/field.js";

/** Stable codes; each is also the meta/v1 Status `reason` sent to the client. */
export type PatchErrorCode =
  | "BadRequest"
  | "UnsupportedMediaType"
  | "Invalid"
  | "Conflict"
  | "RequestEntityTooLarge"
  | "NotFound";

const HTTP_STATUS: Readonly<Record<PatchErrorCode, number>> = {
  BadRequest: 400,
  NotFound: 404,
  Conflict: 409,
  RequestEntityTooLarge: 413,
  UnsupportedMediaType: 415,
  Invalid: 422,
};

/** A meta/v1 StatusCause. */
export interface PatchErrorCause {
  readonly reason?: string;
  readonly message?: string;
  readonly field?: string;
}

export class PatchError extends Error {
  readonly code: PatchErrorCode;
  /** The HTTP status of the response. */
  readonly status: number;
  /** Status.details.causes (conflicts, field errors), possibly empty. */
  readonly causes: readonly PatchErrorCause[];
  /** Status.details.kind/group for errors about request options (upstream names PatchOptions). */
  readonly kind?: string;
  readonly group?: string;

  constructor(
    code: PatchErrorCode,
    message: string,
    causes: readonly PatchErrorCause[] = [],
    subject?: { readonly kind: string; readonly group: string },
  ) {
    super(message);
    this.name = "PatchError";
    this.code = code;
    this.status = HTTP_STATUS[code];
    this.causes = causes;
    this.kind = subject?.kind;
    this.group = subject?.group;
  }

  /** The Status reason, the same string as `code`. */
  get reason(): string {
    return this.code;
  }

  /** The meta/v1 Status object kube-apiserver sends for this error. */
  toStatus(): Record<string, unknown> {
    const details: Record<string, unknown> = {};
    if (this.kind !== undefined) details.name = "";
    if (this.group) details.group = this.group;
    if (this.kind !== undefined) details.kind = this.kind;
    if (this.causes.length) details.causes = this.causes;
    return {
      kind: "Status",
      apiVersion: "v1",
      metadata: {},
      status: "Failure",
      message: this.message,
      reason: this.code,
      ...(Object.keys(details).length ? { details } : {}),
      code: this.status,
    };
  }
}

export function badRequest(message: string): PatchError {
  return new PatchError("BadRequest", message);
}

/**
 * A patch that could not be applied, shaped like upstream's
 * `NewGenericServerResponse(422, ...)`: a fixed message, the real error as the only cause.
 */
export function rejected(detail: string): PatchError {
  return new PatchError("Invalid", "the server rejected our request due to an error in our request", [
    { reason: "UnexpectedServerResponse", message: detail },
  ]);
}

/** A patch that is well-formed JSON but cannot be applied (422 with the error as message). */
export function invalidPatch(message: string): PatchError {
  return new PatchError("Invalid", message);
}

/** Invalid request options, as upstream's `PatchOptions.meta.k8s.io "" is invalid: ...`. */
export function invalidOptions(errs: readonly FieldError[]): PatchError {
  return new PatchError(
    "Invalid",
    `PatchOptions.meta.k8s.io "" is invalid: ${aggregate(errs)}`,
    errs.map((e) => ({ reason: e.type, message: e.message, field: e.field })),
    { kind: "PatchOptions", group: "meta.k8s.io" },
  );
}
