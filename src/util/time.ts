/**
 * A formatter of whole seconds that formats each second once: requests stamp times (object
 * timestamps, Date headers) many times within the same second.
 */
function perSecond(format: (d: Date) => string): (ms: number) => string {
  let lastSecond = Number.NaN;
  let lastText = "";
  return (ms) => {
    const sec = Math.floor(ms / 1000);
    if (sec !== lastSecond) {
      lastText = format(new Date(sec * 1000));
      lastSecond = sec;
    }
    return lastText;
  };
}

const rfc3339Seconds = perSecond((d) => `${d.toISOString().slice(0, 19)}Z`);
const httpDateSeconds = perSecond((d) => d.toUTCString());

/** Kubernetes' meta/v1 Time: RFC 3339 in UTC, whole seconds (e.g. "2026-11-23T13:37:13Z"). */
export function rfc3339(d: Date): string {
  return rfc3339Seconds(d.getTime());
}

/** An HTTP Date header value (what Go's net/http sends), for now. */
export function httpDate(): string {
  return httpDateSeconds(Date.now());
}

/** Kubernetes' meta/v1 MicroTime: RFC 3339 in UTC with microseconds. */
export function microTime(d: Date): string {
  return d.toISOString().replace(/Z$/, "000Z");
}
