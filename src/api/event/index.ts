/**
 * core/v1 Event. Events expire an hour after their last write. events.k8s.io/v1 shares this
 * storage (defined with that group).
 */
import type { Event } from "kubernetes-types/core/v1.js";
import { translateTimestampSince } from "../common/duration.js";
import { isDNS1123Subdomain, isQualifiedName } from "../common/names.js";
import { column, NAME_COLUMN } from "../common/table.js";
import { isObject, type JsonObject, num, str } from "../common/values.js";
import { type FieldError, invalid, path, required } from "../field.js";
import type { KubeObject, ResourceDef, Strategy, TableDef } from "../types.js";

const LIMIT_REPORTING_INSTANCE = 128;
const LIMIT_ACTION = 128;
const LIMIT_REASON = 128;
const LIMIT_NOTE = 1024;

const involved = (e: Readonly<KubeObject>): JsonObject =>
  isObject(e.involvedObject) ? e.involvedObject : {};

/** Field errors of a core/v1 Event, as upstream's legacy event validation. */
export function validateEvent(event: Readonly<Event>): FieldError[] {
  const errs: FieldError[] = [];
  const ns = str(event.metadata?.namespace);
  const objNs = str(event.involvedObject?.namespace);
  const mismatch = () =>
    invalid(path("involvedObject").child("namespace"), objNs, "does not match event.namespace");
  if (!event.eventTime) {
    if (objNs === "") {
      if (ns !== "" && ns !== "default") errs.push(mismatch());
    } else if (ns !== objNs) errs.push(mismatch());
  } else {
    if (objNs === "" && ns !== "default" && ns !== "kube-system") errs.push(mismatch());
    const controller = str(event.reportingComponent);
    if (controller === "") errs.push(required(path("reportingComponent")));
    for (const m of isQualifiedName(controller))
      errs.push(invalid(path("reportingComponent"), controller, m));
    const instance = str(event.reportingInstance);
    if (instance === "") errs.push(required(path("reportingInstance")));
    if (instance.length > LIMIT_REPORTING_INSTANCE) {
      errs.push(
        invalid(path("reportingInstance"), "", `can have at most ${LIMIT_REPORTING_INSTANCE} characters`),
      );
    }
    const action = str(event.action);
    if (action === "") errs.push(required(path("action")));
    if (action.length > LIMIT_ACTION)
      errs.push(invalid(path("action"), "", `can have at most ${LIMIT_ACTION} characters`));
    const reason = str(event.reason);
    if (reason === "") errs.push(required(path("reason")));
    if (reason.length > LIMIT_REASON)
      errs.push(invalid(path("reason"), "", `can have at most ${LIMIT_REASON} characters`));
    if (str(event.message).length > LIMIT_NOTE)
      errs.push(invalid(path("message"), "", `can have at most ${LIMIT_NOTE} characters`));
  }
  for (const m of isDNS1123Subdomain(ns)) errs.push(invalid(path("namespace"), ns, m));
  return errs;
}

const asEvent = (obj: Readonly<KubeObject>) => obj as unknown as Event;

export const eventStrategy: Strategy = {
  validate: (obj) => validateEvent(asEvent(obj)),
};

function since(ts: unknown, now: Date): string {
  return translateTimestampSince(ts, now);
}

/** The source of an event: component (or reporting controller) and host (or reporting instance). */
export function formatEventSource(e: Readonly<KubeObject>): string {
  const src = isObject(e.source) ? e.source : {};
  const component = str(src.component) || str(e.reportingComponent);
  const host = str(src.host) || str(e.reportingInstance);
  return host === "" ? component : `${component}, ${host}`;
}

export const eventTable: TableDef = {
  columns: [
    column("Last Seen", "The time at which the most recent occurrence of this event was recorded."),
    column("Type", "Type of this event (Normal, Warning), new types could be added in the future"),
    column(
      "Reason",
      "This should be a short, machine understandable string that gives the reason for the transition into the object's current status.",
    ),
    column("Object", "The object that this event is about."),
    column(
      "Subobject",
      "If the reference is to an object's part rather than the entire object, the path of that part.",
      1,
    ),
    column("Source", "The component reporting this event.", 1),
    column("Message", "A human-readable description of the status of this operation."),
    column("First Seen", "The time at which the event was first recorded.", 1),
    column("Count", "The number of times this event has occurred.", 1),
    { ...NAME_COLUMN, priority: 1 },
  ],
  cells(e, now) {
    const first = e.firstTimestamp ? since(e.firstTimestamp, now) : since(e.eventTime, now);
    let last = e.lastTimestamp ? since(e.lastTimestamp, now) : first;
    let count = num(e.count) ?? 0;
    if (isObject(e.series)) {
      last = since(e.series.lastObservedTime, now);
      count = num(e.series.count) ?? 0;
    } else if (count === 0) {
      count = 1;
    }
    const obj = involved(e);
    const kind = str(obj.kind).toLowerCase();
    const target = str(obj.name) !== "" ? `${kind}/${str(obj.name)}` : kind;
    return [
      last,
      str(e.type),
      str(e.reason),
      target,
      str(obj.fieldPath),
      formatEventSource(e),
      str(e.message).trim(),
      first,
      count,
      str(e.metadata?.name),
    ];
  },
};

export const eventResource: ResourceDef = {
  group: "",
  version: "v1",
  kind: "Event",
  resource: "events",
  singular: "event",
  namespaced: true,
  shortNames: ["ev"],
  definition: "io.k8s.api.core.v1.Event",
  strategy: eventStrategy,
  table: eventTable,
  ttlSeconds: 3600,
  fieldSelectors: {
    "involvedObject.kind": (e) => str(involved(e).kind),
    "involvedObject.namespace": (e) => str(involved(e).namespace),
    "involvedObject.name": (e) => str(involved(e).name),
    "involvedObject.uid": (e) => str(involved(e).uid),
    "involvedObject.apiVersion": (e) => str(involved(e).apiVersion),
    "involvedObject.resourceVersion": (e) => str(involved(e).resourceVersion),
    "involvedObject.fieldPath": (e) => str(involved(e).fieldPath),
    reason: (e) => str(e.reason),
    reportingComponent: (e) => str(e.reportingComponent),
    source: (e) => str(isObject(e.source) ? e.source.component : "") || str(e.reportingComponent),
    type: (e) => str(e.type),
  },
};
