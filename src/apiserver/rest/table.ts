/**
 * meta.k8s.io/v1 Table and PartialObjectMetadata output, what `kubectl get` asks for.
 */
import { AGE_COLUMN, ageOf, NAME_COLUMN, nameOf } from "../../api/common/index.js";
import type { KubeObject, ResourceDef, TableDef } from "../../api/types.js";
import { partialMetadata } from "../registry/cache.js";
import { jsonArrayBytes } from "./json-bytes.js";

/** Upstream's columns for a kind without a printer: NAME and AGE. */
const defaultTable: TableDef = {
  columns: [NAME_COLUMN, AGE_COLUMN],
  cells: (o, now) => [nameOf(o), ageOf(o, now)],
};

export { partialMetadata };

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

/** JSON of objects that is already known (the watch cache keeps it), as UTF-8 bytes. */
export interface ObjectBytes {
  /** The object itself. */
  object(o: Readonly<KubeObject>): Buffer;
  /** Its PartialObjectMetadata (`partialMetadata(o)`). */
  partial(o: Readonly<KubeObject>): Buffer;
}

const CELLS = Buffer.from('{"cells":');
const OBJECT = Buffer.from(',"object":');

/**
 * `JSON.stringify(toTable(...))` as UTF-8 bytes, with each row's object taken from `known`
 * instead of being serialized again, written straight into one buffer: a Table of 10,000
 * cached pods is mostly their metadata, and only the cells change from one list to the next.
 */
export function toTableBytes(
  def: ResourceDef,
  items: readonly Readonly<KubeObject>[],
  opts: Parameters<typeof toTable>[2],
  known: ObjectBytes,
): Buffer {
  // The table without rows ends in `"rows":[]}`; the rows go between the brackets.
  const head = JSON.stringify(toTable(def, [], opts)).slice(0, -2);
  const t = def.table ?? defaultTable;
  const include = opts.includeObject ?? "Metadata";
  const cells = items.map((o) => JSON.stringify(cellsOf(t, o, opts.now)));
  const objects =
    include === "None"
      ? undefined
      : items.map((o) => (include === "Object" ? known.object(o) : known.partial(o)));
  return jsonArrayBytes(
    head,
    items.map((_, i) => (objects ? [CELLS, cells[i]!, OBJECT, objects[i]!, "}"] : [CELLS, cells[i]!, "}"])),
  );
}
