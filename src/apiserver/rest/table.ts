/**
 * meta.k8s.io/v1 Table and PartialObjectMetadata output, what `kubectl get` asks for.
 */
import type { KubeObject, ResourceDef, TableColumn, TableDef } from "../../api/types.js";
import { rfc3339 } from "./prepare.js";

function age(ts: string | undefined, now: Date): string {
  if (!ts) return "<unknown>";
  return humanAge(now.getTime() - Date.parse(ts));
}

/** Upstream's HumanDuration, used for AGE columns. */
export function humanAge(ms: number): string {
  const s = Math.floor(ms / 1000);
  if (s < 0) return "0s";
  if (s < 120) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 10) return s % 60 === 0 ? `${m}m` : `${m}m${s % 60}s`;
  if (m < 180) return `${m}m`;
  const h = Math.floor(m / 60);
  if (h < 8) return m % 60 === 0 ? `${h}h` : `${h}h${m % 60}m`;
  if (h < 48) return `${h}h`;
  const d = Math.floor(h / 24);
  if (h < 24 * 8) return h % 24 === 0 ? `${d}d` : `${d}d${h % 24}h`;
  if (d < 365 * 2) return `${d}d`;
  if (d < 365 * 8) return d % 365 === 0 ? `${Math.floor(d / 365)}y` : `${Math.floor(d / 365)}y${d % 365}d`;
  return `${Math.floor(d / 365)}y`;
}

const defaultTable: TableDef = {
  columns: [
    { name: "Name", type: "string", format: "name", description: "Name must be unique within a namespace." },
    {
      name: "Age",
      type: "string",
      description:
        "CreationTimestamp is a timestamp representing the server time when this object was created.",
    },
  ],
  cells: (o, now) => [o.metadata.name, age(o.metadata.creationTimestamp, now)],
};

export function columnsOf(def: ResourceDef): readonly TableColumn[] {
  return (def.table ?? defaultTable).columns;
}

export function partialMetadata(obj: Readonly<KubeObject>): Record<string, unknown> {
  return { kind: "PartialObjectMetadata", apiVersion: "meta.k8s.io/v1", metadata: obj.metadata };
}

/**
 * A Table of `items`. `includeObject`: "None", "Metadata" (default) or "Object".
 */
export function toTable(
  def: ResourceDef,
  items: readonly Readonly<KubeObject>[],
  opts: {
    now: Date;
    includeObject?: string | null;
    withColumns: boolean;
    resourceVersion?: string;
    continue?: string;
    remaining?: number;
  },
): Record<string, unknown> {
  const t = def.table ?? defaultTable;
  const include = opts.includeObject ?? "Metadata";
  return {
    kind: "Table",
    apiVersion: "meta.k8s.io/v1",
    metadata: {
      ...(opts.resourceVersion ? { resourceVersion: opts.resourceVersion } : {}),
      ...(opts.continue ? { continue: opts.continue } : {}),
      ...(opts.remaining !== undefined ? { remainingItemCount: opts.remaining } : {}),
    },
    columnDefinitions: opts.withColumns
      ? t.columns.map((c) => ({ description: "", format: "", priority: 0, ...c }))
      : null,
    rows: items.map((o) => ({
      cells: t.cells(o, opts.now).map((c) => (c === undefined || c === null ? "<none>" : c)),
      object: include === "None" ? undefined : include === "Object" ? o : partialMetadata(o),
    })),
  };
}

export { rfc3339 };
