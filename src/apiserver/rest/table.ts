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
      cells: cellsOf(t, o, opts.now),
      object: include === "None" ? undefined : include === "Object" ? o : partialMetadata(o),
    })),
  };
}

function cellsOf(t: TableDef, o: Readonly<KubeObject>, now: Date): unknown[] {
  return t.cells(o, now).map((c) => (c === undefined || c === null ? "<none>" : c));
}

/** JSON texts of objects that are already known (the watch cache keeps them). */
export interface ObjectTexts {
  object(o: Readonly<KubeObject>): string;
  metadata(o: Readonly<KubeObject>): string;
}

/**
 * `JSON.stringify(toTable(...))`, with each row's object taken from `texts` instead of being
 * serialized again: a Table of 10,000 cached pods is mostly their metadata.
 */
export function toTableText(
  def: ResourceDef,
  items: readonly Readonly<KubeObject>[],
  opts: Parameters<typeof toTable>[2],
  texts: ObjectTexts,
): string {
  // The table without rows ends in `"rows":[]}`; the rows go between the brackets.
  const shell = JSON.stringify(toTable(def, [], opts));
  const t = def.table ?? defaultTable;
  const include = opts.includeObject ?? "Metadata";
  const rows = items.map((o) => {
    const cells = JSON.stringify(cellsOf(t, o, opts.now));
    if (include === "None") return `{"cells":${cells}}`;
    const object =
      include === "Object"
        ? texts.object(o)
        : `{"kind":"PartialObjectMetadata","apiVersion":"meta.k8s.io/v1","metadata":${texts.metadata(o)}}`;
    return `{"cells":${cells},"object":${object}}`;
  });
  return `${shell.slice(0, -2)}${rows.join(",")}]}`;
}
