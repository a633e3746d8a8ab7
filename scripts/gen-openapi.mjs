#!/usr/bin/env node
// Derives upstream-named OpenAPI v2 definitions from the `kubernetes-types` package and writes
// dist/openapi/definitions.json. Runs after `tsc` in `npm run build`.
//
// kubernetes-types is itself generated from upstream's OpenAPI document: one .d.ts per group
// version, one interface per definition, JSDoc holding upstream's descriptions, `?` marking what
// upstream does not list as required. This script reads those files with the TypeScript compiler
// API (syntax only, no type checker) and maps them back:
//
//   folder/file             -> definition package (core/v1 -> io.k8s.api.core.v1, ...)
//   interface / type alias  -> definition (description from its JSDoc)
//   string | boolean        -> the same type;  number -> integer/int32 (int64 and double fields
//                              come from the fact table in src/api/openapi/formats.ts at load time)
//   number | string         -> $ref IntOrString (kubernetes-types inlines it)
//   Array<T>, T[]           -> array with items
//   { [name: string]: T }   -> object with additionalProperties
//   other interface names   -> $ref to the definition, resolved through the file's imports
//   apiVersion/kind literals-> x-kubernetes-group-version-kind
//
// Patch metadata (x-kubernetes-patch-strategy, ...) is not in kubernetes-types; it is merged at
// load time from src/api/openapi/patchmeta.ts.
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, posix, relative } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const require = createRequire(join(root, "package.json"));
const typesDir = dirname(require.resolve("kubernetes-types/package.json"));
const outFile = join(root, "dist", "openapi", "definitions.json");

const INT_OR_STRING = "io.k8s.apimachinery.pkg.util.intstr.IntOrString";

/** Module path inside kubernetes-types (no extension) -> upstream definition package. */
function packageOf(module) {
  switch (module) {
    case "meta/v1":
      return "io.k8s.apimachinery.pkg.apis.meta.v1";
    case "api/resource":
      return "io.k8s.apimachinery.pkg.api.resource";
    case "runtime":
      return "io.k8s.apimachinery.pkg.runtime";
    case "version":
      return "io.k8s.apimachinery.pkg.version";
    case "util/intstr":
      return "io.k8s.apimachinery.pkg.util.intstr";
  }
  if (module.startsWith("apiextensions/")) {
    return `io.k8s.apiextensions-apiserver.pkg.apis.${module.replace("/", ".")}`;
  }
  const parts = module.split("/");
  if (parts.length !== 2) throw new Error(`kubernetes-types/${module}: no upstream package mapping`);
  return `io.k8s.api.${parts[0]}.${parts[1]}`;
}

/** Definitions whose JSON is not a fixed structure (upstream decodes them as raw JSON). */
const RAW = {
  "io.k8s.apimachinery.pkg.runtime.RawExtension": { type: "object" },
  "io.k8s.apimachinery.pkg.apis.meta.v1.FieldsV1": { type: "object" },
  // Any JSON value, so no `type`.
  "io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSON": {},
};

/** String-encoded scalar definitions (type aliases of `string` in kubernetes-types). */
const SCALARS = {
  "io.k8s.apimachinery.pkg.api.resource.Quantity": {
    type: "string",
    format: "quantity",
    "x-kubernetes-int-or-string": true,
  },
  "io.k8s.apimachinery.pkg.apis.meta.v1.Time": { type: "string", format: "date-time" },
  "io.k8s.apimachinery.pkg.apis.meta.v1.MicroTime": { type: "string", format: "date-time" },
};

/**
 * Fields upstream has but kubernetes-types drops (its generator skips `x-` property names).
 * Without them strict field validation would reject every CRD schema using them.
 */
const MISSING_FIELDS = {
  "io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSONSchemaProps": {
    "x-kubernetes-embedded-resource": {
      description:
        "x-kubernetes-embedded-resource defines that the value is an embedded Kubernetes runtime.Object, with TypeMeta and ObjectMeta.",
      type: "boolean",
    },
    "x-kubernetes-int-or-string": {
      description: "x-kubernetes-int-or-string specifies that this value is either an integer or a string.",
      type: "boolean",
    },
    "x-kubernetes-list-map-keys": {
      description:
        "x-kubernetes-list-map-keys annotates an array with the x-kubernetes-list-type `map` by specifying the keys used as the index of the map.",
      type: "array",
      items: { type: "string" },
    },
    "x-kubernetes-list-type": {
      description:
        "x-kubernetes-list-type annotates an array to further describe its topology: atomic, set or map.",
      type: "string",
    },
    "x-kubernetes-map-type": {
      description:
        "x-kubernetes-map-type annotates an object to further describe its topology: granular or atomic.",
      type: "string",
    },
    "x-kubernetes-preserve-unknown-fields": {
      description:
        "x-kubernetes-preserve-unknown-fields stops the API server decoding step from pruning fields which are not specified in the validation schema.",
      type: "boolean",
    },
    "x-kubernetes-validations": {
      description:
        "x-kubernetes-validations describes a list of validation rules written in the CEL expression language.",
      type: "array",
      items: {
        $ref: "#/definitions/io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.ValidationRule",
      },
    },
  },
};

/**
 * meta/v1 kinds, served as core v1 kinds (upstream adds the other groups' versions of
 * DeleteOptions and WatchEvent; the document builders do that for the served groups). Their
 * apiVersion is typed `string` in kubernetes-types because every group reuses them.
 */
const META_KINDS = new Set(
  ["APIGroup", "APIGroupList", "APIResourceList", "APIVersions", "DeleteOptions", "Status", "WatchEvent"].map(
    (k) => `io.k8s.apimachinery.pkg.apis.meta.v1.${k}`,
  ),
);

/** Every .d.ts under kubernetes-types, as module paths like "core/v1". */
function modules() {
  const out = [];
  const walk = (dir) => {
    for (const name of readdirSync(dir)) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (name.endsWith(".d.ts")) out.push(relative(typesDir, p).split("\\").join("/").slice(0, -5));
    }
  };
  walk(typesDir);
  return out.sort();
}

/** The JSDoc text right before a node, with the comment markers stripped; undefined if none. */
function docOf(node, text) {
  const ranges = ts.getLeadingCommentRanges(text, node.pos) ?? [];
  const last = ranges.filter((r) => text.startsWith("/**", r.pos)).at(-1);
  if (!last) return undefined;
  const body = text.slice(last.pos + 3, last.end - 2);
  const lines = body.split("\n").map((l) => l.replace(/^\s*\* ?/, "").replace(/\s+$/, ""));
  while (lines.length > 0 && lines[0].trim() === "") lines.shift();
  while (lines.length > 0 && lines.at(-1).trim() === "") lines.pop();
  const out = lines.join("\n").trim();
  return out === "" ? undefined : out;
}

function nameOf(name) {
  if (ts.isIdentifier(name) || ts.isStringLiteral(name)) return name.text;
  throw new Error(`unsupported property name kind ${ts.SyntaxKind[name.kind]}`);
}

/** Converts one .d.ts module; returns its definitions. */
function convertModule(module) {
  const file = join(typesDir, `${module}.d.ts`);
  const text = readFileSync(file, "utf8");
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const pkg = packageOf(module);
  const local = new Set();
  const imported = new Map();
  for (const st of sf.statements) {
    if (ts.isInterfaceDeclaration(st) || ts.isTypeAliasDeclaration(st)) local.add(st.name.text);
    if (
      ts.isImportDeclaration(st) &&
      st.importClause?.namedBindings &&
      ts.isNamedImports(st.importClause.namedBindings)
    ) {
      const from = posix.join(posix.dirname(module), st.moduleSpecifier.text);
      for (const el of st.importClause.namedBindings.elements) imported.set(el.name.text, from);
    }
  }
  const where = (node) => {
    const { line } = sf.getLineAndCharacterOfPosition(node.getStart());
    return `kubernetes-types/${module}.d.ts:${line + 1}`;
  };
  const refTo = (name, node) => {
    if (local.has(name)) return `#/definitions/${pkg}.${name}`;
    const from = imported.get(name);
    if (from !== undefined) return `#/definitions/${packageOf(from)}.${name}`;
    throw new Error(`${where(node)}: unknown type ${name}`);
  };

  /** JSON schema of a type node. */
  const schemaOf = (t) => {
    switch (t.kind) {
      case ts.SyntaxKind.StringKeyword:
        return { type: "string" };
      case ts.SyntaxKind.BooleanKeyword:
        return { type: "boolean" };
      case ts.SyntaxKind.NumberKeyword:
        return { type: "integer", format: "int32" };
    }
    if (ts.isLiteralTypeNode(t) && ts.isStringLiteral(t.literal)) return { type: "string" };
    if (ts.isParenthesizedTypeNode(t)) return schemaOf(t.type);
    if (ts.isArrayTypeNode(t)) return { type: "array", items: schemaOf(t.elementType) };
    if (ts.isUnionTypeNode(t)) {
      const kinds = t.types.map((m) => m.kind).sort();
      if (
        kinds.length === 2 &&
        kinds.includes(ts.SyntaxKind.NumberKeyword) &&
        kinds.includes(ts.SyntaxKind.StringKeyword)
      ) {
        return { $ref: `#/definitions/${INT_OR_STRING}` };
      }
      throw new Error(`${where(t)}: unsupported union type ${t.getText(sf)}`);
    }
    if (ts.isTypeReferenceNode(t)) {
      const name = t.typeName.getText(sf);
      if (name === "Array" && t.typeArguments?.length === 1) {
        return { type: "array", items: schemaOf(t.typeArguments[0]) };
      }
      return { $ref: refTo(name, t) };
    }
    if (ts.isTypeLiteralNode(t)) {
      const [index, ...rest] = t.members;
      if (index && rest.length === 0 && ts.isIndexSignatureDeclaration(index)) {
        return { type: "object", additionalProperties: schemaOf(index.type) };
      }
    }
    throw new Error(`${where(t)}: unsupported type ${t.getText(sf)}`);
  };

  const literalOf = (member) =>
    member?.type && ts.isLiteralTypeNode(member.type) && ts.isStringLiteral(member.type.literal)
      ? member.type.literal.text
      : undefined;

  const defs = {};
  for (const st of sf.statements) {
    const description = docOf(st, text);
    if (ts.isTypeAliasDeclaration(st)) {
      const name = `${pkg}.${st.name.text}`;
      if (SCALARS[name]) defs[name] = { description, ...SCALARS[name] };
      else if (ts.isUnionTypeNode(st.type)) {
        // apiextensions' JSONSchemaPropsOr*: upstream publishes only a description.
        defs[name] = { description };
      } else defs[name] = { description, ...schemaOf(st.type) };
      continue;
    }
    if (!ts.isInterfaceDeclaration(st)) continue;
    const name = `${pkg}.${st.name.text}`;
    if (RAW[name]) {
      defs[name] = { description, ...RAW[name], "x-kubernetes-preserve-unknown-fields": true };
      continue;
    }
    const properties = {};
    const required = [];
    const members = new Map();
    for (const m of st.members) {
      if (!ts.isPropertySignature(m) || !m.type) throw new Error(`${where(m)}: unsupported member`);
      const field = nameOf(m.name);
      members.set(field, m);
      const s = schemaOf(m.type);
      const doc = docOf(m, text);
      // Description first, like upstream's documents.
      properties[field] = doc === undefined ? s : { description: doc, ...s };
      if (!m.questionToken) required.push(field);
    }
    Object.assign(properties, MISSING_FIELDS[name]);
    const def = { description, type: "object" };
    if (required.length > 0) def.required = required;
    if (Object.keys(properties).length > 0) def.properties = properties;
    const apiVersion = literalOf(members.get("apiVersion"));
    const kind = literalOf(members.get("kind"));
    if (apiVersion !== undefined && kind !== undefined) {
      const slash = apiVersion.lastIndexOf("/");
      def["x-kubernetes-group-version-kind"] = [
        { group: slash < 0 ? "" : apiVersion.slice(0, slash), kind, version: apiVersion.slice(slash + 1) },
      ];
    } else if (META_KINDS.has(name)) {
      def["x-kubernetes-group-version-kind"] = [{ group: "", kind: st.name.text, version: "v1" }];
    }
    defs[name] = def;
  }
  return defs;
}

const started = performance.now();
const definitions = {
  [INT_OR_STRING]: {
    description:
      "IntOrString is a type that can hold an int32 or a string. When used in JSON or YAML marshalling and unmarshalling, it produces or consumes the inner type. This allows you to have, for example, a JSON field that can accept a name or number.",
    type: "string",
    format: "int-or-string",
    "x-kubernetes-int-or-string": true,
  },
};
for (const module of modules()) Object.assign(definitions, convertModule(module));

// Every reference must resolve: a dangling one would break kubectl's OpenAPI parsers.
const dangling = new Set();
JSON.stringify(definitions, (key, value) => {
  if (key === "$ref" && typeof value === "string" && !definitions[value.slice("#/definitions/".length)])
    dangling.add(value);
  return value;
});
if (dangling.size > 0) throw new Error(`unresolved references: ${[...dangling].join(", ")}`);

const sorted = Object.fromEntries(
  Object.entries(definitions).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
);
mkdirSync(dirname(outFile), { recursive: true });
writeFileSync(outFile, JSON.stringify(sorted));
const ms = Math.round(performance.now() - started);
console.log(
  `gen-openapi: ${Object.keys(sorted).length} definitions -> ${relative(root, outFile)} (${ms} ms)`,
);
