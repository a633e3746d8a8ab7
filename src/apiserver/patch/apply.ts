/**
 * `application/apply-patch+yaml`: server-side apply, following upstream's FieldManager.Apply
 * and structured-merge-diff's Updater.Apply:
 * - the applied configuration merges into the live object (associative lists by key, atomic
 *   lists and maps replaced, scalars set);
 * - the applier then owns exactly the fields of its configuration;
 * - fields it applied last time but not now are removed unless someone else owns them;
 * - a field it sets to a different value than another manager left there is a conflict (409)
 *   unless `force`, which takes the field over;
 * - an object nobody manages yet is first attributed to "before-first-apply";
 * - for the manager "kubectl", the client-side apply annotation
 *   (kubectl.kubernetes.io/last-applied-configuration) lets an object move from client-side to
 *   server-side apply without conflicts, and is kept in sync with what is applied.
 */
import type { KubeObject } from "../../api/types.js";
import { rfc3339 } from "../../util/time.js";
import { badRequest, PatchError } from "./errors.js";
import { type FieldSet, pathString } from "./fieldpath.js";
import { goJsonKind } from "./go-format.js";
import { clone, deepEqual, isObject, type JsonObject, parseYamlBody } from "./json.js";
import { allowedByLastApplied, syncLastApplied } from "./last-applied.js";
import { emptyLike, withManagedFields, withoutManagedFields } from "./managed-fields.js";
import {
  decodeManagers,
  encodeManagers,
  type Manager,
  type Managers,
  managerId,
  type OwnershipContext,
  printManager,
  recordUpdate,
  stripMeta,
  takeChanges,
} from "./managers.js";
import {
  dropNulls,
  dropNullsAbsentIn,
  ensureNamedFieldsAreMembers,
  merge,
  removeItems,
  toFieldSet,
  validate,
} from "./typed.js";

export interface ApplyOptions extends OwnershipContext {
  /** The field manager (required by the caller). */
  readonly manager: string;
  readonly force: boolean;
  /**
   * The apiVersion and kind the request is for; the configuration must name the same.
   * Undefined: whatever the configuration names (recorded in managedFields as is).
   */
  readonly apiVersion: string | undefined;
  readonly kind: string | undefined;
  readonly subresource?: string;
  readonly now: Date;
}

/** `apps/v1, Kind=Deployment`, `/v1, Kind=Pod`: a GroupVersionKind as Go prints it. */
function gvkString(apiVersion: string, kind: string): string {
  const parts = apiVersion.split("/");
  let gv = "/";
  if (parts.length === 1 && apiVersion !== "") gv = `/${apiVersion}`;
  else if (parts.length === 2) gv = apiVersion;
  return `${gv}, Kind=${kind}`;
}

const str = (v: unknown) => (typeof v === "string" ? v : "");

/** Applies the configuration in `body` to `current` (undefined: the object is created). */
export function serverSideApply(
  current: Readonly<KubeObject> | undefined,
  body: string | Uint8Array,
  opts: ApplyOptions,
): KubeObject {
  const { config, apiVersion } = parseConfig(body, opts);
  const live: JsonObject = current ? clone(withoutManagedFields(current)) : {};
  let result = attempt(current, live, config, apiVersion, opts, opts.force);
  if (result.conflicts.size) {
    // kubectl's upgrade from client-side apply: conflicts over fields the last-applied
    // annotation still describes are the applier's own, so the apply is forced.
    const allowed =
      opts.manager === "kubectl" ? allowedByLastApplied(live, apiVersion, opts.schema) : undefined;
    const remaining = new Map<string, FieldSet>();
    for (const [id, set] of result.conflicts) {
      const rest = allowed ? set.difference(allowed) : set;
      if (!rest.empty) remaining.set(id, rest);
    }
    if (remaining.size) throw conflictError(result.managers, remaining);
    result = attempt(current, live, config, apiVersion, opts, true);
  }
  let object = result.object;
  if (opts.manager === "kubectl") object = syncLastApplied(object, config);
  return withManagedFields(object, encodeManagers(result.managers));
}

/** The applied configuration, checked as upstream checks it before applying. */
function parseConfig(
  body: string | Uint8Array,
  opts: ApplyOptions,
): { config: JsonObject; apiVersion: string } {
  const parsed = parseYamlBody(body) ?? {};
  if (!isObject(parsed)) {
    throw badRequest(
      `error decoding YAML: error unmarshaling JSON: while decoding JSON: json: cannot unmarshal ${goJsonKind(parsed)} into Go value of type map[string]interface {}`,
    );
  }
  const config = parsed;
  const apiVersion = str(config.apiVersion);
  const kind = str(config.kind);
  if (apiVersion !== (opts.apiVersion ?? apiVersion) || kind !== (opts.kind ?? kind)) {
    throw badRequest(`invalid object type: ${gvkString(apiVersion, kind)}`);
  }
  const meta = isObject(config.metadata) ? config.metadata : {};
  if (meta.managedFields !== undefined && meta.managedFields !== null) {
    throw badRequest("metadata.managedFields must be nil");
  }
  const errs = validate(config, opts.schema);
  if (errs.length) {
    const detail = errs.length === 1 ? errs[0] : ["errors:", ...errs.map((e) => `  ${e}`)].join("\n");
    throw badRequest(
      `failed to create typed patch object (${str(meta.namespace)}/${str(meta.name)}; ${gvkString(apiVersion, kind)}): ${detail}`,
    );
  }
  return { config, apiVersion };
}

interface Attempt {
  /** The object after the apply, without managedFields. */
  readonly object: KubeObject;
  readonly managers: Managers;
  /** Conflicts that stopped the apply (then nothing else is meaningful). */
  readonly conflicts: Map<string, FieldSet>;
}

/** One apply of `config` to `live`; `live` and `config` are not modified. */
function attempt(
  current: Readonly<KubeObject> | undefined,
  live: JsonObject,
  config: JsonObject,
  apiVersion: string,
  opts: ApplyOptions,
  force: boolean,
): Attempt {
  const managers = decodeManagers(current?.metadata?.managedFields) ?? new Map();
  if (current && managers.size === 0) {
    const who = { ...opts, apiVersion, manager: "before-first-apply" };
    recordUpdate(managers, emptyLike(live, opts.schema), live, who, opts);
  }
  const merged = merge(live, clone(config), opts.schema) ?? {};
  const applier: Manager = {
    manager: opts.manager,
    operation: "Apply",
    apiVersion,
    ...(opts.subresource ? { subresource: opts.subresource } : {}),
    set: toFieldSet(config, opts.schema).recursiveDifference(opts.reset),
  };
  const id = managerId(applier);
  const previous = managers.get(id);
  if (previous?.time) applier.time = previous.time;
  managers.set(id, applier);
  const next = prune(merged, managers, previous?.set, opts);
  dropNullsAbsentIn(next, live, opts.schema);

  const { conflicts } = takeChanges(managers, live, next, id, force, opts);
  if (conflicts.size && !force) return { object: live as KubeObject, managers, conflicts };
  applier.set = stripMeta(applier.set);
  if (applier.set.empty) managers.delete(id);

  dropNulls(next, opts.schema);
  const changed = !deepEqual(live, next);
  if (changed) applier.time = rfc3339(opts.now);
  return { object: (changed ? next : live) as KubeObject, managers, conflicts: new Map() };
}

/**
 * Upstream's prune: removes what the applier applied last time (`last`) and not now, unless
 * another manager owns it; fields nobody owns that the applier never applied stay.
 */
function prune(
  merged: unknown,
  managers: Managers,
  last: FieldSet | undefined,
  ctx: OwnershipContext,
): JsonObject {
  const obj = merged as JsonObject;
  if (!last || last.empty) return obj;
  const { schema } = ctx;
  const ensure = (s: FieldSet) => ensureNamedFieldsAreMembers(s, schema);
  const setOf = (v: unknown) => ensure(toFieldSet(v, schema));
  const lastE = ensure(last);
  const mergedSet = setOf(obj);
  let owned: FieldSet | undefined;
  for (const m of managers.values()) owned = owned ? owned.union(m.set) : m.set;
  const pruned = removeItems(obj, lastE, schema) ?? {};
  const ownedE = owned ? ensure(owned) : undefined;
  const keep = ownedE ? setOf(pruned).union(ownedE) : setOf(pruned);
  const addedBack = removeItems(obj, mergedSet.difference(keep), schema) ?? {};
  const gone = mergedSet.difference(setOf(addedBack)).intersection(lastE);
  return (removeItems(obj, gone, schema) ?? {}) as JsonObject;
}

/** The 409 upstream answers a conflicting apply with. */
function conflictError(managers: Managers, conflicts: Map<string, FieldSet>): PatchError {
  const ids = [...conflicts.keys()].sort();
  const all: { m: Manager; path: string }[] = [];
  for (const id of ids) {
    for (const p of conflicts.get(id)!.paths()) all.push({ m: managers.get(id)!, path: pathString(p) });
  }
  const causes = all.map((c) => ({
    reason: "FieldManagerConflict",
    message: `conflict with ${printManager(c.m)}`,
    field: c.path,
  }));
  if (all.length === 1) {
    return new PatchError(
      "Conflict",
      `Apply failed with 1 conflict: conflict with ${printManager(all[0]!.m)}: ${all[0]!.path}`,
      causes,
    );
  }
  const lines: string[] = [];
  for (const id of ids) {
    lines.push(`conflicts with ${printManager(managers.get(id)!)}:`);
    for (const c of all) if (c.m === managers.get(id)) lines.push(`- ${c.path}`);
  }
  return new PatchError("Conflict", `Apply failed with ${all.length} conflicts: ${lines.join("\n")}`, causes);
}
