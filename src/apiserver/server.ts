/**
 * The HTTPS front: HTTP/2 (ALPN h2) with HTTP/1.1 fallback, authentication, the
 * non-resource endpoints (version, health, metrics, discovery, OpenAPI) and dispatch of
 * resource requests. One handler serves both protocols: HTTP/2 streams through h2.ts's thin
 * request and response, HTTP/1.1 through node:http's.
 */
import { createHash } from "node:crypto";
import type { IncomingHttpHeaders } from "node:http";
import { createSecureServer, type Http2SecureServer, type ServerHttp2Stream } from "node:http2";
import type { AddressInfo } from "node:net";
import { collectDefaultMetrics, Registry } from "prom-client";
import {
  OPENAPI_V2_PROTOBUF,
  openapiV2JSON,
  openapiV2Protobuf,
  openapiV3GroupVersionJSON,
  openapiV3Index,
} from "../api/openapi/index.js";
import { logger } from "../util/log.js";
import { kubeVersion } from "../version.js";
import type { Api } from "./api.js";
import {
  type AuthOptions,
  type Authorizer,
  allowAuthenticated,
  anonymous,
  authenticate,
  isPublic,
  type UserInfo,
} from "./auth.js";
import {
  aggregated,
  apiGroup,
  apiGroupList,
  apiResourceList,
  apiVersions,
  groupVersions,
  wantsAggregated,
} from "./discovery.js";
import { StreamRequest, StreamResponse } from "./h2.js";
import { drainBody, negotiate, type Req, type Res, sendError, sendJson } from "./http.js";
import { nonResourceLabels, RequestMetrics, resourceLabels } from "./request-metrics.js";
import { handleResource } from "./rest/handlers.js";
import { parseResourcePath } from "./rest/request.js";
import { serviceAccountUser } from "./sa-tokens.js";
import { ApiError, errors } from "./status.js";

const log = logger("apiserver");

export interface ServerOptions {
  readonly api: Api;
  readonly cert: string;
  readonly key: string;
  readonly caCert: string;
  readonly tokens: ReadonlyMap<string, UserInfo>;
  readonly authorizer?: Authorizer;
  readonly host?: string;
  readonly port: number;
  /** Where /metrics' other metrics are registered (the process' and storage's); default a new one. */
  readonly registry?: Registry;
}

export interface RunningServer {
  readonly port: number;
  close(): Promise<void>;
}

function versionInfo(): Record<string, unknown> {
  return {
    major: kubeVersion.major,
    minor: kubeVersion.minor,
    gitVersion: kubeVersion.gitVersion,
    gitCommit: "0000000000000000000000000000000000000000",
    gitTreeState: "clean",
    buildDate: "2026-01-01T00:00:00Z",
    goVersion: `node${process.versions.node}`,
    compiler: "tsc",
    platform: `${process.platform}/${process.arch === "x64" ? "amd64" : process.arch}`,
  };
}

/** Memoized JSON text of large documents (discovery, OpenAPI), keyed by name. */
class DocCache {
  private readonly docs = new Map<string, { body: Buffer; etag: string }>();
  /** `make` returns bytes, JSON text, or a value to serialize as JSON. */
  get(key: string, make: () => unknown): { body: Buffer; etag: string } {
    let d = this.docs.get(key);
    if (!d) {
      const made = make();
      const body = Buffer.isBuffer(made)
        ? made
        : made instanceof Uint8Array
          ? Buffer.from(made)
          : Buffer.from(typeof made === "string" ? made : JSON.stringify(made));
      d = { body, etag: `"${createHash("sha256").update(body).digest("hex").slice(0, 32)}"` };
      this.docs.set(key, d);
    }
    return d;
  }
}

export async function startServer(opts: ServerOptions): Promise<RunningServer> {
  const { api } = opts;
  const authorizer = opts.authorizer ?? allowAuthenticated;
  const saTokens = api.serviceAccountTokens;
  const auth: AuthOptions = {
    tokens: opts.tokens,
    serviceAccountToken: saTokens && ((token) => serviceAccountUser(api, saTokens, token)),
  };
  const docs = new DocCache();
  const registry = opts.registry ?? new Registry();
  collectDefaultMetrics({ register: registry });
  const requestMetrics = new RequestMetrics();

  const sendDoc = (
    req: Req,
    res: Res,
    key: string,
    make: () => unknown,
    contentType = "application/json",
  ) => {
    const d = docs.get(key, make);
    res.setHeader("ETag", d.etag);
    if (req.headers["if-none-match"] === d.etag) {
      res.statusCode = 304;
      res.end();
      return;
    }
    res.statusCode = 200;
    res.setHeader("Content-Type", contentType);
    res.setHeader("Content-Length", d.body.length);
    res.end(d.body);
  };

  const nonResource = async (req: Req, res: Res, url: URL): Promise<boolean> => {
    const p = url.pathname.replace(/\/+$/, "") || "/";
    const accept = req.headers.accept;
    if (p === "/version") {
      sendJson(res, 200, versionInfo());
      return true;
    }
    if (p === "/healthz" || p === "/livez" || p === "/readyz") {
      const verbose = url.searchParams.has("verbose");
      const body = verbose ? `[+]ping ok\n[+]log ok\n[+]etcd ok\n${p.slice(1)} check passed\n` : "ok";
      res.statusCode = 200;
      res.setHeader("Content-Type", "text/plain; charset=utf-8");
      res.end(body);
      return true;
    }
    if (/^\/(healthz|livez|readyz)\/[a-z-]+$/.test(p)) {
      res.statusCode = 200;
      res.setHeader("Content-Type", "text/plain; charset=utf-8");
      res.end("ok");
      return true;
    }
    if (p === "/metrics") {
      res.statusCode = 200;
      res.setHeader("Content-Type", registry.contentType);
      res.end(requestMetrics.expose() + (await registry.metrics()));
      return true;
    }
    if (p === "/api" || p === "/apis") {
      const agg = wantsAggregated(accept);
      if (agg) {
        sendDoc(
          req,
          res,
          `${p}:${agg}`,
          () => aggregated(api.resources, p === "/api", agg),
          `application/json;g=apidiscovery.k8s.io;v=${agg};as=APIGroupDiscoveryList`,
        );
        return true;
      }
      sendDoc(req, res, p, () => (p === "/api" ? apiVersions() : apiGroupList(api.resources)));
      return true;
    }
    let m = /^\/api\/(v1)$/.exec(p) ?? /^\/apis\/([^/]+\/[^/]+)$/.exec(p);
    if (m) {
      const [g, v] = p.startsWith("/api/") ? ["", m[1]!] : m[1]!.split("/");
      const doc = apiResourceList(api.resources, g!, v!);
      if (!doc) throw errors.pathNotFound();
      sendDoc(req, res, p, () => doc);
      return true;
    }
    m = /^\/apis\/([^/]+)$/.exec(p);
    if (m) {
      const versions = groupVersions(api.resources, m[1]!);
      if (!versions) throw errors.pathNotFound();
      sendDoc(req, res, p, () => apiGroup(m![1]!, versions));
      return true;
    }
    if (p === "/openapi/v2") {
      // kubectl asks for protobuf only; other clients for JSON.
      if (accept?.includes("protobuf") && !/application\/json|\*\/\*/.test(accept)) {
        sendDoc(req, res, "/openapi/v2:pb", () => openapiV2Protobuf(api.resources), OPENAPI_V2_PROTOBUF);
        return true;
      }
      sendDoc(req, res, p, () => openapiV2JSON(api.resources));
      return true;
    }
    if (p === "/openapi/v3") {
      sendDoc(req, res, p, () => openapiV3Index(api.resources));
      return true;
    }
    if (p.startsWith("/openapi/v3/")) {
      const doc = openapiV3GroupVersionJSON(p.slice("/openapi/v3/".length), api.resources);
      if (!doc) throw errors.pathNotFound();
      sendDoc(req, res, p, () => doc);
      return true;
    }
    if (p === "/") {
      sendJson(res, 200, {
        paths: [
          "/api",
          "/api/v1",
          "/apis",
          "/healthz",
          "/livez",
          "/metrics",
          "/openapi/v2",
          "/openapi/v3",
          "/readyz",
          "/version",
        ],
      });
      return true;
    }
    return false;
  };

  const handle = async (req: Req, res: Res) => {
    const started = process.hrtime.bigint();
    const verb = (req.method ?? "GET").toLowerCase();
    let labels = nonResourceLabels(req.method, "");
    try {
      const url = new URL(req.url ?? "/", "https://k8ts");
      // HTTP/2 requests share their session's TLS connection; HTTP/1.1 ones their socket.
      const connection = (req as { stream?: { session?: object } }).stream?.session;
      const found = authenticate(req.headers, req.socket, auth, connection);
      const user = (found instanceof Promise ? await found : found) ?? anonymous;
      if (user === anonymous && !isPublic(url.pathname)) throw errors.unauthorized();
      const info = parseResourcePath(api, req.method ?? "GET", url);
      if (!info) {
        if (user !== anonymous && !authorizer.authorize({ user, verb, path: url.pathname }).allowed) {
          throw new ApiError(
            403,
            "Forbidden",
            `forbidden: User "${user.name}" cannot ${verb} path "${url.pathname}"`,
          );
        }
        if (!(await nonResource(req, res, url))) throw errors.pathNotFound();
        labels = nonResourceLabels(req.method, url.pathname);
        return;
      }
      labels = resourceLabels(info, req.method, req.headers["content-type"]);
      const group = info.group;
      const resource = info.def.resource;
      const decision = authorizer.authorize({
        user,
        verb: info.verb,
        path: url.pathname,
        group,
        resource,
        subresource: info.subresource,
        namespace: info.namespace,
        name: info.name,
      });
      if (!decision.allowed) {
        throw errors.forbidden(
          { group, resource },
          info.name,
          `User "${user.name}" cannot ${info.verb} resource "${resource}"`,
        );
      }
      await handleResource(api, info, req, res, negotiate(req.headers.accept), { user, authorizer });
    } catch (err) {
      if (!(err instanceof ApiError))
        log.error("request failed", { url: req.url, error: err instanceof Error ? err.stack : String(err) });
      // A client too slow to send its body is not waited for again.
      if (!(err instanceof ApiError && err.code === 504)) await drainBody(req);
      sendError(res, err);
    } finally {
      if (labels.verb !== "WATCH")
        requestMetrics.record(labels, res.statusCode, Number(process.hrtime.bigint() - started) / 1e9);
    }
  };

  const server: Http2SecureServer = createSecureServer(
    {
      allowHTTP1: true,
      cert: opts.cert,
      key: opts.key,
      ca: opts.caCert,
      requestCert: true,
      rejectUnauthorized: false,
      settings: { maxConcurrentStreams: 1000 },
    },
    (req, res) => {
      handle(req as unknown as Req, res as unknown as Res).catch((err: unknown) => {
        // Last line of defence: a failure while answering must not take the server down.
        log.error("request handling failed", { url: req.url, error: String(err) });
      });
    },
  );
  // HTTP/2 streams are served through the thin Req/Res of h2.ts, not Node's compatibility
  // objects (the request listener above registered those for the 'stream' event; it still
  // serves HTTP/1.1).
  server.removeAllListeners("stream");
  server.on("stream", (stream: ServerHttp2Stream, headers: IncomingHttpHeaders) => {
    // A stream reset by the client meanwhile has nobody to answer.
    stream.on("error", () => {});
    const req = new StreamRequest(stream, headers);
    handle(req, new StreamResponse(stream)).catch((err: unknown) => {
      log.error("request handling failed", { url: req.url, error: String(err) });
    });
  });
  // Watches stay open for up to an hour: no idle timeout on sessions.
  server.setTimeout(0);
  server.on("sessionError", () => {});
  server.on("tlsClientError", () => {});
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port, opts.host ?? "0.0.0.0", () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  log.info("serving", { port });
  return {
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Open watches and idle sessions would keep close() waiting.
        setTimeout(resolve, 1000).unref();
      }),
  };
}
