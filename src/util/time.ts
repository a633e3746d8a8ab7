/** Kubernetes' meta/v1 Time: RFC 3339 in UTC, whole seconds (e.g. "2026-11-23T13:37:13Z"). */
export function rfc3339(d: Date): string {
  return d.toISOString().replace(/\.\d+Z$/, "Z");
}

/** Kubernetes' meta/v1 MicroTime: RFC 3339 in UTC with microseconds. */
export function microTime(d: Date): string {
  return d.toISOString().replace(/Z$/, "000Z");
}
