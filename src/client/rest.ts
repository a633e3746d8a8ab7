/**
 * A small REST client for the k8ts API over HTTPS, authenticated by a client certificate or
 * a bearer token. Components use it (through narrow interfaces such as the event sink) so
 * they can run in another process than the API server.
 */
import { readFileSync } from "node:fs";
import { Agent, request } from "node:https";
import { parse } from "yaml";

export interface RestConfig {
  /** https://HOST:PORT */
  readonly server: string;
  readonly ca: string;
  readonly cert?: string;
  readonly key?: string;
  readonly token?: string;
}

/** A failed request: the server's Status, or a transport error (code 0). */
export class RestError extends Error {
  constructor(
    readonly code: number,
    readonly reason: string,
    message: string,
  ) {
    super(message);
    this.name = "RestError";
  }
}

interface KubeconfigFile {
  clusters?: { cluster?: { server?: string; "certificate-authority-data"?: string } }[];
  users?: { user?: { "client-certificate-data"?: string; "client-key-data"?: string; token?: string } }[];
}

/** Reads the first cluster and user of a kubeconfig (the form k8ts writes). */
export function configFromKubeconfig(file: string): RestConfig {
  const k = parse(readFileSync(file, "utf8")) as KubeconfigFile;
  const b64 = (s: string | undefined) => (s ? Buffer.from(s, "base64").toString("utf8") : undefined);
  const cluster = k.clusters?.[0]?.cluster;
  const user = k.users?.[0]?.user;
  if (!cluster?.server) throw new Error(`${file}: no cluster server`);
  return {
    server: cluster.server,
    ca: b64(cluster["certificate-authority-data"]) ?? "",
    cert: b64(user?.["client-certificate-data"]),
    key: b64(user?.["client-key-data"]),
    token: user?.token,
  };
}

export class RestClient {
  private readonly agent: Agent;
  private readonly url: URL;

  constructor(private readonly config: RestConfig) {
    this.url = new URL(config.server);
    this.agent = new Agent({
      ca: config.ca,
      cert: config.cert,
      key: config.key,
      keepAlive: true,
      maxSockets: 16,
    });
  }

  /** Sends one request; resolves with the decoded JSON body, rejects with RestError. */
  request<T = unknown>(
    method: string,
    path: string,
    body?: unknown,
    contentType = "application/json",
  ): Promise<T> {
    return new Promise((resolve, reject) => {
      const headers: Record<string, string> = { Accept: "application/json" };
      if (body !== undefined) headers["Content-Type"] = contentType;
      if (this.config.token) headers.Authorization = `Bearer ${this.config.token}`;
      const req = request(
        {
          host: this.url.hostname,
          port: this.url.port,
          method,
          path,
          agent: this.agent,
          headers,
          timeout: 30_000,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (d: Buffer) => chunks.push(d));
          res.on("end", () => {
            const text = Buffer.concat(chunks).toString("utf8");
            let json: unknown;
            try {
              json = text ? JSON.parse(text) : undefined;
            } catch {
              json = undefined;
            }
            const code = res.statusCode ?? 0;
            if (code >= 200 && code < 300) resolve(json as T);
            else {
              const s = (json ?? {}) as { reason?: string; message?: string };
              reject(new RestError(code, s.reason ?? "", s.message ?? `${method} ${path}: HTTP ${code}`));
            }
          });
        },
      );
      req.on("error", (e) => reject(new RestError(0, "", e.message)));
      req.on("timeout", () => req.destroy(new Error(`${method} ${path}: timed out`)));
      if (body !== undefined) req.write(JSON.stringify(body));
      req.end();
    });
  }

  close(): void {
    this.agent.destroy();
  }
}
