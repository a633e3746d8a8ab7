/**
 * Pieces shared by the apps/v1 workload kinds (Deployment, ReplicaSet, DaemonSet, StatefulSet)
 * and reused by other kinds in this tree: upstream's small validators
 * (pkg/apis/apps/validation), the status/generation strategy rules, and table cells.
 */
import type { PodTemplateSpec } from "kubernetes-types/core/v1.js";
import type { LabelSelector } from "kubernetes-types/meta/v1.js";
import { goLabelSelector, goStringMap, invalidRendered, regexError } from "../common/index.js";
import { type FieldError, forbidden, invalid, type Path, path, required } from "../field.js";
import type { KubeObject, ResourceDef, Strategy } from "../types.js";
import { AGE_COLUMN, ageOf, deepEqual, NAME_COLUMN, translateTimestampSince } from "./deps.js";
import { matchSelector } from "./selector.js";

/** Views a stored object through its kubernetes-types shape. */
export function view<T>(obj: Readonly<KubeObject>): T {
  return obj as unknown as T;
}

/** Upstream's ValidateNonnegativeField. */
export function nonNegative(value: unknown, p: Path): FieldError[] {
  if (typeof value === "number" && value < 0)
    return [invalid(p, value, "must be greater than or equal to 0")];
  return [];
}

/** Upstream's IsValidPercent message. */
const percentMsg = regexError(
  "a valid percent string must be a numeric string followed by an ending '%'",
  "[0-9]+%",
  "1%",
  "93%",
);

/** Upstream's ValidatePositiveIntOrPercent (which accepts 0). */
export function intOrPercent(value: unknown, p: Path): FieldError[] {
  if (value === undefined || value === null) return [];
  if (typeof value === "string") return /^[0-9]+%$/.test(value) ? [] : [invalid(p, value, percentMsg)];
  if (typeof value === "number" && Number.isInteger(value)) return nonNegative(value, p);
  return [invalid(p, value, "must be an integer or percentage (e.g '5%')")];
}

/** Upstream's getIntOrPercentValue: the number of an int, or of a well-formed percent string. */
export function intOrPercentValue(value: unknown): number {
  if (typeof value === "number") return value;
  if (typeof value === "string" && /^[0-9]+%$/.test(value)) return Number(value.slice(0, -1));
  return 0;
}

/** Upstream's IsNotMoreThan100Percent. */
export function notOver100Percent(value: unknown, p: Path): FieldError[] {
  if (typeof value === "string" && /^[0-9]+%$/.test(value) && Number(value.slice(0, -1)) > 100) {
    return [invalid(p, value, "must not be greater than 100%")];
  }
  return [];
}

/** Deep equality of two API values (key order and undefined members do not matter). */
export { deepEqual as semanticEqual };

/**
 * Upstream's ValidateImmutableField. `render`: how upstream prints the new value when it is a
 * Go struct or map (e.g. goLabelSelector); plain values print as `invalid()` prints them.
 */
export function immutable(
  next: unknown,
  prev: unknown,
  p: Path,
  render?: (v: unknown) => string,
): FieldError[] {
  if (deepEqual(next, prev)) return [];
  const msg = "field is immutable";
  return [render ? invalidRendered(p, render(next), msg) : invalid(p, next ?? null, msg)];
}

/**
 * The selector checks every workload spec shares: `spec.selector` required and not empty,
 * and the template's labels selected by it (a missing selector selects nothing, so it also
 * reports the label mismatch, as upstream does).
 */
export function validateSelectorAndTemplate(
  selector: LabelSelector | undefined,
  template: PodTemplateSpec | undefined,
  spec: Path,
  kindWord: string,
): FieldError[] {
  const errs: FieldError[] = [];
  if (!selector) {
    errs.push(required(spec.child("selector")));
  } else if (
    Object.keys(selector.matchLabels ?? {}).length + (selector.matchExpressions ?? []).length ===
    0
  ) {
    errs.push(
      invalidRendered(
        spec.child("selector"),
        goLabelSelector(selector),
        `empty selector is invalid for ${kindWord}`,
      ),
    );
  }
  const labels = template?.metadata?.labels ?? {};
  const m = matchSelector(selector, labels);
  if (m === "invalid") {
    errs.push(invalidRendered(spec.child("selector"), goLabelSelector(selector), "invalid label selector"));
  } else if (m === "no-match") {
    errs.push(
      invalidRendered(
        spec.child("template").child("metadata").child("labels"),
        goStringMap(labels),
        "`selector` does not match template `labels`",
      ),
    );
  }
  return errs;
}

/**
 * The checks upstream adds for controller-owned pod templates: restartPolicy must be Always and
 * activeDeadlineSeconds unset (`what` is "ReplicaSet", "DaemonSet" or "StatefulSet").
 */
export function validateControllerTemplate(
  template: PodTemplateSpec | undefined,
  tpl: Path,
  what: string,
): FieldError[] {
  const errs: FieldError[] = [];
  const spec = template?.spec;
  const policy = spec?.restartPolicy ?? "";
  if (policy !== "Always") {
    errs.push({
      type: "FieldValueNotSupported",
      field: String(tpl.child("spec").child("restartPolicy")),
      message: `Unsupported value: ${JSON.stringify(policy)}: supported values: "Always"`,
    });
  }
  if (spec?.activeDeadlineSeconds !== undefined && spec.activeDeadlineSeconds !== null) {
    errs.push(
      forbidden(
        tpl.child("spec").child("activeDeadlineSeconds"),
        `activeDeadlineSeconds in ${what} is not Supported`,
      ),
    );
  }
  return errs;
}

/**
 * validate and validateUpdate of a workload from the validation of its spec: the spec is
 * validated at `spec`, and on update spec.selector may not change (upstream's
 * Validate<Kind> and Validate<Kind>Update for Deployment, ReplicaSet and DaemonSet).
 */
export function specValidation<S extends { selector?: LabelSelector }>(
  validateSpec: (spec: Partial<S>, p: Path) => FieldError[],
): Pick<Strategy, "validate" | "validateUpdate"> {
  const specOf = (obj: Readonly<KubeObject>): Partial<S> => view<{ spec?: Partial<S> }>(obj).spec ?? {};
  return {
    validate: (obj) => validateSpec(specOf(obj), path("spec")),
    validateUpdate(obj, old) {
      const spec = specOf(obj);
      const errs = validateSpec(spec, path("spec"));
      errs.push(
        ...immutable(spec.selector, specOf(old).selector, path("spec").child("selector"), goLabelSelector),
      );
      return errs;
    },
  };
}

/** The status and scale subresources of the replicated workloads (Deployment, ReplicaSet, StatefulSet). */
export const scalableSubresources = {
  status: true,
  scale: {
    specReplicasPath: "spec.replicas",
    statusReplicasPath: "status.replicas",
    labelSelectorPath: "spec.selector",
  },
} as const satisfies ResourceDef["subresources"];

/**
 * Strategy rule for kinds with a status subresource: creators may not set status; generation
 * starts at 1. `initial`: the status fields upstream always writes (Go fields without
 * omitempty), e.g. a ReplicaSet's `replicas: 0`.
 */
export function resetStatus(obj: KubeObject, initial: Readonly<Record<string, number>> = {}): void {
  obj.status = { ...initial };
  obj.metadata.generation = 1;
}

/**
 * Strategy rule for updates of the main resource: status is kept from the old object and the
 * generation moves by one when `changed` says the desired state changed.
 */
export function keepStatus(obj: KubeObject, old: Readonly<KubeObject>, changed: boolean): void {
  if (old.status === undefined) delete obj.status;
  else obj.status = structuredClone(old.status);
  const oldGen = typeof old.metadata.generation === "number" ? old.metadata.generation : 0;
  obj.metadata.generation = changed ? oldGen + 1 : oldGen;
}

/**
 * Upstream's NAME and AGE columns, the AGE cell of an object and translateTimestampSince (how
 * long ago a timestamp was), under the names this tree uses.
 */
export {
  AGE_COLUMN as ageColumn,
  ageOf as ageCell,
  NAME_COLUMN as nameColumn,
  translateTimestampSince as since,
};

/** `o[k]`, first set to `{}` when missing (defaulting nested structs, as Go's zero values do). */
export function ensure<T extends object, K extends keyof T>(o: T, k: K): NonNullable<T[K]> {
  if (o[k] === undefined || o[k] === null) o[k] = {} as T[K];
  return o[k] as NonNullable<T[K]>;
}
