/**
 * fieldValidation=Strict|Warn|Ignore: unknown fields in a body are an error, a warning
 * (the Warning header) or ignored, as upstream. The default, as upstream's, is Warn.
 */
import { unknownFields } from "../../api/openapi/index.js";
import type { Res } from "../http.js";
import { errors } from "../status.js";
import type { RequestInfo } from "./request.js";

export function checkFieldValidation<T>(info: RequestInfo, body: T, res: Res): T {
  const mode = info.query.get("fieldValidation") ?? "Warn";
  if (mode !== "Strict" && mode !== "Warn" && mode !== "Ignore") {
    throw errors.badRequest(`fieldValidation parameter unsupported: ${mode}`);
  }
  if (mode === "Ignore" || info.subresource) return body;
  const unknown = unknownFields(info.def.definition, body);
  if (unknown.length === 0) return body;
  if (mode === "Strict") {
    const list = unknown.map((f) => `unknown field "${f}"`).join(", ");
    throw errors.badRequest(`strict decoding error: ${list}`);
  }
  addWarnings(
    res,
    unknown.map((f) => `unknown field "${f}"`),
  );
  return body;
}

/** Adds `Warning: 299 - "..."` headers, as upstream sends them. */
export function addWarnings(res: Res, msgs: readonly string[]): void {
  if (msgs.length === 0 || res.headersSent) return;
  const prev = res.getHeader("Warning");
  const list = Array.isArray(prev) ? (prev as string[]) : prev ? [String(prev)] : [];
  res.setHeader("Warning", [...list, ...msgs.map((m) => `299 - ${JSON.stringify(m)}`)]);
}
