/**
 * The status/spec split every kind with a status shares, like upstream's registry strategies:
 * creating resets status, updating the main resource keeps the stored status, and updating the
 * status subresource keeps everything but status. A status strategy is the kind's strategy with
 * a different prepareForUpdate (spread and override).
 */
import type { FieldError } from "../field.js";
import type { KubeObject, Strategy, StrategyContext } from "../types.js";
import { clone, deepEqual, isObject, num } from "./values.js";

/** Replaces `status` with `initial` (default `{}`) on create. */
export function resetStatus(obj: KubeObject, initial: Record<string, unknown> = {}): void {
  obj.status = clone(initial);
}

/** Copies one top-level field from the stored object, deleting it when the stored one has none. */
export function keepField(obj: KubeObject, old: Readonly<KubeObject>, field: string): void {
  if (old[field] === undefined) delete obj[field];
  else obj[field] = clone(old[field]);
}

/** On a main-resource update: the caller may not change status. */
export function keepStatus(obj: KubeObject, old: Readonly<KubeObject>): void {
  keepField(obj, old, "status");
}

/** Starts metadata.generation at 1 on create (kinds whose controllers report observedGeneration). */
export function initGeneration(obj: KubeObject): void {
  obj.metadata.generation = 1;
}

/**
 * Carries metadata.generation over from the stored object and adds one when the desired state
 * changed (default: when spec changed), as upstream's workload strategies do.
 */
export function bumpGenerationOnChange(
  obj: KubeObject,
  old: Readonly<KubeObject>,
  changed = !deepEqual(obj.spec, old.spec),
): void {
  const oldGen = num(old.metadata?.generation) ?? 0;
  obj.metadata.generation = changed ? oldGen + 1 : oldGen;
}

/** Options of `statusStrategyOf`. */
export interface StatusStrategyOptions {
  /** Top-level fields besides `spec` the status endpoint may not change (e.g. Pod ownerReferences are handled by `prepareForUpdate`). */
  readonly keep?: readonly string[];
  /** Extra changes after the stored fields are restored. */
  prepareForUpdate?(obj: KubeObject, old: Readonly<KubeObject>, ctx: StrategyContext): void;
  /** Validation of a status update; default: the main strategy's validateUpdate. */
  validateUpdate?(obj: KubeObject, old: Readonly<KubeObject>): FieldError[];
}

/**
 * The strategy of a kind's status subresource: the main strategy with a prepareForUpdate that
 * keeps the stored spec (and `keep` fields) and metadata.generation, so only status changes.
 * The spec is not validated again (it is the stored one); `validateUpdate` checks the status.
 */
export function statusStrategyOf(main: Strategy, options: StatusStrategyOptions = {}): Strategy {
  const { validate: _spec, ...rest } = main;
  return {
    ...rest,
    prepareForUpdate(obj, old, ctx) {
      for (const f of ["spec", ...(options.keep ?? [])]) keepField(obj, old, f);
      if (isObject(old.metadata) && old.metadata.generation !== undefined) {
        obj.metadata.generation = old.metadata.generation;
      }
      options.prepareForUpdate?.(obj, old, ctx);
    },
    validateUpdate: options.validateUpdate ?? main.validateUpdate,
  };
}
