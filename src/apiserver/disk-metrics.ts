/**
 * The embedded store's disk latencies under the names etcd gives them, so the dashboards and
 * alerts people keep for etcd's disk (`histogram_quantile(0.99,
 * rate(etcd_disk_wal_fsync_duration_seconds_bucket[5m]))`) work unchanged. With an etcd
 * datastore these are etcd's own metrics, on its /metrics, not here.
 */
import { Histogram, type Registry } from "prom-client";
import type { DiskObserver } from "../storage/types.js";

/** etcd's buckets for both: 1 ms doubling to about 8 s. */
const BUCKETS = Array.from({ length: 14 }, (_, i) => 0.001 * 2 ** i);

export function diskMetrics(registry: Registry): DiskObserver {
  const wal = new Histogram({
    name: "etcd_disk_wal_fsync_duration_seconds",
    help: "The latency distributions of fsync called by WAL.",
    buckets: BUCKETS,
    registers: [registry],
  });
  const backend = new Histogram({
    name: "etcd_disk_backend_commit_duration_seconds",
    help: "The latency distributions of commit called by backend.",
    buckets: BUCKETS,
    registers: [registry],
  });
  return {
    walFsync: (seconds) => wal.observe(seconds),
    checkpoint: (seconds) => backend.observe(seconds),
  };
}
