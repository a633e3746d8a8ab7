/**
 * Reading the server's /metrics in a benchmark: histograms by bucket, their quantiles as
 * Prometheus' histogram_quantile() interpolates them, and the store's WAL fsyncs.
 */
/** A Prometheus histogram read from /metrics: cumulative counts by bucket upper bound. */
export type Histogram = Map<number, number>;

/** The server's own histogram of create latency for `resource` (apiserver_request_duration_seconds). */
export function parseCreateHistogram(metrics: string, resource: string): Histogram {
  return parseHistogram(
    metrics,
    "apiserver_request_duration_seconds",
    (line) => line.includes('verb="POST"') && line.includes(`resource="${resource}"`),
  );
}

/** The buckets of histogram `name` (summed over the series `keep` accepts). */
export function parseHistogram(
  metrics: string,
  name: string,
  keep: (line: string) => boolean = () => true,
): Histogram {
  const h: Histogram = new Map();
  for (const line of metrics.split("\n")) {
    if (!line.startsWith(`${name}_bucket{`) || !keep(line)) continue;
    const le = /le="([^"]+)"/.exec(line)?.[1];
    if (le === undefined) continue;
    const bound = le === "+Inf" ? Number.POSITIVE_INFINITY : Number(le);
    h.set(bound, (h.get(bound) ?? 0) + Number(line.slice(line.lastIndexOf(" ") + 1)));
  }
  return h;
}

/**
 * The q-quantile of the observations between two histogram snapshots, interpolated within its
 * bucket as Prometheus' histogram_quantile() does (how upstream's latency SLO is computed), and
 * the share of them at or under `bound` seconds (a bucket bound).
 */
export function histogramQuantile(before: Histogram, after: Histogram, q: number, bound: number) {
  const bounds = [...after.keys()].sort((a, b) => a - b);
  const cum = bounds.map((b) => (after.get(b) ?? 0) - (before.get(b) ?? 0));
  const total = cum[cum.length - 1] ?? 0;
  const under = total ? (cum[bounds.indexOf(bound)] ?? 0) / total : 0;
  const rank = q * total;
  for (let i = 0; i < bounds.length; i++) {
    if (cum[i]! < rank) continue;
    const lo = i === 0 ? 0 : bounds[i - 1]!;
    const prev = i === 0 ? 0 : cum[i - 1]!;
    // Past the last finite bound there is nothing to interpolate: report that bound.
    const hi = Number.isFinite(bounds[i]!) ? bounds[i]! : lo;
    return { seconds: lo + ((hi - lo) * (rank - prev)) / Math.max(1, cum[i]! - prev), under };
  }
  return { seconds: 0, under };
}

export const WAL_FSYNC = "etcd_disk_wal_fsync_duration_seconds";
export const CHECKPOINT = "etcd_disk_backend_commit_duration_seconds";

/**
 * The value of gauge `name` (its first series), or undefined. prom-client's event-loop gauges
 * (`nodejs_eventloop_lag_p99_seconds`, ...) cover the time since the previous /metrics read.
 */
export function parseGauge(metrics: string, name: string): number | undefined {
  const line = metrics.split("\n").find((l) => l.startsWith(`${name} `) || l.startsWith(`${name}{`));
  return line === undefined ? undefined : Number(line.slice(line.lastIndexOf(" ") + 1));
}

/**
 * A disk histogram's observations between two /metrics snapshots (`what`: "WAL fsync" or
 * "checkpoint"): how many, their p99, and the bucket bound the slowest reached. Every write
 * waits for a WAL fsync, and no write commits during a checkpoint, so a slow disk shows here.
 */
export function diskNote(what: string, before: Histogram, after: Histogram): string {
  const bounds = [...after.keys()].sort((a, b) => a - b);
  const delta = (b: number) => (after.get(b) ?? 0) - (before.get(b) ?? 0);
  const total = delta(Number.POSITIVE_INFINITY);
  if (!total) return "";
  const slowest = bounds.find((b) => delta(b) === total)!;
  const p99 = histogramQuantile(before, after, 0.99, bounds[0]!).seconds;
  const max = Number.isFinite(slowest) ? `<= ${(slowest * 1000).toFixed(0)} ms` : "> 8 s";
  return `${what} x${total}: p99 ${(p99 * 1000).toFixed(0)} ms, max ${max}`;
}
