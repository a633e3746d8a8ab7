/**
 * Field paths and sets of them, as sigs.k8s.io/structured-merge-diff's fieldpath package
 * defines them, with upstream's FieldsV1 encoding (the `fieldsV1` of a managedFields entry).
 *
 * A path element is kept in its serialized FieldsV1 form, which is canonical:
 * `f:<field>`, `k:<json object of the item's key fields, sorted>`, `v:<json value>` (set
 * items), `i:<index>`. A set holds paths; a path in it does not imply its descendants.
 */
import { isObject, type JsonObject } from "./json.js";

/**
 * The one `{}` every FieldsV1 leaf is: a stored object keeps its managedFields for its whole
 * life in the watch cache, and a Pod's has dozens of leaves. Frozen: FieldsV1 is only read
 * (decoded into field sets) and written anew, never edited in place.
 */
export const LEAF: JsonObject = Object.freeze({}) as JsonObject;

export type PathElement = string;
export type FieldPath = readonly PathElement[];

/** JSON as Go's encoding/json writes it: sorted object keys, `<`, `>`, `&` escaped. */
export function goJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(goJson).join(",")}]`;
  if (isObject(v)) {
    const keys = Object.keys(v).sort();
    return `{${keys.map((k) => `${escapeHtml(JSON.stringify(k))}:${goJson(v[k])}`).join(",")}}`;
  }
  return escapeHtml(JSON.stringify(v ?? null));
}

const HTML_ESCAPES: Readonly<Record<string, string>> = {
  "<": "\\u003c",
  ">": "\\u003e",
  "&": "\\u0026",
  "\u2028": "\\u2028",
  "\u2029": "\\u2029",
};

const HTML_SPECIAL = /[<>&\u2028\u2029]/;

function escapeHtml(s: string): string {
  // Almost no JSON text has one of these: look before replacing.
  return HTML_SPECIAL.test(s) ? s.replace(/[<>&\u2028\u2029]/g, (c) => HTML_ESCAPES[c]!) : s;
}

/**
 * `make`, remembering up to `max` results (then starting over): for values derived from strings
 * that recur in object after object (field names, list keys), not worth computing each time.
 */
function memo<T>(max: number, make: (s: string) => T): (s: string) => T {
  const seen = new Map<string, T>();
  return (s) => {
    let v = seen.get(s);
    if (v === undefined) {
      if (seen.size >= max) seen.clear();
      v = make(s);
      seen.set(s, v);
    }
    return v;
  };
}

/**
 * Equal FieldsV1 levels, shared between objects. Most objects of a kind are written by the same
 * managers in the same shape, and the watch cache keeps every object with its managedFields:
 * shared, a pod's field sets cost one entry instead of dozens of small objects each (fewer to
 * copy when the young generation is collected). A level is shared when every value in it is
 * (LEAF or a shared level); it is then frozen: callers must not change a level after this.
 */
export function shareFieldsV1(level: JsonObject): JsonObject {
  // Looked up entry by entry in a trie (path element, then the shared value's id): no key
  // string is built, and path elements are mostly the memoized ones (fieldPE).
  let node = sharedRoot;
  for (const k in level) {
    const id = sharedIds.get(level[k] as object);
    if (id === undefined) return level;
    let byId = node.next.get(k);
    if (byId === undefined) {
      byId = new Map();
      node.next.set(k, byId);
    }
    let child = byId.get(id);
    if (child === undefined) {
      if (++sharedNodes > MAX_SHARED) {
        // Starting over keeps the trie bounded; levels shared so far stay valid values.
        sharedRoot = { next: new Map() };
        sharedNodes = 0;
        return level;
      }
      child = { next: new Map() };
      byId.set(id, child);
    }
    node = child;
  }
  if (node.level === undefined) {
    node.level = Object.freeze(level);
    sharedIds.set(node.level, nextSharedId++);
  }
  return node.level;
}

interface SharedNode {
  readonly next: Map<string, Map<number, SharedNode>>;
  level?: JsonObject;
}

let sharedRoot: SharedNode = { next: new Map() };
let sharedNodes = 0;
const sharedIds = new WeakMap<object, number>([[LEAF, 0]]);
let nextSharedId = 1;
/** Trie nodes kept at most (each a few entries; a pod's field sets need a few dozen). */
const MAX_SHARED = 16_384;

/** The path element of a field (made once per field name). */
export const fieldPE: (name: string) => PathElement = memo(10_000, (name) => `f:${name}`);
export const valuePE = (v: unknown): PathElement => `v:${goJson(v)}`;
export const indexPE = (i: number): PathElement => `i:${i}`;
/** The path element of a list item by its key fields (made once per distinct key: list keys recur). */
export const keyPE = (fields: JsonObject): PathElement => keyPEOfJSON(JSON.stringify(fields));
const keyPEOfJSON = memo(4096, (json) => `k:${goJson(JSON.parse(json))}`);

/** The field name of an `f:` element, or undefined. */
export function fieldName(pe: PathElement): string | undefined {
  return pe.startsWith("f:") ? pe.slice(2) : undefined;
}

/** Canonical form of a serialized path element read from FieldsV1; throws if malformed. */
export function canonicalPE(s: string): PathElement {
  const type = s.slice(0, 2);
  const body = s.slice(2);
  switch (type) {
    case "f:":
      return s;
    case "k:": {
      const v: unknown = JSON.parse(body);
      if (!isObject(v)) throw new Error(`invalid key path element ${JSON.stringify(s)}`);
      return keyPE(v);
    }
    case "v:":
      return valuePE(JSON.parse(body));
    case "i:":
      if (!/^-?\d+$/.test(body)) throw new Error(`invalid index path element ${JSON.stringify(s)}`);
      return indexPE(Number(body));
    default:
      throw new Error(`unknown path element type: ${JSON.stringify(s)}`);
  }
}

const TYPE_RANK: Readonly<Record<string, number>> = { "f:": 0, "k:": 1, "v:": 2, "i:": 3 };

function rankOf(v: unknown): number {
  if (typeof v === "number") return 0;
  if (typeof v === "string") return 1;
  if (typeof v === "boolean") return 2;
  if (Array.isArray(v)) return 3;
  if (isObject(v)) return 4;
  return 5;
}

function compareValues(a: unknown, b: unknown): number {
  const ra = rankOf(a);
  const rb = rankOf(b);
  if (ra !== rb) return ra - rb;
  if (typeof a === "number") return a - (b as number);
  if (typeof a === "string" || typeof a === "boolean")
    return a < (b as typeof a) ? -1 : a > (b as typeof a) ? 1 : 0;
  const sa = goJson(a);
  const sb = goJson(b);
  return sa < sb ? -1 : sa > sb ? 1 : 0;
}

/** A path element with its body decoded once, for sorting. */
interface SortKey {
  readonly pe: PathElement;
  readonly rank: number;
  readonly body: unknown;
}

function sortKey(pe: PathElement): SortKey {
  const rank = TYPE_RANK[pe.slice(0, 2)] ?? 4;
  const raw = pe.slice(2);
  let body: unknown = raw;
  if (rank === 3) body = Number(raw);
  else if (rank === 1 || rank === 2) body = JSON.parse(raw);
  return { pe, rank, body };
}

function compareKeys(a: SortKey, b: SortKey): number {
  if (a.rank !== b.rank) return a.rank - b.rank;
  if (a.rank === 0 || a.rank === 4) return a.body! < b.body! ? -1 : a.body! > b.body! ? 1 : 0;
  if (a.rank === 3) return (a.body as number) - (b.body as number);
  if (a.rank === 2) return compareValues(a.body, b.body);
  const ka = a.body as JsonObject;
  const kb = b.body as JsonObject;
  const na = Object.keys(ka).sort();
  const nb = Object.keys(kb).sort();
  for (let i = 0; ; i++) {
    if (i >= na.length || i >= nb.length) return na.length - nb.length;
    if (na[i] !== nb[i]) return na[i]! < nb[i]! ? -1 : 1;
    const c = compareValues(ka[na[i]!], kb[nb[i]!]);
    if (c !== 0) return c;
  }
}

/** Sort keys of recent path elements: the same keys (`k:{"name":"c"}`) recur in object after object. */
const cachedSortKey = memo(4096, sortKey);

/** Path elements in structured-merge-diff's order: fields, then keys, values, indexes. */
export function sortPEs(pes: Iterable<PathElement>): PathElement[] {
  const list = [...pes];
  // Fields only (the usual level): by name, which is the order of the whole strings.
  if (list.every((pe) => pe.startsWith("f:"))) return list.sort();
  return list
    .map(cachedSortKey)
    .sort(compareKeys)
    .map((k) => k.pe);
}

/** Go's value.ToString, used when printing paths. */
function valueString(v: unknown): string {
  if (v === null || v === undefined) return "null";
  if (typeof v === "string") return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(valueString).join(",")}]`;
  if (isObject(v))
    return Object.keys(v)
      .map((k) => `${k}=${valueString(v[k])}`)
      .join("");
  return String(v);
}

/** A path as upstream prints it in conflicts: `.spec.containers[name="nginx"].image`. */
export function pathString(path: FieldPath): string {
  let out = "";
  for (const pe of path) {
    const body = pe.slice(2);
    switch (pe.slice(0, 2)) {
      case "f:":
        out += `.${body}`;
        break;
      case "k:": {
        const k = JSON.parse(body) as JsonObject;
        out += `[${Object.keys(k)
          .sort()
          .map((n) => `${n}=${valueString(k[n])}`)
          .join(",")}]`;
        break;
      }
      case "v:":
        out += `[=${valueString(JSON.parse(body))}]`;
        break;
      default:
        out += `[${body}]`;
    }
  }
  return out;
}

/** Deepest FieldsV1 nesting read (objects are bounded by the body limits; this bounds recursion). */
const MAX_FIELDS_DEPTH = 1000;

export class FieldSet {
  /** Path elements that are themselves in the set. */
  readonly members = new Set<PathElement>();
  /** Sets of paths below an element; never empty. */
  readonly children = new Map<PathElement, FieldSet>();

  static of(...paths: FieldPath[]): FieldSet {
    const s = new FieldSet();
    for (const p of paths) s.insert(p);
    return s;
  }

  get empty(): boolean {
    return this.members.size === 0 && this.children.size === 0;
  }

  /** Adds `path` (the empty path, the root, is never a member). */
  insert(path: FieldPath): void {
    if (path.length === 0) return;
    let s: FieldSet = this;
    for (let i = 0; i < path.length - 1; i++) {
      let c = s.children.get(path[i]!);
      if (!c) {
        c = new FieldSet();
        s.children.set(path[i]!, c);
      }
      s = c;
    }
    s.members.add(path[path.length - 1]!);
  }

  has(path: FieldPath): boolean {
    if (path.length === 0) return false;
    let s: FieldSet | undefined = this;
    for (let i = 0; i < path.length - 1 && s; i++) s = s.children.get(path[i]!);
    return s?.members.has(path[path.length - 1]!) ?? false;
  }

  union(o: FieldSet): FieldSet {
    const out = new FieldSet();
    for (const m of this.members) out.members.add(m);
    for (const m of o.members) out.members.add(m);
    for (const [pe, c] of this.children) {
      const oc = o.children.get(pe);
      out.children.set(pe, oc ? c.union(oc) : c.copy());
    }
    for (const [pe, c] of o.children) if (!this.children.has(pe)) out.children.set(pe, c.copy());
    return out;
  }

  intersection(o: FieldSet): FieldSet {
    const out = new FieldSet();
    for (const m of this.members) if (o.members.has(m)) out.members.add(m);
    for (const [pe, c] of this.children) {
      const oc = o.children.get(pe);
      if (!oc) continue;
      const i = c.intersection(oc);
      if (!i.empty) out.children.set(pe, i);
    }
    return out;
  }

  /** Paths of this set not in `o` (exact paths; descendants of `o`'s paths stay). */
  difference(o: FieldSet): FieldSet {
    const out = new FieldSet();
    for (const m of this.members) if (!o.members.has(m)) out.members.add(m);
    for (const [pe, c] of this.children) {
      const oc = o.children.get(pe);
      const d = oc ? c.difference(oc) : c.copy();
      if (!d.empty) out.children.set(pe, d);
    }
    return out;
  }

  /** Paths of this set that neither are in `o` nor have a prefix in `o`. */
  recursiveDifference(o: FieldSet): FieldSet {
    const out = new FieldSet();
    for (const m of this.members) if (!o.members.has(m)) out.members.add(m);
    for (const [pe, c] of this.children) {
      if (o.members.has(pe)) continue;
      const oc = o.children.get(pe);
      const d = oc ? c.recursiveDifference(oc) : c.copy();
      if (!d.empty) out.children.set(pe, d);
    }
    return out;
  }

  copy(): FieldSet {
    return new FieldSet().union(this);
  }

  /** Every path, members of a level before its children, each level in path element order. */
  *paths(prefix: PathElement[] = []): Generator<PathElement[]> {
    for (const m of sortPEs(this.members)) yield [...prefix, m];
    for (const pe of sortPEs(this.children.keys())) {
      yield* this.children.get(pe)!.paths([...prefix, pe]);
    }
  }

  /** The FieldsV1 JSON of this set. */
  toFieldsV1(): JsonObject {
    return this.encode(false);
  }

  private encode(self: boolean): JsonObject {
    const out: JsonObject = {};
    if (self && !this.empty) out["."] = LEAF;
    for (const pe of sortPEs(new Set([...this.members, ...this.children.keys()]))) {
      const c = this.children.get(pe);
      out[pe] = c ? c.encode(this.members.has(pe)) : LEAF;
    }
    return shareFieldsV1(out);
  }

  /** Reads FieldsV1 JSON; throws on anything malformed. */
  static fromFieldsV1(v: unknown, depth = 0): FieldSet {
    if (!isObject(v)) throw new Error("FieldsV1 must be a JSON object");
    if (depth > MAX_FIELDS_DEPTH) throw new Error("FieldsV1 is nested too deeply");
    const out = new FieldSet();
    for (const k of Object.keys(v)) {
      if (k === ".") continue;
      const pe = canonicalPE(k);
      const sub = v[k];
      if (!isObject(sub)) throw new Error(`FieldsV1 entry ${JSON.stringify(k)} is not an object`);
      if (Object.keys(sub).length === 0 || Object.hasOwn(sub, ".")) out.members.add(pe);
      const c = FieldSet.fromFieldsV1(sub, depth + 1);
      if (!c.empty) out.children.set(pe, c);
    }
    return out;
  }
}
