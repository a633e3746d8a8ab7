/**
 * `application/merge-patch+json` (RFC 7386) as evanphx/json-patch's MergePatch applies it for
 * kube-apiserver: objects merge key by key, null deletes a key, anything else (arrays
 * included) replaces; nulls inside newly added values are dropped.
 */
import { badRequest } from "./errors.js";
import { clone, getOwn, isObject, type JsonObject, parseJsonBody, setOwn } from "./json.js";

/** Applies the merge patch `body` to a copy of `doc`. */
export function mergePatch(doc: JsonObject, body: string | Uint8Array): JsonObject {
  const patch = parseJsonBody(body, "Invalid JSON Patch");
  // Upstream's MergePatch refuses a null or non-object patch ("Invalid JSON Patch"); an array
  // would replace the whole object, which no kind can decode.
  if (!isObject(patch)) throw badRequest("Invalid JSON Patch");
  const out = clone(doc);
  mergeInto(out, patch);
  return out;
}

function mergeInto(doc: JsonObject, patch: JsonObject): void {
  for (const k of Object.keys(patch)) {
    const v = patch[k];
    if (v === null) {
      delete doc[k];
      continue;
    }
    const cur = getOwn(doc, k);
    if (isObject(cur) && isObject(v)) {
      mergeInto(cur, v);
    } else {
      setOwn(doc, k, pruneNulls(v));
    }
  }
}

/** Drops null-valued keys of objects, at any depth (array items stay, even null ones). */
function pruneNulls(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(pruneNulls);
  if (!isObject(v)) return v;
  const out: JsonObject = {};
  for (const k of Object.keys(v)) {
    if (v[k] !== null) setOwn(out, k, pruneNulls(v[k]));
  }
  return out;
}
