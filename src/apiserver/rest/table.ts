/**
 * meta.k8s.io/v1 Table and PartialObjectMetadata output, what `kubectl get` asks for.
 */
import { AGE_COLUMN, ageOf, NAME_COLUMN, nameOf } from "../../api/common/index.js";
import type { KubeObject, ResourceDef, TableDef } from "../../api/types.js";

/** Upstream's columns for a kind without a printer: NAME and AGE. */
const defaultTable: TableDef = {
  columns: [NAME_COLUMN, AGE_COLUMN],
  cells: (o, now) => [nameOf(o), ageOf(o, now)],
};

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
