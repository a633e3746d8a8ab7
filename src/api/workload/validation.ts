/**
 * Validation shared by the kinds that own pods through a template (Deployment, ReplicaSet,
 * DaemonSet, StatefulSet; ReplicationController in part): upstream's small validators from
 * pkg/apis/apps/validation and the selector/template checks they all make.
 */
import type { DeploymentSpec } from "kubernetes-types/apps/v1.js";
import type { PodTemplateSpec } from "kubernetes-types/core/v1.js";
import type { LabelSelector } from "kubernetes-types/meta/v1.js";
import { immutable, nonNegative } from "../common/checks.js";
import { regexError } from "../common/names.js";
import { selectorMatch, validateLabelSelector } from "../common/selector.js";
import { goLabelSelector, goStringMap, invalidRendered, view } from "../common/values.js";
import { type FieldError, forbidden, invalid, type Path, path, required } from "../field.js";
import { validatePodTemplateSpec } from "../pod/index.js";
import type { KubeObject, Strategy } from "../types.js";

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
  const m = selectorMatch(selector, labels);
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

/**
 * The template checks of upstream's ValidatePodTemplateSpecForReplicaSet (used by Deployment
 * and ReplicaSet): selector and labels, the pod template itself, restartPolicy Always.
 */
export function validateReplicatedTemplate(
  spec: Partial<Pick<DeploymentSpec, "selector" | "template">>,
  p: Path,
  kindWord: string,
): FieldError[] {
  const errs: FieldError[] = [];
  if (spec.selector) errs.push(...validateLabelSelector(spec.selector, p.child("selector")));
  errs.push(...validateSelectorAndTemplate(spec.selector, spec.template, p, kindWord));
  if (spec.template) errs.push(...validatePodTemplateSpec(spec.template, p.child("template")));
  errs.push(...validateControllerTemplate(spec.template, p.child("template"), "ReplicaSet"));
  return errs;
}
