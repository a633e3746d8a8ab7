/**
 * What upstream's decoder checks of a body: values of the wrong JSON type are refused (400,
 * whatever fieldValidation says), and fieldValidation=Strict|Warn|Ignore makes unknown fields
 * an error, a warning (the Warning header) or nothing, as upstream. The default, as upstream's,
 * is Warn.
 *
 * A create or update body (`decoded`) is refused as upstream's decoder refuses it:
 * `Pod in version "v1" cannot be handled as a Pod: <reason>`. A patched object is refused with
 * the reason alone.
 */
import { checkDecode } from "../../api/openapi/index.js";
import type { ResourceDef } from "../../api/types.js";
import type { Res } from "../http.js";
import { errors } from "../status.js";
import type { RequestInfo } from "./request.js";

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

export function checkFieldValidation<T>(info: RequestInfo, body: T, res: Res, decoded = false): T {
  const mode = info.query.get("fieldValidation") ?? "Warn";
  if (mode !== "Strict" && mode !== "Warn" && mode !== "Ignore") {
    throw errors.badRequest(`fieldValidation parameter unsupported: ${mode}`);
  }
  // Other subresources (scale) take a body of another kind.
  if (info.subresource && info.subresource !== "status") return body;
  const fail = (reason: string) =>
    decoded ? cannotBeHandled(info.def, body, reason) : errors.badRequest(reason);
  const check = checkDecode(info.def.definition, body, { unknown: mode !== "Ignore" && !info.subresource });
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
