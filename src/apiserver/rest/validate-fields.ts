/**
 * What upstream's decoder checks of a body: values of the wrong JSON type are refused (whatever
 * fieldValidation says), and fieldValidation=Strict|Warn|Ignore makes unknown fields an error,
 * a warning (the Warning header) or nothing, as upstream. The default, as upstream's, is Warn.
 *
 * A create or update body is refused as upstream's decoder refuses it (400): `Pod in version
 * "v1" cannot be handled as a Pod: <reason>`. A patched object as upstream's patch handler
 * refuses it (422 Invalid on the field "patch"), showing the patched object's JSON (JSON and
 * merge patches) or the patch as Go prints it (strategic merge patches, whose result goes
 * through the unstructured converter and is worded as it words it).
 */
import { invalid } from "../../api/field.js";
import { checkDecode } from "../../api/openapi/index.js";
import type { ResourceDef } from "../../api/types.js";
import type { Res } from "../http.js";
import { goJson } from "../patch/fieldpath.js";
import { errors } from "../status.js";
import type { RequestInfo } from "./request.js";

/** What is checked: a create or update body, or the object a patch of `patchType` made. */
export type Decoded = { readonly body: true } | { readonly patchType: string; readonly patch: string };

const STRATEGIC = "application/strategic-merge-patch+json";
const APPLY = "application/apply-patch+yaml";

/** Upstream's transformDecodeError: the kind and version the body named, and the URL's kind. */
export function cannotBeHandled(def: ResourceDef, body: unknown, reason: string): Error {
  const o = (typeof body === "object" && body !== null ? body : {}) as {
    apiVersion?: unknown;
    kind?: unknown;
  };
  const kind = typeof o.kind === "string" && o.kind !== "" ? o.kind : def.kind;
  const apiVersion = typeof o.apiVersion === "string" ? o.apiVersion : def.version;
  const version = apiVersion.slice(apiVersion.lastIndexOf("/") + 1);
  return errors.badRequest(
    `${kind} in version ${JSON.stringify(version)} cannot be handled as a ${def.kind}: ${reason}`,
  );
}

/** Upstream's refusal of a patched object that does not decode: 422 Invalid on "patch". */
function patchInvalid(
  decoded: { patchType: string; patch: string },
  patched: unknown,
  reason: string,
): Error {
  const value = decoded.patchType === STRATEGIC ? goPrint(parsedPatch(decoded.patch)) : goJson(patched);
  return errors.invalid("", "", "", [invalid("patch", value, reason)]);
}

function parsedPatch(patch: string): unknown {
  try {
    return JSON.parse(patch);
  } catch {
    return patch; // applied already, so JSON; kept whole if not
  }
}

/** A decoded JSON value as Go's fmt prints it with %+v: `map[a:1 b:[x y]]`, keys sorted. */
function goPrint(v: unknown): string {
  if (v === null || v === undefined) return "<nil>";
  if (Array.isArray(v)) return `[${v.map(goPrint).join(" ")}]`;
  if (typeof v === "object") {
    const o = v as Record<string, unknown>;
    return `map[${Object.keys(o)
      .sort()
      .map((k) => `${k}:${goPrint(o[k])}`)
      .join(" ")}]`;
  }
  if (typeof v === "number" && !Number.isInteger(v)) {
    // strconv's shortest %g: an exponent (of two digits at least) below 1e-4 and from 1e21.
    const exp = Math.floor(Math.log10(Math.abs(v)));
    if (exp < -4 || exp >= 21) return v.toExponential().replace(/e([+-])(\d)$/, "e$10$2");
  }
  return String(v);
}

export function checkFieldValidation<T>(info: RequestInfo, body: T, res: Res, decoded: Decoded): T {
  const mode = info.query.get("fieldValidation") ?? "Warn";
  if (mode !== "Strict" && mode !== "Warn" && mode !== "Ignore") {
    throw errors.badRequest(`fieldValidation parameter unsupported: ${mode}`);
  }
  // Other subresources (scale) take a body of another kind.
  if (info.subresource && info.subresource !== "status") return body;
  const fail = (reason: string) => {
    if ("body" in decoded) return cannotBeHandled(info.def, body, reason);
    // Server-side apply: upstream's typed conversion words its errors its own way (not here).
    if (decoded.patchType === APPLY) return errors.badRequest(reason);
    return patchInvalid(decoded, body, reason);
  };
  const check = checkDecode(info.def.definition, body, {
    unknown: mode !== "Ignore" && !info.subresource,
    style: "patchType" in decoded && decoded.patchType === STRATEGIC ? "unstructured" : "json",
  });
  if (check.typeError !== undefined) throw fail(check.typeError);
  if (check.unknown.length === 0) return body;
  if (mode === "Strict") {
    throw fail(`strict decoding error: ${check.unknown.map((f) => `unknown field "${f}"`).join(", ")}`);
  }
  addWarnings(
    res,
    check.unknown.map((f) => `unknown field "${f}"`),
  );
  return body;
}

/** Adds `Warning: 299 - "..."` headers, as upstream sends them. */
export function addWarnings(res: Res, msgs: readonly string[]): void {
  if (msgs.length === 0 || res.headersSent) return;
  const prev = res.getHeader("Warning");
  const list = Array.isArray(prev) ? (prev as string[]) : prev ? [String(prev)] : [];
  // Each text once, as upstream's warning recorder (a retried create warns again).
  const added = msgs.map((m) => `299 - ${JSON.stringify(m)}`).filter((w) => !list.includes(w));
  res.setHeader("Warning", [...list, ...new Set(added)]);
}
