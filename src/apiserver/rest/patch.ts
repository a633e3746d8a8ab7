import { apiVersionOf } from "../../api/registry.js";
/**
 * The patch verb: JSON patch, merge patch, strategic merge patch and server-side apply,
 * applied to the current object and written with compare-and-swap, retried on conflicts.
 */
import type { KubeObject } from "../../api/types.js";
import type { Api } from "../api.js";
import { mediaType, type Req, type Res, readBody, text } from "../http.js";
import { applyPatch, PatchError } from "../patch/index.js";
import { ApiError, errors } from "../status.js";
import { createObject, updateObject } from "./objects.js";
import { defaultManager, definitions, resetFieldsOf } from "./ownership.js";
import { checkBody, updateWarnings } from "./prepare.js";
import { parseBool, type RequestInfo } from "./request.js";
import { addWarnings, checkFieldValidation } from "./validate-fields.js";

export const patchTypes = [
  "application/json-patch+json",
  "application/merge-patch+json",
  "application/strategic-merge-patch+json",
  "application/apply-patch+yaml",
];

function toApiError(e: unknown): unknown {
  if (!(e instanceof PatchError)) return e;
  return new ApiError(e.status, e.reason, e.message, e.causes ? { causes: e.causes } : undefined);
}

export async function patchObject(
  api: Api,
  info: RequestInfo,
  req: Req,
  res: Res,
): Promise<{ object: KubeObject; created: boolean }> {
  const { def, namespace, name, subresource, query: q } = info;
  const ct = mediaType(req.headers["content-type"]);
  if (!patchTypes.includes(ct)) throw errors.unsupportedMediaType(ct, patchTypes);
  const body = text(await readBody(req));
  const apply = ct === "application/apply-patch+yaml";
  const manager = q.get("fieldManager") ?? (apply ? undefined : defaultManager(req.headers["user-agent"]));
  if (apply && !manager) {
    throw errors.badRequest("PATCH, application/apply-patch+yaml requires fieldManager to be set");
  }
  const force = parseBool(q.get("force"));
  if (!apply && q.has("force")) throw errors.badRequest("Force is only allowed for apply patches");
  const dryRun = q.getAll("dryRun").length > 0;
  const warn = (messages: readonly string[]) => addWarnings(res, messages);
  for (let attempt = 0; ; attempt++) {
    const stored = await api.storage(def).tryGet(namespace, name);
    if (!stored && !apply) throw errors.notFound({ group: def.group, resource: def.resource }, name);
    const current = stored ? api.fromStored(def, stored) : undefined;
    let patched: KubeObject;
    try {
      patched = applyPatch({
        patchType: ct,
        current,
        body,
        definition: def.definition,
        definitions: definitions(),
        manager,
        force,
        apiVersion: current?.apiVersion ?? apiVersionOf(def),
        kind: def.kind,
        now: api.now(),
        subresource: subresource || undefined,
        resetFields: resetFieldsOf(def, subresource),
      });
    } catch (e) {
      throw toApiError(e);
    }
    checkFieldValidation(info, patched, res, { patchType: ct, patch: body });
    const obj = checkBody(def, namespace, patched, (v, k) => api.lookupKind(v, k) !== undefined);
    if (!current) {
      obj.metadata.name ??= name;
      delete obj.metadata.resourceVersion;
      return {
        object: await createObject(api, def, obj, {
          dryRun,
          fieldManager: manager,
          ownershipDone: apply,
          warn,
        }),
        created: true,
      };
    }
    // Nothing changed: no write, as upstream (the resourceVersion stays); its update checks
    // still ran there, so a pod still gets its warnings.
    if (sameObject(obj, current)) {
      warn(updateWarnings(def, current, current, subresource));
      return { object: current, created: false };
    }
    // A resourceVersion inside the patch is a precondition; otherwise we CAS on what we read.
    const ours = obj.metadata.resourceVersion === current.metadata.resourceVersion;
    obj.metadata.resourceVersion ??= current.metadata.resourceVersion;
    try {
      return {
        object: await updateObject(api, def, namespace, name, obj, subresource, {
          dryRun,
          fieldManager: manager,
          // Server-side apply computed the managedFields already.
          ownershipDone: apply,
          warn,
        }),
        created: false,
      };
    } catch (e) {
      if (ours && attempt < 5 && e instanceof ApiError && e.code === 409 && e.reason === "Conflict") continue;
      throw e;
    }
  }
}

function sameObject(a: Readonly<KubeObject>, b: Readonly<KubeObject>): boolean {
  return JSON.stringify(sortKeys(a)) === JSON.stringify(sortKeys(b));
}

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v && typeof v === "object") {
    return Object.fromEntries(
      Object.keys(v)
        .sort()
        .map((k) => [k, sortKeys((v as Record<string, unknown>)[k])]),
    );
  }
  return v;
}
