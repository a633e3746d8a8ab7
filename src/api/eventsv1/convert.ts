/**
 * events.k8s.io/v1 Event <-> core/v1 Event, as upstream's pkg/apis/events/v1/conversion.go:
 * the two are one stored object under different field names. core/v1 is the stored version.
 */
import type { KubeObject } from "../types.js";

/** events.k8s.io/v1 field -> core/v1 field. Everything else (eventTime, series, action, reason, related, type, reportingInstance) keeps its name. */
export const V1_TO_CORE: Readonly<Record<string, string>> = {
  note: "message",
  regarding: "involvedObject",
  reportingController: "reportingComponent",
  deprecatedSource: "source",
  deprecatedFirstTimestamp: "firstTimestamp",
  deprecatedLastTimestamp: "lastTimestamp",
  deprecatedCount: "count",
};

const CORE_TO_V1: Readonly<Record<string, string>> = Object.fromEntries(
  Object.entries(V1_TO_CORE).map(([v1, core]) => [core, v1]),
);

function rename(
  obj: Readonly<KubeObject>,
  names: Readonly<Record<string, string>>,
  apiVersion: string,
): KubeObject {
  const out: KubeObject = { apiVersion, kind: "Event", metadata: structuredClone(obj.metadata) };
  for (const [k, v] of Object.entries(obj)) {
    if (k === "apiVersion" || k === "kind" || k === "metadata" || v === undefined) continue;
    out[names[k] ?? k] = structuredClone(v);
  }
  return out;
}

/** events.k8s.io/v1 -> core/v1 (the stored form). */
export function eventToCore(obj: Readonly<KubeObject>): KubeObject {
  return rename(obj, V1_TO_CORE, "v1");
}

/** core/v1 (stored) -> events.k8s.io/v1. */
export function eventFromCore(obj: Readonly<KubeObject>): KubeObject {
  return rename(obj, CORE_TO_V1, "events.k8s.io/v1");
}
