import { deref, loadDefinitions, type Schema } from "./schema.js";

/**
 * Paths of the fields of `obj` that the schema of `definition` does not declare, for
 * `fieldValidation=Strict` (reject) and `Warn` (warn). Paths are written like upstream's strict
 * decoder writes them: dotted, list items as `[index]`, map values as `.key`, e.g.
 * `spec.containers[0].imagee`; upstream's message is
 * `strict decoding error: unknown field "spec.containers[0].imagee"`.
 *
 * Map keys (labels, annotations, resource limits...) are data, never unknown fields; values under
 * `x-kubernetes-preserve-unknown-fields` (RawExtension, JSON) are not inspected. Values of the
 * wrong JSON type are left to validation. Returns an empty list for an unknown definition, and
 * the paths in document order.
 */
export function unknownFields(definition: string, obj: unknown): string[] {
  const defs = loadDefinitions();
  const out: string[] = [];
  const join = (path: string, key: string) => (path === "" ? key : `${path}.${key}`);
  const walk = (schema: Schema, value: unknown, path: string): void => {
    if (value === null || typeof value !== "object") return;
    const s = deref(schema, defs);
    if (s["x-kubernetes-preserve-unknown-fields"]) return;
    if (Array.isArray(value)) {
      const items = s.items;
      if (items) for (const [i, item] of value.entries()) walk(items, item, `${path}[${i}]`);
      return;
    }
    const { properties, additionalProperties } = s;
    for (const [key, v] of Object.entries(value)) {
      if (properties) {
        if (Object.hasOwn(properties, key)) walk(properties[key], v, join(path, key));
        else out.push(join(path, key));
      } else if (additionalProperties && typeof additionalProperties === "object") {
        walk(additionalProperties, v, join(path, key));
      } else if (s.type === "object" && additionalProperties === undefined) {
        // A struct without fields (e.g. CustomResourceSubresourceStatus): anything in it is unknown.
        out.push(join(path, key));
      }
    }
  };
  const schema = defs[definition];
  if (schema) walk(schema, obj, "");
  return out;
}
