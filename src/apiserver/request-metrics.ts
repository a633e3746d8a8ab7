/**
 * The labels of apiserver_request_total and apiserver_request_duration_seconds, as upstream's
 * endpoints/metrics package sets them, so that the usual queries
 * (`apiserver_request_total{verb="LIST",resource="pods"}`) work unchanged.
 */
import type { RequestInfo } from "./rest/request.js";

/** Label names of apiserver_request_duration_seconds (apiserver_request_total adds "code"). */
export const REQUEST_LABELS = [
  "verb",
  "dry_run",
  "group",
  "version",
  "resource",
  "subresource",
  "scope",
  "component",
] as const;

export type RequestLabels = Record<(typeof REQUEST_LABELS)[number], string>;

/** Subresources upstream reports with the CONNECT verb. */
const connectSubresources = new Set(["proxy", "attach", "exec", "portforward"]);

/**
 * A request outside the resource paths (/version, /healthz, discovery, OpenAPI): its path
 * is the subresource, as upstream instruments those routes ("" for paths nobody serves).
 */
export function nonResourceLabels(method: string | undefined, path: string): RequestLabels {
  return {
    verb: (method ?? "GET").toUpperCase(),
    dry_run: "",
    group: "",
    version: "",
    resource: "",
    subresource: path,
    scope: "",
    component: "apiserver",
  };
}

/** A resource request: upstream's CleanVerb, CleanScope and cleanDryRun. */
export function resourceLabels(
  info: RequestInfo,
  method: string | undefined,
  contentType: string | undefined,
): RequestLabels {
  const scope =
    info.name !== "" || info.verb === "create" ? "resource" : info.namespace ? "namespace" : "cluster";
  let verb = (method ?? "GET").toUpperCase();
  if (verb === "HEAD") verb = "GET";
  if (info.verb === "watch") verb = "WATCH";
  else if (info.verb === "list") verb = "LIST";
  else if (verb === "PATCH" && contentType?.split(";")[0]?.trim() === "application/apply-patch+yaml")
    verb = "APPLY";
  if (connectSubresources.has(info.subresource)) verb = "CONNECT";
  return {
    verb,
    dry_run: [...new Set(info.query.getAll("dryRun"))].sort().join(","),
    group: info.group,
    version: info.version,
    resource: info.def.resource,
    subresource: info.subresource,
    scope,
    component: "apiserver",
  };
}

/** Upstream's buckets of apiserver_request_duration_seconds (a subset). */
const BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

interface Series {
  readonly labels: string;
  readonly counts: Map<number, number>;
  readonly buckets: number[];
  sum: number;
  total: number;
}

const escapeLabel = (v: string) => v.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n");

/**
 * apiserver_request_total and apiserver_request_duration_seconds, counted per label set in
 * plain maps and written in Prometheus' text format when scraped: a request costs a map
 * lookup and a few additions (a metrics library hashes the label object on every call).
 */
export class RequestMetrics {
  private readonly series = new Map<string, Series>();

  record(labels: RequestLabels, code: number, seconds: number): void {
    const key = `${labels.verb}\u0000${labels.dry_run}\u0000${labels.group}\u0000${labels.version}\u0000${labels.resource}\u0000${labels.subresource}\u0000${labels.scope}\u0000${labels.component}`;
    let s = this.series.get(key);
    if (s === undefined) {
      s = {
        labels: REQUEST_LABELS.map((l) => `${l}="${escapeLabel(labels[l])}"`).join(","),
        counts: new Map(),
        buckets: BUCKETS.map(() => 0),
        sum: 0,
        total: 0,
      };
      this.series.set(key, s);
    }
    s.counts.set(code, (s.counts.get(code) ?? 0) + 1);
    for (let i = 0; i < BUCKETS.length; i++) if (seconds <= BUCKETS[i]!) s.buckets[i]!++;
    s.sum += seconds;
    s.total++;
  }

  /** Both metrics in Prometheus' text exposition format. */
  expose(): string {
    const lines = [
      "# HELP apiserver_request_total Counter of apiserver requests broken out for each verb, dry run value, group, version, resource, scope, component, and HTTP response code.",
      "# TYPE apiserver_request_total counter",
    ];
    for (const s of this.series.values()) {
      for (const [code, n] of s.counts)
        lines.push(`apiserver_request_total{${s.labels},code="${code}"} ${n}`);
    }
    lines.push(
      "# HELP apiserver_request_duration_seconds Response latency distribution in seconds for each verb, dry run value, group, version, resource, subresource, scope and component.",
      "# TYPE apiserver_request_duration_seconds histogram",
    );
    for (const s of this.series.values()) {
      BUCKETS.forEach((b, i) => {
        lines.push(`apiserver_request_duration_seconds_bucket{${s.labels},le="${b}"} ${s.buckets[i]}`);
      });
      lines.push(`apiserver_request_duration_seconds_bucket{${s.labels},le="+Inf"} ${s.total}`);
      lines.push(`apiserver_request_duration_seconds_sum{${s.labels}} ${s.sum}`);
      lines.push(`apiserver_request_duration_seconds_count{${s.labels}} ${s.total}`);
    }
    return `${lines.join("\n")}\n`;
  }
}
