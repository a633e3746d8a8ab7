/**
 * Recording Events as components do upstream: an event that repeats (same object, type,
 * reason, message and source) is not created again but counted on the existing Event
 * (count, lastTimestamp, and series for events.k8s.io readers), as client-go's correlator does.
 */
import { randomBytes } from "node:crypto";
import type { KubeObject } from "../api/types.js";
import { microTime, rfc3339 } from "../util/time.js";
import { RestError } from "./rest.js";

/** Where events go: the API (over any transport). */
export interface EventSink {
  create(namespace: string, event: KubeObject): Promise<KubeObject>;
  /** JSON merge patch of an existing event. */
  patch(namespace: string, name: string, patch: Record<string, unknown>): Promise<KubeObject>;
}

/** The object an event is about. */
export interface ObjectRef {
  readonly apiVersion: string;
  readonly kind: string;
  readonly namespace?: string;
  readonly name: string;
  readonly uid?: string;
  readonly resourceVersion?: string;
  readonly fieldPath?: string;
}

export interface RecorderOptions {
  readonly sink: EventSink;
  /** source.component / reportingController, e.g. "default-scheduler". */
  readonly component: string;
  /** source.host (a node name for kubelets). */
  readonly host?: string;
  /** Injectable clock. */
  readonly now?: () => Date;
  /** How many distinct events are remembered for counting (LRU). */
  readonly cacheSize?: number;
}

interface Seen {
  name: string;
  namespace: string;
  count: number;
}

export class EventRecorder {
  private readonly seen = new Map<string, Seen>();
  private readonly now: () => Date;
  private readonly cacheSize: number;

  constructor(private readonly opts: RecorderOptions) {
    this.now = opts.now ?? (() => new Date());
    this.cacheSize = opts.cacheSize ?? 4096;
  }

  /**
   * Records an event about `ref`. Never throws: recording is best effort, as upstream (a lost
   * event must not fail the component's work). Returns the stored event when it got through.
   */
  async event(
    ref: ObjectRef,
    type: "Normal" | "Warning",
    reason: string,
    message: string,
  ): Promise<KubeObject | undefined> {
    const ns = ref.namespace || "default";
    const key = JSON.stringify([
      ref.apiVersion,
      ref.kind,
      ns,
      ref.name,
      ref.uid,
      ref.fieldPath,
      type,
      reason,
      message,
      this.opts.component,
      this.opts.host,
    ]);
    const now = rfc3339(this.now());
    const prior = this.seen.get(key);
    try {
      if (prior) {
        const count = prior.count + 1;
        const saved = await this.opts.sink.patch(prior.namespace, prior.name, {
          count,
          lastTimestamp: now,
          series: { count, lastObservedTime: microTime(this.now()) },
        });
        prior.count = count;
        this.touch(key, prior);
        return saved;
      }
      const name = `${ref.name}.${(BigInt(this.now().getTime()) * 1_000_000n + BigInt(randomBytes(2).readUInt16BE())).toString(16)}`;
      const saved = await this.opts.sink.create(ns, {
        apiVersion: "v1",
        kind: "Event",
        metadata: { name, namespace: ns },
        involvedObject: { ...ref, namespace: ref.namespace },
        reason,
        message,
        type,
        source: { component: this.opts.component, ...(this.opts.host ? { host: this.opts.host } : {}) },
        reportingComponent: this.opts.component,
        reportingInstance: this.opts.host ?? "",
        firstTimestamp: now,
        lastTimestamp: now,
        count: 1,
      });
      this.touch(key, { name, namespace: ns, count: 1 });
      return saved;
    } catch (e) {
      // The counted event expired or was deleted: start a new one next time.
      if (e instanceof RestError && e.code === 404) this.seen.delete(key);
      return undefined;
    }
  }

  private touch(key: string, s: Seen): void {
    this.seen.delete(key);
    this.seen.set(key, s);
    if (this.seen.size > this.cacheSize) this.seen.delete(this.seen.keys().next().value as string);
  }
}

/** An EventSink writing core/v1 Events through a RestClient. */
export function restEventSink(client: {
  request<T>(method: string, path: string, body?: unknown, contentType?: string): Promise<T>;
}): EventSink {
  const base = (ns: string) => `/api/v1/namespaces/${encodeURIComponent(ns)}/events`;
  return {
    create: (ns, event) => client.request<KubeObject>("POST", base(ns), event),
    patch: (ns, name, patch) =>
      client.request<KubeObject>(
        "PATCH",
        `${base(ns)}/${encodeURIComponent(name)}`,
        patch,
        "application/merge-patch+json",
      ),
  };
}
