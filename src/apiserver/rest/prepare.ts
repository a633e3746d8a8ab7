/**
 * The generic parts of every write: metadata rules, strategy hooks, validation and
 * admission, shared by create, update, patch and the subresources.
 */
import { randomBytes, randomUUID } from "node:crypto";
import { validateObjectMeta, validateObjectMetaUpdate } from "../../api/common/index.js";
import type { FieldError } from "../../api/field.js";
import { apiVersionOf } from "../../api/registry.js";
import type { KubeObject, ResourceDef, StrategyContext } from "../../api/types.js";
import { rfc3339 } from "../../util/time.js";
import type { AdmissionRequest, Api } from "../api.js";
import { errors } from "../status.js";
import { cannotBeHandled } from "./validate-fields.js";

const alnum = "bcdfghjklmnpqrstvwxz2456789";

/** Upstream's generateName suffix: 5 characters from a reduced alphabet. */
export function nameSuffix(): string {
  const b = randomBytes(5);
  let s = "";
  for (const x of b) s += alnum[x % alnum.length];
  return s;
}

function fail(def: ResourceDef, obj: KubeObject, errs: readonly FieldError[]): void {
  if (errs.length === 0) return;
  // Some kinds' validateUpdate repeats the spec rules validate already ran (as upstream's
  // ValidateXUpdate does on its own); report each error once, as upstream does.
  const seen = new Set<string>();
  const unique = errs.filter((e) => {
    const k = `${e.type}\0${e.field}\0${e.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
  throw errors.invalid(def.group, def.kind, obj.metadata?.name ?? obj.metadata?.generateName ?? "", unique);
}

/**
 * Checks the body is an object of the URL's kind and namespace; fills apiVersion/kind.
 * `isKind` tells whether an apiVersion/kind pair is served at all (upstream's scheme).
 */
export function checkBody(
  def: ResourceDef,
  namespace: string,
  body: unknown,
  isKind: (apiVersion: string, kind: string) => boolean,
): KubeObject {
  if (!body || typeof body !== "object" || Array.isArray(body)) {
    throw errors.badRequest("the body of the request must be a JSON object");
  }
  const obj = body as KubeObject;
  const want = apiVersionOf(def);
  if (obj.apiVersion !== undefined && obj.apiVersion !== want) {
    throw errors.badRequest(
      `the API version in the data (${String(obj.apiVersion)}) does not match the expected API version (${want})`,
    );
  }
  if (typeof obj.kind === "string" && obj.kind !== def.kind && !isKind(want, obj.kind)) {
    throw cannotBeHandled(
      def,
      obj,
      `no kind "${obj.kind}" is registered for version "${want}" in scheme "k8s.io/kubernetes/pkg/api/legacyscheme/scheme.go:30"`,
    );
  }
  if (obj.kind !== undefined && obj.kind !== def.kind) {
    throw errors.badRequest(
      `the kind in the data (${String(obj.kind)}) does not match the expected kind (${def.kind})`,
    );
  }
  obj.apiVersion = want;
  obj.kind = def.kind;
  if (obj.metadata === undefined || obj.metadata === null) obj.metadata = {};
  if (typeof obj.metadata !== "object" || Array.isArray(obj.metadata)) {
    throw errors.badRequest("metadata must be an object");
  }
  if (def.namespaced) {
    if (obj.metadata.namespace && namespace && obj.metadata.namespace !== namespace) {
      throw errors.badRequest(
        "the namespace of the provided object does not match the namespace sent on the request",
      );
    }
    obj.metadata.namespace = namespace || obj.metadata.namespace;
  } else {
    delete obj.metadata.namespace;
  }
  return obj;
}

function hasSpecChange(obj: KubeObject, old: Readonly<KubeObject>): boolean {
  const { metadata: _a, status: _b, apiVersion: _c, kind: _d, ...n } = obj;
  const { metadata: _e, status: _f, apiVersion: _g, kind: _h, ...o } = old as KubeObject;
  return JSON.stringify(n) !== JSON.stringify(o);
}

/**
 * Create, first half: name, uid, timestamps and the kind's defaults — the object as
 * upstream's field manager sees it (decoded and defaulted, before admission and
 * PrepareForCreate). Returns the context for {@link finishCreate}.
 */
export function defaultCreate(api: Api, def: ResourceDef, obj: KubeObject): StrategyContext {
  const m = obj.metadata;
  if (m.resourceVersion)
    throw errors.badRequest("resourceVersion should not be set on objects to be created");
  if (!m.name && m.generateName) m.name = m.generateName + nameSuffix();
  const now = api.now();
  m.uid = randomUUID();
  m.creationTimestamp = rfc3339(now);
  delete m.deletionTimestamp;
  delete m.deletionGracePeriodSeconds;
  // Kinds that count generations start them in prepareForCreate, as upstream's strategies do
  // (workloads, EndpointSlices, CRDs; not Pods, Services or Namespaces).
  delete m.generation;
  def.strategy?.defaults?.(obj);
  return { namespace: m.namespace ?? "", now };
}

/**
 * Create, second half: prepareForCreate and validation. Returns the kind's warnings about the
 * (valid) object, as upstream's WarningsOnCreate.
 */
export function finishCreate(def: ResourceDef, obj: KubeObject, ctx: StrategyContext): string[] {
  def.strategy?.prepareForCreate?.(obj, ctx);
  fail(def, obj, [
    ...validateObjectMeta(obj.metadata, { namespaced: def.namespaced, nameValidator: def.nameValidator }),
    ...(def.strategy?.validate?.(obj) ?? []),
  ]);
  return def.strategy?.warnings?.(obj) ?? [];
}

/**
 * Update of the main resource or of a subresource ("status"). `obj` becomes what is stored.
 * Returns the kind's warnings about the update (upstream's WarningsOnUpdate).
 */
export function prepareUpdate(
  api: Api,
  def: ResourceDef,
  obj: KubeObject,
  old: Readonly<KubeObject>,
  subresource: string,
): string[] {
  const ctx: StrategyContext = { namespace: old.metadata.namespace ?? "", now: api.now() };
  const m = obj.metadata;
  const o = old.metadata;
  // Fields nobody may change through an update.
  m.uid ??= o.uid;
  m.creationTimestamp = o.creationTimestamp;
  if (o.deletionTimestamp) m.deletionTimestamp = o.deletionTimestamp;
  else delete m.deletionTimestamp;
  if (o.deletionGracePeriodSeconds !== undefined) m.deletionGracePeriodSeconds = o.deletionGracePeriodSeconds;
  else delete m.deletionGracePeriodSeconds;
  if (subresource === "status") {
    const status = obj.status;
    for (const k of Object.keys(obj))
      if (k !== "status" && k !== "metadata" && k !== "apiVersion" && k !== "kind") delete obj[k];
    for (const [k, v] of Object.entries(old))
      if (k !== "status" && k !== "metadata") obj[k] = structuredClone(v);
    obj.metadata = {
      ...structuredClone(o),
      resourceVersion: m.resourceVersion,
      managedFields: m.managedFields,
    };
    if (status === undefined) delete obj.status;
    else obj.status = status;
  } else {
    if (def.subresources?.status) {
      if (old.status === undefined) delete obj.status;
      else obj.status = structuredClone(old.status);
    }
    def.strategy?.defaults?.(obj);
    if (o.generation !== undefined) m.generation = hasSpecChange(obj, old) ? o.generation + 1 : o.generation;
    else delete m.generation;
    (def.subresources?.strategies?.[subresource] ?? def.strategy)?.prepareForUpdate?.(obj, old, ctx);
  }
  const strategy =
    subresource === "status"
      ? (def.subresources?.statusStrategy ?? def.strategy)
      : (def.subresources?.strategies?.[subresource] ?? def.strategy);
  if (subresource === "status") def.subresources?.statusStrategy?.prepareForUpdate?.(obj, old, ctx);
  fail(def, obj, [
    ...validateObjectMetaUpdate(obj.metadata, o),
    ...validateObjectMeta(obj.metadata, { namespaced: def.namespaced, nameValidator: def.nameValidator }),
    ...(strategy?.validate?.(obj) ?? []),
    ...(strategy?.validateUpdate?.(obj, old) ?? []),
  ]);
  return updateWarnings(def, obj, old, subresource);
}

/**
 * The kind's warnings about an update (upstream's WarningsOnUpdate). Subresource strategies
 * warn of nothing (upstream's status strategies return none).
 */
export function updateWarnings(
  def: ResourceDef,
  obj: Readonly<KubeObject>,
  old: Readonly<KubeObject>,
  subresource: string,
): string[] {
  return subresource === "" ? (def.strategy?.warningsOnUpdate?.(obj as KubeObject, old) ?? []) : [];
}

/** Runs the admission chain; returns an undo for allocations made if the write then fails. */
export async function admit(
  api: Api,
  req: AdmissionRequest,
): Promise<{ committed(): Promise<void>; aborted(): Promise<void> }> {
  const done: (typeof api.admission)[number][] = [];
  try {
    for (const p of api.admission) {
      await p.admit(req, api);
      done.push(p);
    }
  } catch (e) {
    for (const p of done.reverse()) await p.aborted?.(req, api);
    throw e;
  }
  return {
    committed: async () => {
      for (const p of done) await p.committed?.(req, api);
    },
    aborted: async () => {
      for (const p of [...done].reverse()) await p.aborted?.(req, api);
    },
  };
}
