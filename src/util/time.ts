/** Kubernetes' meta/v1 Time: RFC 3339 in UTC, whole seconds (e.g. "2026-11-23T13:37:13Z"). */
export function rfc3339(d: Date): string {
  // Every write stamps a time or two, mostly within the same second: format each second once.
  const sec = Math.floor(d.getTime() / 1000);
  if (sec !== lastSecond) {
    lastText = `${new Date(sec * 1000).toISOString().slice(0, 19)}Z`;
    lastSecond = sec;
  }
  return lastText;
}
let lastSecond = Number.NaN;
let lastText = "";

/** Kubernetes' meta/v1 MicroTime: RFC 3339 in UTC with microseconds. */
export function microTime(d: Date): string {
  return d.toISOString().replace(/Z$/, "000Z");
}
