/**
 * The four PATCH types of kube-apiserver as pure functions, with upstream's semantics and
 * upstream-shaped errors ({@link PatchError}), plus the field ownership bookkeeping every
 * write needs ({@link updateManagedFields}).
 *
 * Contract for the API server's patch handler:
 * - pass the request's Content-Type as `patchType`; unsupported types are a 415 listing the
 *   accepted ones (without strategic merge patch for kinds without a schema, as upstream does
 *   for custom resources);
 * - for JSON, merge and strategic merge patches, `current` must exist; the result carries
 *   whatever managedFields the patch left, so call {@link updateManagedFields} on it next;
 * - for apply, `current` may be undefined (the object is created); the result's managedFields
 *   are final: do not call updateManagedFields on it;
 * - the result may equal `current`: skip the write then, as upstream does;
 * - never throws anything but PatchError for bad input.
 */

import { forbidden, invalid, required, tooLong } from "../../api/field.js";
import type { KubeObject } from "../../api/types.js";
import { serverSideApply } from "./apply.js";
import { invalidOptions, PatchError, rejected } from "./errors.js";
import { checkResult, isObject, type JsonObject } from "./json.js";
import { jsonPatch } from "./json-patch.js";
import { resetSet } from "./managed-fields.js";
import { mergePatch } from "./merge-patch.js";
import { DEDUCED, type OpenAPIDefinitions, type SchemaNode, schemaFor } from "./schema.js";
import { strategicMergePatch } from "./strategic.js";

export { PatchError, type PatchErrorCause, type PatchErrorCode } from "./errors.js";
export { type ManagedFieldsOptions, updateManagedFields } from "./managed-fields.js";
export {
  DEDUCED,
  type OpenAPIDefinitions,
  type OpenAPISchema,
  type SchemaNode,
  schemaFor,
} from "./schema.js";

export const JSON_PATCH = "application/json-patch+json";
export const MERGE_PATCH = "application/merge-patch+json";
export const STRATEGIC_MERGE_PATCH = "application/strategic-merge-patch+json";
export const APPLY_PATCH = "application/apply-patch+yaml";

/** Every patch type, in the order upstream lists them in its 415 message. */
export const PATCH_TYPES: readonly string[] = [JSON_PATCH, MERGE_PATCH, STRATEGIC_MERGE_PATCH, APPLY_PATCH];

/** Upstream's FieldManagerMaxLength. */
const MAX_MANAGER_LENGTH = 128;

export interface ApplyPatchOptions {
  /** The request's Content-Type; parameters (`; charset=utf-8`) are ignored. */
  readonly patchType: string;
  /** The stored object; undefined when it does not exist (only apply may then create it). */
  readonly current: Readonly<KubeObject> | undefined;
  /** The raw request body. */
  readonly body: string | Uint8Array;
  /** The kind's OpenAPI definition name, e.g. "io.k8s.api.apps.v1.Deployment". */
  readonly definition?: string;
  /**
   * All OpenAPI definitions (`loadDefinitions()` of api/openapi). Without them, or without
   * `definition`, the kind is schemaless: strategic merge patch is refused (415) and apply
   * merges maps key by key and replaces lists, as for custom resources without a schema.
   */
  readonly definitions?: OpenAPIDefinitions;
  /**
   * Whether the kind is a custom resource: strategic merge patch is then refused (415) even
   * with a schema, as upstream does.
   */
  readonly customResource?: boolean;
  /** The fieldManager query parameter; required for apply. */
  readonly manager?: string;
  /** The force query parameter; only apply may set it (true). */
  readonly force?: boolean;
  /**
   * The apiVersion the request addresses ("apps/v1"); an applied configuration must name it.
   * Default: `current`'s; when creating, the configuration's own is taken.
   */
  readonly apiVersion?: string;
  /** The kind the request addresses; defaults as `apiVersion`. */
  readonly kind?: string;
  /** Set for patches of a subresource ("status", "scale"). */
  readonly subresource?: string;
  /**
   * Fields an applier never owns through this endpoint, as field name paths, e.g.
   * `[["status"]]` on the main resource of a kind with a status subresource.
   */
  readonly resetFields?: readonly (readonly string[])[];
  /** Time recorded in managedFields. */
  readonly now: Date;
}

/** Applies a PATCH request body to `current` and returns the patched object. */
export function applyPatch(opts: ApplyPatchOptions): KubeObject {
  const patchType = opts.patchType.split(";")[0]!.trim().toLowerCase();
  const schema =
    opts.definitions && opts.definition ? schemaFor(opts.definitions, opts.definition) : undefined;
  const accepted =
    schema && !opts.customResource ? PATCH_TYPES : PATCH_TYPES.filter((t) => t !== STRATEGIC_MERGE_PATCH);
  if (!accepted.includes(patchType)) {
    throw new PatchError(
      "UnsupportedMediaType",
      `the body of the request was in an unknown format - accepted media types include: ${accepted.join(", ")}`,
    );
  }
  validateOptions(patchType, opts);
  const current = opts.current;
  if (!current && patchType !== APPLY_PATCH)
    throw new PatchError("NotFound", "the object to patch does not exist");
  let result: JsonObject;
  try {
    switch (patchType) {
      case JSON_PATCH:
        result = jsonPatch(current as JsonObject, opts.body);
        break;
      case MERGE_PATCH:
        result = mergePatch(current as JsonObject, opts.body);
        break;
      case STRATEGIC_MERGE_PATCH:
        result = strategicMergePatch(current as JsonObject, opts.body, schema!);
        break;
      default:
        result = applyConfiguration(opts, schema);
    }
    checkResult(result);
  } catch (e) {
    // Recursion is bounded by the body limits; this is the last line of defense.
    if (e instanceof RangeError)
      throw rejected("the patch could not be applied: the object is nested too deeply");
    throw e;
  }
  if (result.metadata === undefined) result.metadata = {};
  if (!isObject(result.metadata))
    throw rejected("metadata: the patched object's metadata is not a JSON object");
  return result as KubeObject;
}

function applyConfiguration(opts: ApplyPatchOptions, schema: SchemaNode | undefined): JsonObject {
  const { current } = opts;
  const fromCurrent = (v: unknown) => (typeof v === "string" ? v : undefined);
  return serverSideApply(current, opts.body, {
    manager: opts.manager ?? "",
    force: opts.force === true,
    apiVersion: opts.apiVersion ?? fromCurrent(current?.apiVersion),
    kind: opts.kind ?? fromCurrent(current?.kind),
    ...(opts.subresource ? { subresource: opts.subresource } : {}),
    now: opts.now,
    schema: schema ?? DEDUCED,
    reset: resetSet(opts.resetFields),
  });
}

/** Upstream's ValidatePatchOptions (fieldManager and force). */
function validateOptions(patchType: string, opts: ApplyPatchOptions): void {
  const errs = [];
  const manager = opts.manager ?? "";
  if (patchType === APPLY_PATCH) {
    if (manager === "") errs.push(required("fieldManager", "is required for apply patch"));
  } else if (opts.force === true) {
    errs.push(forbidden("force", "may not be specified for non-apply patch"));
  }
  if (manager.length > MAX_MANAGER_LENGTH) errs.push(tooLong("fieldManager", MAX_MANAGER_LENGTH));
  let i = 0;
  for (const ch of manager) {
    if (!/^[\p{L}\p{M}\p{N}\p{P}\p{S} ]$/u.test(ch)) {
      const cp = ch.codePointAt(0)!;
      const hex = cp.toString(16).toUpperCase().padStart(4, "0");
      errs.push(invalid("fieldManager", manager, `invalid character U+${hex} (at position ${i})`));
    }
    i += Buffer.byteLength(ch);
  }
  if (errs.length) throw invalidOptions(errs);
}
