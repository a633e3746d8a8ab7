/**
 * Builds the object filter of a list or watch from its labelSelector and fieldSelector.
 */
import type { KubeObject, ResourceDef } from "../../api/types.js";
import {
  commonFields,
  matchFields,
  matchLabels,
  parseFieldSelector,
  parseLabelSelector,
} from "../registry/selectors.js";
import { errors } from "../status.js";

export function matcherFor(def: ResourceDef, q: URLSearchParams): (obj: Readonly<KubeObject>) => boolean {
  const labels = parseLabelSelector(q.get("labelSelector") ?? undefined);
  const fields = parseFieldSelector(q.get("fieldSelector") ?? undefined);
  const getters = { ...commonFields, ...def.fieldSelectors };
  for (const f of fields) {
    if (!(f.field in getters)) throw errors.badRequest(`field label not supported: ${f.field}`);
  }
  if (labels.length === 0 && fields.length === 0) return () => true;
  return (o) => matchLabels(labels, o.metadata.labels) && matchFields(fields, o, getters);
}
