// TEMPORARY (not committed): stand-ins until helpers land their modules.
import type { KubeObject } from "../api/types.js";
export class PatchError extends Error {
  status = 400;
  reason = "BadRequest";
  causes?: { reason?: string; message?: string; field?: string }[];
}
export function applyPatch(o: {
  patchType: string;
  current?: KubeObject;
  body: string;
  [k: string]: unknown;
}): KubeObject {
  const p = JSON.parse(o.body);
  // biome-ignore lint/suspicious/noExplicitAny: temporary shim
  const merge = (a: any, b: any): any => {
    if (b === null) return undefined;
    if (typeof b !== "object" || Array.isArray(b) || typeof a !== "object" || a === null) return b;
    const r = { ...a };
    for (const [k, v] of Object.entries(b)) {
      const m = merge(a[k], v);
      if (m === undefined) delete r[k];
      else r[k] = m;
    }
    return r;
  };
  return merge(structuredClone(o.current ?? {}), p);
}
