/**
 * Field errors, shaped and worded like upstream's apimachinery field errors, so kubectl
 * prints what a Kubernetes user expects, e.g.
 * `spec.type: Unsupported value: "LocalBalancer": supported values: "ClusterIP", ...`.
 */

/** Upstream's CauseType values for field errors. */
export type FieldErrorType =
  | "FieldValueRequired"
  | "FieldValueInvalid"
  | "FieldValueNotSupported"
  | "FieldValueDuplicate"
  | "FieldValueForbidden"
  | "FieldValueTooLong"
  | "FieldValueTooMany"
  | "FieldValueTypeInvalid"
  | "FieldValueNotFound";

export interface FieldError {
  readonly type: FieldErrorType;
  /** Dotted path with indexes, e.g. `spec.containers[0].ports[1].containerPort`. */
  readonly field: string;
  /** The message without the field path, e.g. `Required value`. */
  readonly message: string;
}

/**
 * A field path builder: `path("spec").child("containers").index(0).key("app")`. The text is
 * written only when asked for (validation builds a path for every field it checks, and few of
 * them end up in an error).
 */
export class Path {
  private text: string | undefined;
  private constructor(
    private readonly parent: Path | undefined,
    /** The name of a child, or an index or key already in brackets. */
    private readonly segment: string,
    private readonly bracketed: boolean,
  ) {}
  static root(name: string): Path {
    return new Path(undefined, name, false);
  }
  child(name: string): Path {
    return new Path(this, name, false);
  }
  index(i: number): Path {
    return new Path(this, `[${i}]`, true);
  }
  key(k: string): Path {
    return new Path(this, `[${k}]`, true);
  }
  toString(): string {
    if (this.text === undefined) {
      const head = this.parent?.toString() ?? "";
      this.text = this.bracketed || head === "" ? `${head}${this.segment}` : `${head}.${this.segment}`;
    }
    return this.text;
  }
}

export function path(name: string): Path {
  return Path.root(name);
}

/** How upstream prints a bad value inside a message: strings quoted, others as JSON. */
function show(v: unknown): string {
  if (typeof v === "string") return JSON.stringify(v);
  if (v === undefined || v === null) return "null";
  if (typeof v === "object") return JSON.stringify(v);
  return String(v);
}

const withDetail = (head: string, detail?: string) => (detail ? `${head}: ${detail}` : head);

export function required(p: Path | string, detail?: string): FieldError {
  return { type: "FieldValueRequired", field: String(p), message: withDetail("Required value", detail) };
}

export function invalid(p: Path | string, value: unknown, detail?: string): FieldError {
  return {
    type: "FieldValueInvalid",
    field: String(p),
    message: withDetail(`Invalid value: ${show(value)}`, detail),
  };
}

export function notSupported(p: Path | string, value: unknown, supported: readonly string[]): FieldError {
  const list = supported.map((s) => JSON.stringify(s)).join(", ");
  return {
    type: "FieldValueNotSupported",
    field: String(p),
    message: `Unsupported value: ${show(value)}${supported.length ? `: supported values: ${list}` : ""}`,
  };
}

export function duplicate(p: Path | string, value: unknown): FieldError {
  return { type: "FieldValueDuplicate", field: String(p), message: `Duplicate value: ${show(value)}` };
}

export function forbidden(p: Path | string, detail: string): FieldError {
  return { type: "FieldValueForbidden", field: String(p), message: `Forbidden: ${detail}` };
}

export function tooLong(p: Path | string, max: number): FieldError {
  return {
    type: "FieldValueTooLong",
    field: String(p),
    message: `Too long: may not be more than ${max} bytes`,
  };
}

export function tooMany(p: Path | string, actual: number, max: number): FieldError {
  return {
    type: "FieldValueTooMany",
    field: String(p),
    message: `Too many: ${actual}: must have at most ${max} items`,
  };
}

export function typeInvalid(p: Path | string, value: unknown, detail: string): FieldError {
  return {
    type: "FieldValueTypeInvalid",
    field: String(p),
    message: `Invalid value: ${show(value)}: ${detail}`,
  };
}

export function notFound(p: Path | string, value: unknown): FieldError {
  return { type: "FieldValueNotFound", field: String(p), message: `Not found: ${show(value)}` };
}

/** `field: message`, as upstream's FieldError.Error(). */
export function errorString(e: FieldError): string {
  return `${e.field}: ${e.message}`;
}

/** Upstream's aggregate form: one error alone, several in `[a, b]`. */
export function aggregate(errs: readonly FieldError[]): string {
  if (errs.length === 1) return errorString(errs[0]!);
  return `[${errs.map(errorString).join(", ")}]`;
}
