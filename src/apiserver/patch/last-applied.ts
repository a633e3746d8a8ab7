/**
 * Interplay of server-side apply with kubectl's client-side apply annotation, as upstream's
 * lastAppliedManager and lastAppliedUpdater do it for the field manager "kubectl":
 * - conflicts over fields the annotation still describes (same value live) are allowed, so
 *   `kubectl apply --server-side` can take over an object `kubectl apply` created;
 * - when the object carries the annotation, it is rewritten to the applied configuration, so
 *   a later client-side apply computes its patch from what was applied last.
 */
import type { KubeObject } from "../../api/types.js";
import { type FieldSet, goJson } from "./fieldpath.js";
import { isObject, type JsonObject } from "./json.js";
import type { SchemaNode } from "./schema.js";
import { compare, toFieldSet, validate } from "./typed.js";

export const LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";

/** Upstream's TotalAnnotationSizeLimitB: annotations may total 256 KiB. */
const MAX_ANNOTATIONS_BYTES = 256 * 1024;

function annotationOf(obj: Readonly<JsonObject>): string | undefined {
  const meta = obj.metadata;
  const annotations = isObject(meta) && isObject(meta.annotations) ? meta.annotations : undefined;
  const v = annotations && Object.hasOwn(annotations, LAST_APPLIED) ? annotations[LAST_APPLIED] : undefined;
  return typeof v === "string" && v !== "" ? v : undefined;
}

/**
 * The fields of the last client-side applied configuration whose values the live object still
 * has; undefined when there is no usable annotation.
 */
export function allowedByLastApplied(
  live: Readonly<JsonObject>,
  apiVersion: string,
  schema: SchemaNode,
): FieldSet | undefined {
  const text = annotationOf(live);
  if (text === undefined) return undefined;
  let last: unknown;
  try {
    last = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!isObject(last) || last.apiVersion !== apiVersion || validate(last, schema).length) return undefined;
  const changes = compare(last, live, schema);
  return toFieldSet(last, schema)
    .difference(changes.modified)
    .difference(changes.added)
    .difference(changes.removed);
}

/** `obj` with its client-side apply annotation (if it has one) set to `config`. */
export function syncLastApplied(obj: KubeObject, config: Readonly<JsonObject>): KubeObject {
  if (annotationOf(obj) === undefined) return obj;
  const applied = structuredClone(config) as JsonObject;
  const meta = isObject(applied.metadata) ? applied.metadata : undefined;
  if (meta && isObject(meta.annotations)) delete meta.annotations[LAST_APPLIED];
  const annotations: Record<string, string> = {
    ...(obj.metadata.annotations ?? {}),
    [LAST_APPLIED]: `${goJson(applied)}\n`,
  };
  let size = 0;
  for (const [k, v] of Object.entries(annotations)) size += Buffer.byteLength(k) + Buffer.byteLength(v);
  if (size > MAX_ANNOTATIONS_BYTES) delete annotations[LAST_APPLIED];
  return { ...obj, metadata: { ...obj.metadata, annotations } };
}
