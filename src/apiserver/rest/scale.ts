/**
 * The scale subresource: an autoscaling/v1 Scale view of spec.replicas / status.replicas.
 */
import type { LabelSelector } from "kubernetes-types/meta/v1.js";
import { mapSelectorString, selectorString } from "../../api/common/selector.js";
import type { KubeObject, ResourceDef } from "../../api/types.js";
import type { Api } from "../api.js";
import { decodeBody, mediaType, type Req, readBody } from "../http.js";
import { errors } from "../status.js";
import { updateObject } from "./objects.js";
import type { RequestInfo } from "./request.js";

function at(obj: unknown, path: string): unknown {
  let cur = obj;
  for (const p of path.split("."))
    cur = cur && typeof cur === "object" ? (cur as Record<string, unknown>)[p] : undefined;
  return cur;
}

export function toScale(def: ResourceDef, obj: Readonly<KubeObject>): Record<string, unknown> {
  const sd = def.subresources!.scale!;
  const m = obj.metadata;
  const selector = sd.labelSelectorPath ? at(obj, sd.labelSelectorPath) : undefined;
  return {
    kind: "Scale",
    apiVersion: "autoscaling/v1",
    metadata: {
      name: m.name,
      namespace: m.namespace,
      uid: m.uid,
      resourceVersion: m.resourceVersion,
      creationTimestamp: m.creationTimestamp,
    },
    spec: { replicas: (at(obj, sd.specReplicasPath) as number | undefined) ?? 0 },
    status: {
      replicas: (at(obj, sd.statusReplicasPath) as number | undefined) ?? 0,
      // As upstream's scale subresources: labels.SelectorFromSet(map).String() for an equality
      // map, LabelSelectorAsSelector(selector).String() for a metav1.LabelSelector.
      selector: sd.mapSelector
        ? mapSelectorString(selector)
        : (selectorString(selector as LabelSelector | undefined) ?? ""),
    },
  };
}

export async function readScale(
  api: Api,
  def: ResourceDef,
  ns: string,
  name: string,
): Promise<Record<string, unknown>> {
  return toScale(def, api.fromStored(def, await api.storage(def).get(ns, name)));
}

/** PUT or PATCH (merge/strategic/json on the Scale object) of .../scale. */
export async function writeScale(api: Api, info: RequestInfo, req: Req): Promise<Record<string, unknown>> {
  const { def, namespace, name } = info;
  const ct = mediaType(req.headers["content-type"]) || "application/json";
  const body = decodeBody(await readBody(req), ct === "application/yaml" ? ct : "application/json");
  const current = await readScale(api, def, namespace, name);
  let replicas: unknown;
  if (info.verb === "update") replicas = (body as { spec?: { replicas?: unknown } })?.spec?.replicas;
  else if (ct === "application/json-patch+json" && Array.isArray(body)) {
    const op = body.find((o: { path?: string }) => o?.path === "/spec/replicas") as
      | { value?: unknown }
      | undefined;
    replicas = op ? op.value : (current.spec as { replicas: number }).replicas;
  } else
    replicas =
      (body as { spec?: { replicas?: unknown } })?.spec?.replicas ??
      (current.spec as { replicas: number }).replicas;
  if (typeof replicas !== "number" || !Number.isInteger(replicas) || replicas < 0) {
    throw errors.invalid("autoscaling", "Scale", name, [
      {
        type: "FieldValueInvalid",
        field: "spec.replicas",
        message: `Invalid value: ${JSON.stringify(replicas ?? null)}: must be greater than or equal to 0`,
      },
    ]);
  }
  const rv = (body as { metadata?: { resourceVersion?: string } })?.metadata?.resourceVersion;
  const obj = api.fromStored(def, await api.storage(def).get(namespace, name));
  if (rv && rv !== obj.metadata.resourceVersion) {
    throw errors.conflict(
      { group: def.group, resource: def.resource },
      name,
      "the object has been modified; please apply your changes to the latest version and try again",
    );
  }
  const path = def.subresources!.scale!.specReplicasPath.split(".");
  let cur = obj as Record<string, unknown>;
  for (const p of path.slice(0, -1)) {
    cur[p] ??= {};
    cur = cur[p] as Record<string, unknown>;
  }
  cur[path[path.length - 1]!] = replicas;
  const saved = await updateObject(api, def, namespace, name, obj, "", {
    dryRun: info.query.getAll("dryRun").length > 0,
  });
  return toScale(def, saved);
}
