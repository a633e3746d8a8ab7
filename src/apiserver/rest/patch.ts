/**
 * The patch verb: JSON patch, merge patch, strategic merge patch and server-side apply,
 * applied to the current object and written with compare-and-swap, retried on conflicts.
 */
import type { KubeObject } from "../../api/types.js";
import { applyPatch, PatchError } from "../_shim.js";
import type { Api } from "../api.js";
import { mediaType, type Req, type Res, readBody, text } from "../http.js";
import { ApiError, errors } from "../status.js";
import { createObject, updateObject } from "./objects.js";
import { checkBody } from "./prepare.js";
import type { RequestInfo } from "./request.js";
import { checkFieldValidation } from "./validate-fields.js";

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
  const manager = q.get("fieldManager") ?? (apply ? undefined : "unknown");
  if (apply && !manager) {
    throw errors.badRequest("PATCH, application/apply-patch+yaml requires fieldManager to be set");
  }
  const force = q.get("force") === "true";
  if (!apply && q.has("force")) throw errors.badRequest("Force is only allowed for apply patches");
  const dryRun = q.getAll("dryRun").length > 0;
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
        manager,
        force,
        now: api.now(),
        subresource: subresource || undefined,
      });
    } catch (e) {
      throw toApiError(e);
    }
    checkFieldValidation(info, patched, res);
    const obj = checkBody(def, namespace, patched);
    if (!current) {
      obj.metadata.name ??= name;
      delete obj.metadata.resourceVersion;
      return { object: await createObject(api, def, obj, { dryRun, fieldManager: manager }), created: true };
    }
    // A resourceVersion inside the patch is a precondition; otherwise we CAS on what we read.
    const ours = obj.metadata.resourceVersion === current.metadata.resourceVersion;
    obj.metadata.resourceVersion ??= current.metadata.resourceVersion;
    try {
      return {
        object: await updateObject(api, def, namespace, name, obj, subresource, {
          dryRun,
          fieldManager: manager,
        }),
        created: false,
      };
    } catch (e) {
      if (ours && attempt < 5 && e instanceof ApiError && e.code === 409 && e.reason === "Conflict") continue;
      throw e;
    }
  }
}
