/**
 * Validation of events.k8s.io/v1 writes, as upstream's ValidateEventCreate/Update for that
 * group: the legacy checks plus the strict ones. Upstream validates the stored (core) form, so
 * the paths name core fields (message, involvedObject, firstTimestamp, ...), except
 * reportingController which is named as the request's version calls it.
 */
import type { Event as CoreEvent } from "kubernetes-types/core/v1.js";
import { immutable } from "../common/checks.js";
import { isQualifiedName } from "../common/names.js";
import { deepEqual, view } from "../common/values.js";
import { type FieldError, invalid, path, required } from "../field.js";
import type { KubeObject } from "../types.js";
import { eventToCore } from "./convert.js";

const LIMITS = { reportingInstance: 128, action: 128, reason: 128, message: 1024 } as const;

const unset = (v: unknown) => v === undefined || v === null || v === "" || v === 0;

function legacy(e: CoreEvent): FieldError[] {
  const errs: FieldError[] = [];
  const ns = e.metadata?.namespace ?? "";
  const involvedNs = e.involvedObject?.namespace ?? "";
  if (unset(e.eventTime)) {
    if (involvedNs === "" ? ns !== "" && ns !== "default" : ns !== involvedNs) {
      errs.push(
        invalid(path("involvedObject").child("namespace"), involvedNs, "does not match event.namespace"),
      );
    }
    return errs;
  }
  if (involvedNs === "" && ns !== "default" && ns !== "kube-system") {
    errs.push(
      invalid(path("involvedObject").child("namespace"), involvedNs, "does not match event.namespace"),
    );
  }
  const controller = e.reportingComponent ?? "";
  if (controller === "") errs.push(required(path("reportingController")));
  for (const msg of isQualifiedName(controller))
    errs.push(invalid(path("reportingController"), controller, msg));
  for (const f of ["reportingInstance", "action", "reason"] as const) {
    const v = e[f] ?? "";
    if (v === "") errs.push(required(path(f)));
    if (v.length > LIMITS[f]) errs.push(invalid(path(f), "", `can have at most ${LIMITS[f]} characters`));
  }
  if ((e.message ?? "").length > LIMITS.message) {
    errs.push(invalid(path("message"), "", `can have at most ${LIMITS.message} characters`));
  }
  return errs;
}

function series(e: CoreEvent): FieldError[] {
  if (!e.series) return [];
  const errs: FieldError[] = [];
  if ((e.series.count ?? 0) < 2) errs.push(invalid(path("series.count"), "", "should be at least 2"));
  if (unset(e.series.lastObservedTime)) errs.push(required(path("series.lastObservedTime")));
  return errs;
}

export function validateEventV1(obj: KubeObject): FieldError[] {
  const e = view<CoreEvent>(eventToCore(obj));
  const errs = [...legacy(e), ...series(e)];
  if (unset(e.eventTime)) errs.push(required(path("eventTime")));
  if (e.type !== "Normal" && e.type !== "Warning")
    errs.push(invalid(path("type"), "", `has invalid value: ${e.type ?? ""}`));
  if (!unset(e.firstTimestamp)) errs.push(invalid(path("firstTimestamp"), "", "needs to be unset"));
  if (!unset(e.lastTimestamp)) errs.push(invalid(path("lastTimestamp"), "", "needs to be unset"));
  if (!unset(e.count)) errs.push(invalid(path("count"), "", "needs to be unset"));
  if (e.source?.component || e.source?.host) errs.push(invalid(path("source"), "", "needs to be unset"));
  return errs;
}

/** Fields an events.k8s.io/v1 update may not change (core names, as upstream reports them). */
const IMMUTABLE = [
  "involvedObject",
  "reason",
  "message",
  "source",
  "firstTimestamp",
  "lastTimestamp",
  "count",
  "type",
  "eventTime",
  "action",
  "related",
  "reportingComponent",
  "reportingInstance",
] as const;

export function validateEventV1Update(obj: KubeObject, old: Readonly<KubeObject>): FieldError[] {
  const e = eventToCore(obj);
  const o = eventToCore(old);
  // validate() already ran the create checks; an update adds the series and immutability rules.
  const errs: FieldError[] = [];
  if (!deepEqual(e.series, o.series)) errs.push(...series(view<CoreEvent>(e)));
  for (const f of IMMUTABLE) {
    const name = f === "reportingComponent" ? "reportingController" : f;
    errs.push(...immutable(e[f], o[f], path(name)));
  }
  return errs;
}
