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
  // The path so far, as keys (strings) and list indexes (numbers); written out only for an
  // unknown field (every request body is walked, few have one).
  const at: (string | number)[] = [];
  const pathWith = (key: string): string => {
    let p = "";
    for (const seg of at) p = typeof seg === "number" ? `${p}[${seg}]` : p === "" ? seg : `${p}.${seg}`;
    return p === "" ? key : `${p}.${key}`;
  };
  const walk = (schema: Schema, value: unknown): void => {
    if (value === null || typeof value !== "object") return;
    const s = deref(schema, defs);
    if (s["x-kubernetes-preserve-unknown-fields"]) return;
    if (Array.isArray(value)) {
      const items = s.items;
      if (!items) return;
      for (let i = 0; i < value.length; i++) {
        at.push(i);
        walk(items, value[i]);
        at.pop();
      }
      return;
    }
    const { properties, additionalProperties } = s;
    const o = value as Record<string, unknown>;
    for (const key in o) {
      if (!Object.hasOwn(o, key)) continue;
      let next: Schema | undefined;
      if (properties) {
        if (Object.hasOwn(properties, key)) next = properties[key];
        else out.push(pathWith(key));
      } else if (additionalProperties && typeof additionalProperties === "object") {
        next = additionalProperties;
      } else if (s.type === "object" && additionalProperties === undefined) {
        // A struct without fields (e.g. CustomResourceSubresourceStatus): anything in it is unknown.
        out.push(pathWith(key));
      }
      if (next !== undefined) {
        at.push(key);
        walk(next, o[key]);
        at.pop();
      }
    }
  };
  const schema = defs[definition];
  if (schema) walk(schema, obj);
  return out;
}
