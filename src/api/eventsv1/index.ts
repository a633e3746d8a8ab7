/**
 * events.k8s.io/v1 Event: served from the core/v1 Event storage (same objects, other field
 * names), with the stricter validation upstream applies to this group and the core events table.
 */
import type { Event as CoreEvent } from "kubernetes-types/core/v1.js";
import { translateTimestampSince } from "../common/duration.js";
import { view } from "../common/values.js";
import type { KubeObject, ResourceDef, TableDef } from "../types.js";
import { eventFromCore, eventToCore } from "./convert.js";
import { validateEventV1, validateEventV1Update } from "./validation.js";

/** Upstream's formatEventSource: component (or reporting controller), then host (or instance). */
function formatSource(e: CoreEvent): string {
  const component = e.source?.component || e.reportingComponent || "";
  const instance = e.source?.host || e.reportingInstance || "";
  return instance === "" ? component : `${component}, ${instance}`;
}

/** The `kubectl get events` cells of a core/v1 Event (upstream printEvent, wide). */
export function coreEventCells(e: CoreEvent, now: Date): unknown[] {
  const first = e.firstTimestamp
    ? translateTimestampSince(e.firstTimestamp, now)
    : translateTimestampSince(e.eventTime, now);
  let last = e.lastTimestamp ? translateTimestampSince(e.lastTimestamp, now) : first;
  let count = e.count ?? 0;
  if (e.series) {
    last = translateTimestampSince(e.series.lastObservedTime, now);
    count = e.series.count ?? 0;
  } else if (count === 0) {
    // Singleton events don't have a count set in the new API.
    count = 1;
  }
  const kind = (e.involvedObject?.kind ?? "").toLowerCase();
  const target = e.involvedObject?.name ? `${kind}/${e.involvedObject.name}` : kind;
  return [
    last,
    e.type ?? "",
    e.reason ?? "",
    target,
    e.involvedObject?.fieldPath ?? "",
    formatSource(e),
    (e.message ?? "").trim(),
    first,
    count,
    e.metadata?.name ?? "",
  ];
}

export const eventsTable: TableDef = {
  columns: [
    {
      name: "Last Seen",
      type: "string",
      description: "The time at which the most recent occurrence of this event was recorded.",
    },
    {
      name: "Type",
      type: "string",
      description: "Type of this event (Normal, Warning), new types could be added in the future",
    },
    {
      name: "Reason",
      type: "string",
      description:
        "This should be a short, machine understandable string that gives the reason for the transition into the object's current status.",
    },
    { name: "Object", type: "string", description: "The object that this event is about." },
    {
      name: "Subobject",
      type: "string",
      priority: 1,
      description:
        "If referring to a piece of an object instead of an entire object, this string should contain a valid JSON/Go field access statement, such as desiredState.manifest.containers[2].",
    },
    {
      name: "Source",
      type: "string",
      priority: 1,
      description: "The component reporting this event. Should be a short machine understandable string.",
    },
    {
      name: "Message",
      type: "string",
      description: "A human-readable description of the status of this operation.",
    },
    {
      name: "First Seen",
      type: "string",
      priority: 1,
      description: "The time at which the event was first recorded. (Time of server receipt is in TypeMeta.)",
    },
    {
      name: "Count",
      type: "string",
      priority: 1,
      description: "The number of times this event has occurred.",
    },
    {
      name: "Name",
      type: "string",
      priority: 1,
      format: "name",
      description: "Name must be unique within a namespace.",
    },
  ],
  cells: (obj, now) => coreEventCells(view<CoreEvent>(eventToCore(obj)), now),
};

/**
 * The field a selector names, read from the stored (core) form or, when handed an
 * events.k8s.io object, from its own field (upstream's field label mapping).
 */
function eventField(core: string, v1: string): (obj: Readonly<KubeObject>) => string | undefined {
  const parts = core.split(".");
  const v1Parts = v1.split(".");
  const at = (o: unknown, ps: readonly string[]) =>
    ps.reduce<unknown>(
      (cur, p) => (cur && typeof cur === "object" ? (cur as Record<string, unknown>)[p] : undefined),
      o,
    );
  return (obj) => {
    const isV1 = obj.apiVersion === "events.k8s.io/v1";
    const v = at(obj, isV1 ? v1Parts : parts);
    return v === undefined || v === null ? "" : String(v);
  };
}

const refFields = ["kind", "namespace", "name", "uid", "apiVersion", "resourceVersion", "fieldPath"];

export const eventV1Resource: ResourceDef = {
  group: "events.k8s.io",
  version: "v1",
  kind: "Event",
  listKind: "EventList",
  resource: "events",
  singular: "event",
  namespaced: true,
  shortNames: ["ev"],
  definition: "io.k8s.api.events.v1.Event",
  strategy: { validate: validateEventV1, validateUpdate: validateEventV1Update },
  table: eventsTable,
  ttlSeconds: 3600,
  fieldSelectors: {
    reason: eventField("reason", "reason"),
    type: eventField("type", "type"),
    reportingController: eventField("reportingComponent", "reportingController"),
    source: (obj) => {
      const e = view<CoreEvent>(obj.apiVersion === "events.k8s.io/v1" ? eventToCore(obj) : obj);
      return e.source?.component || e.reportingComponent || "";
    },
    ...Object.fromEntries(
      refFields.map((f) => [`regarding.${f}`, eventField(`involvedObject.${f}`, `regarding.${f}`)]),
    ),
  },
  storedAs: { group: "", resource: "events", toStored: eventToCore, fromStored: eventFromCore },
};
