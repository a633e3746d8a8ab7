/**
 * The verbs on objects, independent of HTTP: create, update (incl. status), delete with
 * preconditions, graceful deletion and finalizers. Handlers parse requests and call these.
 */
import type { KubeObject, ResourceDef } from "../../api/types.js";
import { rfc3339 } from "../../util/time.js";
import type { Api } from "../api.js";
import { ApiError, errors } from "../status.js";
import { track } from "./ownership.js";
import { admit, defaultCreate, finishCreate, prepareUpdate } from "./prepare.js";

export interface WriteOptions {
  readonly dryRun: boolean;
  /** Who makes the write, for metadata.managedFields. */
  readonly fieldManager?: string;
  /** The object's managedFields are already final (server-side apply computed them). */
  readonly ownershipDone?: boolean;
  /** Receives the kind's warnings about a valid new object (sent as `Warning` headers). */
  readonly warn?: (messages: readonly string[]) => void;
}

/** Refuses writes into a namespace that is missing or terminating (NamespaceLifecycle). */
async function checkNamespace(
  api: Api,
  def: ResourceDef,
  ns: string,
  name: string,
  creating: boolean,
): Promise<void> {
  if (!def.namespaced) return;
  const nsDef = api.lookup("", "v1", "namespaces");
  if (!nsDef) return;
  // The watch cache answers almost always; storage only when the cache has not seen it (yet).
  const storage = api.storage(nsDef);
  const got = storage.cached("", ns) ?? (await storage.tryGet("", ns));
  if (!got) throw errors.notFound({ group: "", resource: "namespaces" }, ns);
  if (creating && got.metadata.deletionTimestamp) {
    throw errors.forbidden(
      { group: def.group, resource: def.resource },
      name,
      `unable to create new content in namespace ${ns} because it is being terminated`,
    );
  }
}

/**
 * How often a create whose name the server generates is tried with a new name when the name is
 * taken (upstream's maxNameGenerationCreateAttempts, RetryGenerateName: GA since 1.32).
 */
const NAME_GENERATION_ATTEMPTS = 8;

/** Creates `input`; a generated name that is taken is generated anew, as upstream. */
export async function createObject(
  api: Api,
  def: ResourceDef,
  input: KubeObject,
  opts: WriteOptions,
): Promise<KubeObject> {
  const m = input.metadata;
  if (m.name || !m.generateName) return createOnce(api, def, input, opts);
  // Each attempt starts from the object as sent (an attempt fills in and defaults its copy).
  const sent = structuredClone(input);
  for (let attempt = 1; ; attempt++) {
    try {
      return await createOnce(api, def, attempt === 1 ? input : structuredClone(sent), opts);
    } catch (e) {
      if (!(e instanceof ApiError && e.reason === "AlreadyExists")) throw e;
      if (attempt === NAME_GENERATION_ATTEMPTS)
        throw errors.generateNameConflict(
          { group: def.group, resource: def.resource },
          e.details?.name ?? "",
        );
    }
  }
}

async function createOnce(
  api: Api,
  def: ResourceDef,
  input: KubeObject,
  opts: WriteOptions,
): Promise<KubeObject> {
  const ctx = defaultCreate(api, def, input);
  // The creator owns what it sent and the defaults, not what the strategy or admission add
  // afterwards (a pod's serviceAccountName, priority, tolerations), as upstream.
  const obj = opts.ownershipDone
    ? input
    : track(def, undefined, input, {
        manager: opts.fieldManager ?? "unknown",
        subresource: "",
        now: api.now(),
      });
  const warnings = finishCreate(def, obj, ctx);
  if (warnings.length > 0) opts.warn?.(warnings);
  const ns = obj.metadata.namespace ?? "";
  const name = obj.metadata.name ?? "";
  if (!name) {
    throw errors.invalid(def.group, def.kind, "", [
      {
        type: "FieldValueRequired",
        field: "metadata.name",
        message: "Required value: name or generateName is required",
      },
    ]);
  }
  await checkNamespace(api, def, ns, name, true);
  const stored = api.toStored(def, obj);
  const adm = await admit(api, {
    operation: "CREATE",
    def,
    subresource: "",
    namespace: ns,
    name,
    object: stored,
    dryRun: opts.dryRun,
  });
  if (opts.dryRun) {
    await adm.aborted();
    return api.fromStored(def, stored);
  }
  try {
    const created = await api.storage(def).create(stored);
    await adm.committed();
    return api.fromStored(def, created);
  } catch (e) {
    await adm.aborted();
    throw e;
  }
}

/**
 * Replaces an object (or its status). With `obj.metadata.resourceVersion` set the write is
 * compare-and-swap (409 on a stale version); without, it is unconditional.
 */
export async function updateObject(
  api: Api,
  def: ResourceDef,
  namespace: string,
  name: string,
  obj: KubeObject,
  subresource: string,
  opts: WriteOptions,
): Promise<KubeObject> {
  if (obj.metadata.name !== undefined && obj.metadata.name !== name) {
    throw errors.badRequest(
      `the name of the object (${obj.metadata.name}) does not match the name on the URL (${name})`,
    );
  }
  obj.metadata.name = name;
  const storage = api.storage(def);
  const oldStored = await storage.get(namespace, name);
  const old = api.fromStored(def, oldStored);
  const rv = obj.metadata.resourceVersion;
  if (rv && rv !== old.metadata.resourceVersion) {
    throw errors.conflict(
      { group: def.group, resource: def.resource },
      name,
      "the object has been modified; please apply your changes to the latest version and try again",
    );
  }
  const warnings = prepareUpdate(api, def, obj, old, subresource);
  if (warnings.length > 0) opts.warn?.(warnings);
  const tracked = opts.ownershipDone
    ? obj
    : track(def, old, obj, { manager: opts.fieldManager ?? "unknown", subresource, now: api.now() });
  const stored = api.toStored(def, tracked);
  const adm = await admit(api, {
    operation: "UPDATE",
    def,
    subresource,
    namespace,
    name,
    object: stored,
    old: oldStored,
    dryRun: opts.dryRun,
  });
  if (opts.dryRun) {
    await adm.aborted();
    return api.fromStored(def, {
      ...stored,
      metadata: { ...stored.metadata, resourceVersion: old.metadata.resourceVersion },
    });
  }
  if (sameContent(stored, oldStored)) {
    // Nothing changed: no write and the resourceVersion stays, as upstream's GuaranteedUpdate.
    await adm.aborted();
    return old;
  }
  try {
    let saved: KubeObject;
    const expected = Number(old.metadata.resourceVersion);
    if (
      stored.metadata.deletionTimestamp &&
      !stored.metadata.finalizers?.length &&
      !isGracefulPod(def, stored) &&
      !hasNamespaceFinalizers(def, stored)
    ) {
      // The last finalizer is gone: the deletion completes.
      await storage.update(stored, expected);
      saved = await storage.delete(namespace, name);
    } else {
      saved = await storage.update(stored, expected);
    }
    await adm.committed();
    return api.fromStored(def, saved);
  } catch (e) {
    await adm.aborted();
    throw e;
  }
}

/** Whether two stored forms of an object are the same apart from their resourceVersion. */
function sameContent(a: Readonly<KubeObject>, b: Readonly<KubeObject>): boolean {
  const canonical = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(canonical);
    if (v && typeof v === "object") {
      return Object.fromEntries(
        Object.keys(v)
          .sort()
          .map((k) => [k, canonical((v as Record<string, unknown>)[k])]),
      );
    }
    return v;
  };
  const text = (o: Readonly<KubeObject>) =>
    JSON.stringify(canonical({ ...o, metadata: { ...o.metadata, resourceVersion: undefined } }));
  return text(a) === text(b);
}

/** A terminating namespace stays until spec.finalizers is empty too (ShouldDeleteNamespaceDuringUpdate). */
function hasNamespaceFinalizers(def: ResourceDef, obj: Readonly<KubeObject>): boolean {
  if (def.group !== "" || def.kind !== "Namespace") return false;
  return ((obj.spec as { finalizers?: unknown[] } | undefined)?.finalizers?.length ?? 0) > 0;
}

function isGracefulPod(def: ResourceDef, obj: Readonly<KubeObject>): boolean {
  return (
    def.group === "" &&
    def.resource === "pods" &&
    !!(obj.spec as { nodeName?: string } | undefined)?.nodeName &&
    (obj.metadata.deletionGracePeriodSeconds ?? 0) > 0
  );
}

/** Namespaces upstream's NamespaceLifecycle admission never lets go. */
const immortalNamespaces: ReadonlySet<string> = new Set(["default", "kube-system", "kube-public"]);

export interface DeleteOptions {
  readonly dryRun: boolean;
  readonly gracePeriodSeconds?: number;
  readonly propagationPolicy?: "Foreground" | "Background" | "Orphan";
  readonly preconditions?: { readonly uid?: string; readonly resourceVersion?: string };
}

/**
 * Deletes an object. Objects with finalizers (or a Foreground/Orphan policy, which add one)
 * and pods bound to a node with a grace period are marked with a deletionTimestamp instead;
 * whoever owns the finalizer or the node completes the deletion.
 * Returns the object and whether it is gone now.
 */
export async function deleteObject(
  api: Api,
  def: ResourceDef,
  namespace: string,
  name: string,
  opts: DeleteOptions,
): Promise<{ object: KubeObject; gone: boolean }> {
  const storage = api.storage(def);
  const gr = { group: def.group, resource: def.resource };
  if (def.group === "" && def.kind === "Namespace" && immortalNamespaces.has(name)) {
    // NamespaceLifecycle admission.
    throw errors.forbidden(gr, name, "this namespace may not be deleted");
  }
  for (let attempt = 0; ; attempt++) {
    const cur = await storage.get(namespace, name);
    const p = opts.preconditions;
    if (p?.uid && p.uid !== cur.metadata.uid) {
      throw errors.conflict(
        gr,
        name,
        `Precondition failed: UID in precondition: ${p.uid}, UID in object meta: ${cur.metadata.uid}`,
      );
    }
    if (p?.resourceVersion && p.resourceVersion !== cur.metadata.resourceVersion) {
      throw errors.conflict(
        gr,
        name,
        `Precondition failed: ResourceVersion in precondition: ${p.resourceVersion}, ResourceVersion in object meta: ${cur.metadata.resourceVersion}`,
      );
    }
    const next = structuredClone(cur);
    const m = next.metadata;
    const finalizers = new Set(m.finalizers ?? []);
    if (opts.propagationPolicy === "Foreground") finalizers.add("foregroundDeletion");
    if (opts.propagationPolicy === "Orphan") finalizers.add("orphan");
    const nodeName = (next.spec as { nodeName?: string } | undefined)?.nodeName;
    let grace = 0;
    if (def.group === "" && def.resource === "pods" && nodeName) {
      const phase = (next.status as { phase?: string } | undefined)?.phase;
      grace =
        phase === "Succeeded" || phase === "Failed"
          ? 0
          : (opts.gracePeriodSeconds ??
            (next.spec as { terminationGracePeriodSeconds?: number }).terminationGracePeriodSeconds ??
            30);
    }
    if (def.kind === "Namespace") finalizers.add("kubernetes");
    const expected = Number(cur.metadata.resourceVersion);
    if (finalizers.size === 0 && grace === 0 && def.kind !== "Namespace") {
      if (opts.dryRun) return { object: api.fromStored(def, cur), gone: true };
      const adm = await admit(api, {
        operation: "DELETE",
        def,
        subresource: "",
        namespace,
        name,
        old: cur,
        dryRun: false,
      });
      try {
        const gone = await storage.delete(namespace, name, expected);
        await adm.committed();
        return { object: api.fromStored(def, gone), gone: true };
      } catch (e) {
        await adm.aborted();
        if (e instanceof ApiError && e.code === 409 && attempt < 5) continue;
        throw e;
      }
    }
    // Graceful: mark, and let the finalizer's owner (or the kubelet) finish.
    const now = api.now();
    if (!m.deletionTimestamp) {
      m.deletionTimestamp = rfc3339(new Date(now.getTime() + grace * 1000));
      // Upstream's namespace storage marks a namespace without a grace period.
      if (def.kind !== "Namespace") m.deletionGracePeriodSeconds = grace;
      // Deletion starting is a change controllers observe (rest.BeforeDelete, markAsDeleting).
      if ((m.generation ?? 0) > 0) m.generation = (m.generation ?? 0) + 1;
    } else if (grace < (m.deletionGracePeriodSeconds ?? 0)) {
      // Only a shorter grace period may be given; the deadline moves with it.
      const shorter = ((m.deletionGracePeriodSeconds ?? 0) - grace) * 1000;
      m.deletionTimestamp = rfc3339(new Date(Date.parse(m.deletionTimestamp) - shorter));
      m.deletionGracePeriodSeconds = grace;
    }
    if (def.kind === "Namespace") {
      next.status = { ...(next.status as object), phase: "Terminating" };
    } else {
      m.finalizers = [...finalizers];
    }
    if (opts.dryRun) return { object: api.fromStored(def, next), gone: false };
    try {
      const saved = await storage.update(next, expected);
      return { object: api.fromStored(def, saved), gone: false };
    } catch (e) {
      if (e instanceof ApiError && e.code === 409 && attempt < 5) continue;
      throw e;
    }
  }
}
