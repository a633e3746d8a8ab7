/**
 * HTTP handlers of the resource verbs. Each parses its request, calls the object verbs and
 * renders the result as JSON, Table or PartialObjectMetadata.
 */
import { CONTAINER_GROUPS } from "../../api/pod/index.js";
import type { KubeObject } from "../../api/types.js";
import type { Api } from "../api.js";
import { decodeBody, mediaType, type Negotiated, type Req, type Res, readBody, sendJson } from "../http.js";
import { PROTOBUF_MEDIA_TYPE } from "../protobuf/index.js";
import { knownText } from "../registry/texts.js";
import { errors, statusObject } from "../status.js";
import { list } from "./list.js";
import {
  createObject,
  type DeleteOptions,
  deleteObject,
  updateObject,
  type WriteOptions,
} from "./objects.js";
import { defaultManager } from "./ownership.js";
import { patchObject } from "./patch.js";
import { checkBody } from "./prepare.js";
import { parseBool, type RequestInfo } from "./request.js";
import { answerReview, type Caller } from "./reviews.js";
import { readScale, writeScale } from "./scale.js";
import { partialMetadata, toTable } from "./table.js";
import { tokenRequest } from "./token-request.js";
import { addWarnings, checkFieldValidation } from "./validate-fields.js";
import { watchHandler } from "./watch.js";

const bodyTypes = ["application/json", "application/yaml", PROTOBUF_MEDIA_TYPE];

function render(api: Api, info: RequestInfo, want: Negotiated, obj: KubeObject): unknown {
  if (want.as === "Table") {
    return toTable(info.def, [obj], {
      now: api.now(),
      includeObject: info.query.get("includeObject"),
      withColumns: true,
      resourceVersion: obj.metadata.resourceVersion,
    });
  }
  if (want.as === "PartialObjectMetadata") return partialMetadata(obj);
  // Just written: the text that was stored (with its resourceVersion) is the answer.
  return knownText(obj) ?? obj;
}

/** Refuses a log request for a container the pod lacks or leaves unnamed, as upstream's validateContainer. */
function checkLogContainer(pod: Readonly<KubeObject>, container: string): void {
  const spec = (pod.spec ?? {}) as Record<string, { name?: string }[] | undefined>;
  const names = CONTAINER_GROUPS.flatMap((k) => (spec[k] ?? []).map((c) => c.name ?? ""));
  const name = pod.metadata.name ?? "";
  if (container !== "") {
    if (!names.includes(container))
      throw errors.badRequest(`container ${container} is not valid for pod ${name}`);
    return;
  }
  const main = spec.containers ?? [];
  if (main.length === 1) return;
  if (main.length === 0) throw errors.badRequest(`a container name must be specified for pod ${name}`);
  throw errors.badRequest(
    `a container name must be specified for pod ${name}, choose one of: [${names.join(" ")}]`,
  );
}

async function readObject(req: Req, info: RequestInfo, res: Res): Promise<KubeObject> {
  const ct = mediaType(req.headers["content-type"]) || "application/json";
  if (!bodyTypes.includes(ct)) throw errors.unsupportedMediaType(ct, bodyTypes);
  const body = decodeBody(await readBody(req), ct);
  return checkFieldValidation(info, body, res, { body: true }) as KubeObject;
}

function dryRun(q: URLSearchParams): boolean {
  const d = q.getAll("dryRun");
  for (const v of d)
    if (v !== "All") throw errors.badRequest(`Invalid dryRun value: ${v}; supported values: "All"`);
  return d.length > 0;
}

/** A create's or update's options: dry run, field manager, and where the kind's warnings go. */
function writeOptions(req: Req, res: Res, q: URLSearchParams): WriteOptions {
  return {
    dryRun: dryRun(q),
    fieldManager: q.get("fieldManager") ?? defaultManager(req.headers["user-agent"]),
    warn: (messages) => addWarnings(res, messages),
  };
}

export async function handleResource(
  api: Api,
  info: RequestInfo,
  req: Req,
  res: Res,
  want: Negotiated,
  caller: Caller,
): Promise<void> {
  const { def, namespace, name, subresource, query: q } = info;
  if (subresource === "scale") {
    if (info.verb === "get") return sendJson(res, 200, await readScale(api, def, namespace, name));
    if (info.verb === "update" || info.verb === "patch") {
      return sendJson(res, 200, await writeScale(api, info, req));
    }
  }
  if (subresource === "binding" || subresource === "eviction") return podAction(api, info, req, res);
  if (subresource === "token" && def.resource === "serviceaccounts") return tokenRequest(api, info, req, res);
  if (subresource && subresource !== "status" && def.subresources?.strategies?.[subresource]) {
    // namespaces/finalize: a plain update through the subresource's strategy.
    if (info.verb !== "update") {
      throw errors.methodNotSupported(
        { group: def.group, resource: `${def.resource}/${subresource}` },
        info.verb,
      );
    }
  } else if (subresource && subresource !== "status") {
    // log, exec, attach, portforward, proxy: the node a pod runs on answers them.
    const obj = await api.storage(def).get(namespace, name);
    const unplaced = def.kind === "Pod" && !(obj.spec as { nodeName?: string } | undefined)?.nodeName;
    if (def.kind === "Pod" && subresource === "log") checkLogContainer(obj, q.get("container") ?? "");
    if (unplaced && subresource === "log") {
      // Not yet on a node: no logs yet, an empty answer (upstream's LogLocation).
      res.statusCode = 200;
      res.setHeader("Content-Type", "text/plain");
      res.end();
      return;
    }
    if (unplaced) throw errors.badRequest(`pod ${name} does not have a host assigned`);
    throw errors.unavailable(
      `the ${subresource} subresource of ${def.resource} "${name}" is answered by the node agent, which is not running`,
    );
  }
  switch (info.verb) {
    case "get": {
      const obj = api.fromStored(def, await api.storage(def).get(namespace, name));
      return sendJson(res, 200, render(api, info, want, obj));
    }
    case "list":
      return sendJson(res, 200, await list(api, info, want));
    case "watch":
      return watchHandler(api, info, req, res, want);
    case "create": {
      if (def.review) {
        const obj = checkBody(
          def,
          namespace,
          await readObject(req, info, res),
          (v, k) => api.lookupKind(v, k) !== undefined,
        );
        return sendJson(res, 201, answerReview(def, obj, caller));
      }
      if (!def.namespaced || namespace || def.kind === "Namespace") {
        const obj = await readObject(req, info, res);
        const created = await createObject(
          api,
          def,
          checkBody(def, namespace, obj, (v, k) => api.lookupKind(v, k) !== undefined),
          writeOptions(req, res, q),
        );
        return sendJson(res, 201, render(api, info, want, created));
      }
      throw errors.methodNotSupported({ group: def.group, resource: def.resource }, "create");
    }
    case "update": {
      const obj = checkBody(
        def,
        namespace,
        await readObject(req, info, res),
        (v, k) => api.lookupKind(v, k) !== undefined,
      );
      const saved = await updateObject(
        api,
        def,
        namespace,
        name,
        obj,
        subresource,
        writeOptions(req, res, q),
      );
      return sendJson(res, 200, render(api, info, want, saved));
    }
    case "patch": {
      const saved = await patchObject(api, info, req, res);
      return sendJson(res, saved.created ? 201 : 200, render(api, info, want, saved.object));
    }
    case "delete": {
      const opts = await deleteOptions(req, q);
      const r = await deleteObject(api, def, namespace, name, opts);
      return sendJson(res, 200, render(api, info, want, r.object));
    }
    case "deletecollection": {
      const opts = await deleteOptions(req, q);
      const page = await list(api, info, { as: "PartialObjectMetadataList" });
      for (const o of (page as { items: KubeObject[] }).items) {
        await deleteObject(api, def, o.metadata.namespace ?? "", o.metadata.name ?? "", opts).catch(
          (e: unknown) => {
            if (!(e instanceof Error && "code" in e && (e as { code: number }).code === 404)) throw e;
          },
        );
      }
      return sendJson(res, 200, statusObject(200, "", ""));
    }
  }
}

async function deleteOptions(req: Req, q: URLSearchParams): Promise<DeleteOptions> {
  const raw = await readBody(req);
  let body: Record<string, unknown> = {};
  if (raw.length) {
    const v = decodeBody(raw, mediaType(req.headers["content-type"]) || "application/json");
    if (v && typeof v === "object" && !Array.isArray(v)) body = v as Record<string, unknown>;
    else throw errors.badRequest("the body of a delete must be a DeleteOptions object");
  }
  const grace = q.get("gracePeriodSeconds") ?? body.gracePeriodSeconds;
  let policy = (q.get("propagationPolicy") ?? body.propagationPolicy) as string | undefined;
  const orphan = q.get("orphanDependents") ?? body.orphanDependents;
  if (policy === undefined && (orphan === true || (typeof orphan === "string" && parseBool(orphan))))
    policy = "Orphan";
  if (policy !== undefined && !["Foreground", "Background", "Orphan"].includes(policy)) {
    throw errors.invalid("meta.k8s.io", "DeleteOptions", "", [
      {
        type: "FieldValueNotSupported",
        field: "propagationPolicy",
        message: `Unsupported value: "${policy}": supported values: "Foreground", "Background", "Orphan"`,
      },
    ]);
  }
  const dry = q.getAll("dryRun").length > 0 || (Array.isArray(body.dryRun) && body.dryRun.length > 0);
  return {
    dryRun: dry,
    gracePeriodSeconds: grace === undefined || grace === null ? undefined : Number(grace),
    propagationPolicy: policy as DeleteOptions["propagationPolicy"],
    preconditions: body.preconditions as DeleteOptions["preconditions"],
  };
}

/** pods/binding (the scheduler's write) and pods/eviction. */
async function podAction(api: Api, info: RequestInfo, req: Req, res: Res): Promise<void> {
  const { def, namespace, name, subresource } = info;
  if (info.verb !== "create")
    throw errors.methodNotSupported({ group: "", resource: `pods/${subresource}` }, info.verb);
  const body = decodeBody(
    await readBody(req),
    mediaType(req.headers["content-type"]) || "application/json",
  ) as Record<string, unknown>;
  if (subresource === "binding") {
    const target = (body?.target ?? {}) as { name?: string; kind?: string };
    if (!target.name) {
      throw errors.invalid("", "Binding", name, [
        { type: "FieldValueRequired", field: "target.name", message: "Required value" },
      ]);
    }
    for (let i = 0; ; i++) {
      const pod = await api.storage(def).get(namespace, name);
      const spec = pod.spec as { nodeName?: string };
      if (pod.metadata.deletionTimestamp) {
        throw errors.conflict(
          { group: "", resource: "pods" },
          name,
          "pod is being deleted, cannot be assigned to a host",
        );
      }
      if (spec.nodeName) {
        throw errors.conflict(
          { group: "", resource: "pods/binding" },
          name,
          `pod ${name} is already assigned to node "${spec.nodeName}"`,
        );
      }
      spec.nodeName = target.name;
      try {
        await api.storage(def).update(pod, Number(pod.metadata.resourceVersion));
        break;
      } catch (e) {
        if (i < 5 && e instanceof Error && (e as { code?: number }).code === 409) continue;
        throw e;
      }
    }
    return sendJson(res, 201, statusObject(201, "", ""));
  }
  const opts = (body?.deleteOptions ?? {}) as {
    gracePeriodSeconds?: number;
    preconditions?: DeleteOptions["preconditions"];
  };
  await deleteObject(api, def, namespace, name, {
    dryRun: false,
    gracePeriodSeconds: opts.gracePeriodSeconds,
    preconditions: opts.preconditions,
  });
  sendJson(res, 201, statusObject(201, "", ""));
}
