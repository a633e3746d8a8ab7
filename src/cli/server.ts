import type { Command } from "commander";
import { startK8tsServer } from "../apiserver/index.js";
import { UserError } from "../util/errors.js";

export interface ServerFlags {
  dataDir: string;
  httpsListenPort: string;
  bindAddress: string;
  advertiseAddress?: string;
  writeKubeconfig?: string;
  datastoreEndpoint?: string;
  token?: string;
  serviceCidr: string;
  tlsSan: string[];
  etcdCompactionInterval: string;
  compactionKeepRevisions: string;
}

/** Parses a Go-style duration such as "300ms", "5s", "5m", "1h". */
export function parseDuration(s: string): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)$/.exec(s.trim());
  if (!m)
    throw new UserError(`invalid duration ${JSON.stringify(s)}: use a number with ms, s, m or h, e.g. 5m`);
  const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[m[2] as "ms" | "s" | "m" | "h"];
  return Number(m[1]) * unit;
}

/** Registers the common server flags (k3s names) on a command. */
export function serverFlags(cmd: Command): Command {
  return cmd
    .option("--data-dir <dir>", "where state, certificates and the kubeconfig live", "/var/lib/k8ts")
    .option("--https-listen-port <port>", "HTTPS port of the API server (0 picks a free one)", "6443")
    .option("--bind-address <addr>", "address the API server listens on", "0.0.0.0")
    .option(
      "--advertise-address <ip>",
      "address other hosts reach the API server at, the endpoint of the kubernetes Service (default: the bind address, or the host's first non-loopback address)",
    )
    .option(
      "--write-kubeconfig <file>",
      "where to write the admin kubeconfig (default <data-dir>/kubeconfig.yaml)",
    )
    .option(
      "--datastore-endpoint <url>",
      "etcd to store state in (http://HOST:PORT or etcd://HOST:PORT); default: embedded SQLite",
    )
    .option("--token <token>", "shared secret agents join with (default: generated)")
    .option("--service-cidr <cidr>", "IPv4 range of Service ClusterIPs", "10.43.0.0/16")
    .option(
      "--tls-san <name>",
      "extra name or address for the serving certificate (repeatable)",
      (v: string, a: string[]) => [...a, v],
      [],
    )
    .option("--etcd-compaction-interval <duration>", "how often storage history is compacted", "5m")
    .option("--compaction-keep-revisions <n>", "revisions of history always kept by compaction", "10000");
}

export function addServerCommand(root: Command): void {
  serverFlags(
    root
      .command("server")
      .description("run the API server (controllers and the scheduler join it in later releases)"),
  ).action(async (f: ServerFlags) => {
    const port = Number(f.httpsListenPort);
    const server = await startK8tsServer({
      dataDir: f.dataDir,
      port,
      bindAddress: f.bindAddress,
      advertiseAddress: f.advertiseAddress,
      kubeconfig: f.writeKubeconfig,
      datastoreEndpoint: f.datastoreEndpoint,
      token: f.token,
      serviceCidr: f.serviceCidr,
      tlsSans: f.tlsSan,
      compactionIntervalMs: parseDuration(f.etcdCompactionInterval),
      compactionKeepRevisions: Number(f.compactionKeepRevisions),
    });
    process.stderr.write(
      `k8ts: API server listening on port ${server.port}; kubeconfig: ${server.kubeconfig}\n`,
    );
    const stop = async () => {
      await server.close();
      process.exit(0);
    };
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  });
}
