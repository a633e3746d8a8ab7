/** Pieces shared by the kinds' table definitions (upstream's pkg/printers/internalversion). */
import type { KubeObject, TableColumn } from "../types.js";
import { translateTimestampSince } from "./duration.js";
import { isObject, list, str } from "./values.js";

/** The NAME column as upstream defines it. */
export const NAME_COLUMN: TableColumn = {
  name: "Name",
  type: "string",
  format: "name",
  description:
    "Name must be unique within a namespace. Is required when creating resources, although some resources may allow a client to request the generation of an appropriate name automatically. Name is primarily intended for creation idempotence and configuration definition. Cannot be updated. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names",
};

/** The AGE column as upstream defines it (a string cell such as "5m"). */
export const AGE_COLUMN: TableColumn = {
  name: "Age",
  type: "string",
  description:
    "CreationTimestamp is a timestamp representing the server time when this object was created. It is not guaranteed to be set in happens-before order across separate operations. Clients may not set this value. It is represented in RFC3339 form and is in UTC.\n\nPopulated by the system. Read-only. Null for lists. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata",
};

/** A plain string column. */
export function column(name: string, description: string, priority = 0): TableColumn {
  return priority === 0
    ? { name, type: "string", description }
    : { name, type: "string", description, priority };
}

/** metadata.name of an object ("" when unset). */
export function nameOf(obj: Readonly<KubeObject>): string {
  return str(obj.metadata?.name);
}

/** The AGE cell of an object. */
export function ageOf(obj: Readonly<KubeObject>, now: Date): string {
  return translateTimestampSince(obj.metadata?.creationTimestamp, now);
}

/** Upstream's layoutContainerCells: container names and images, comma-separated. */
export function layoutContainerCells(containers: unknown): { names: string; images: string } {
  const cs = list(containers).filter(isObject);
  return { names: cs.map((c) => str(c.name)).join(","), images: cs.map((c) => str(c.image)).join(",") };
}
