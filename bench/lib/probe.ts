/**
 * How fast the machine is right now: a fixed piece of CPU work (parsing and printing a small
 * Pod 50,000 times, as the server does with every create), timed in CPU milliseconds, the
 * median of three. On a shared VM the same code's cost per request drifts by 2x or more with
 * the host's load; printed beside a benchmark's rows, this tells a slow phase of the machine
 * from a slow change.
 */
const POD = JSON.stringify({
  apiVersion: "v1",
  kind: "Pod",
  metadata: { name: "p", namespace: "default", labels: { app: "bench" } },
  spec: {
    containers: [{ name: "c", image: "busybox", ports: [{ containerPort: 80, protocol: "TCP" }] }],
    restartPolicy: "Always",
  },
  status: { phase: "Pending" },
});

function once(n: number): number {
  const start = process.cpuUsage();
  let bytes = 0;
  for (let i = 0; i < n; i++) {
    const o = JSON.parse(POD) as { metadata: { name: string } };
    o.metadata.name = `p-${i}`;
    bytes += JSON.stringify(o).length;
  }
  const used = process.cpuUsage(start);
  // `bytes` keeps the loop from being optimized away.
  return bytes > 0 ? (used.user + used.system) / 1000 : 0;
}

/** CPU milliseconds for the probe's work (median of three runs, after a warm-up). */
export function machineProbe(): number {
  once(20_000);
  const runs = [once(50_000), once(50_000), once(50_000)].sort((a, b) => a - b);
  return runs[1]!;
}
