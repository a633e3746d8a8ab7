#!/usr/bin/env node
// Writes src/apiserver/protobuf/k8s-proto.json: the wire facts the protobuf request-body decoder
// needs, taken from upstream's kubernetes/api and kubernetes/apimachinery sources. Run by hand when
// the served groups change or upstream adds fields; the output is committed, the sources are not.
//
//   node scripts/gen-k8s-proto.mjs <kubernetes/api checkout> <kubernetes/apimachinery checkout>
//
// A checkout may be a git directory without a work tree; files are then read from its HEAD.
//
// What is read:
//   <group>/<version>/generated.proto   messages, field numbers and types (protobufjs parser)
//   <group>/<version>/*.go              the Go struct tags beside each field: the JSON name
//                                       (differs from the proto name in a few fields), `,inline`
//                                       (embedded struct, flattened in JSON), `,omitempty`, and
//                                       whether the Go field is a pointer (its presence on the
//                                       wire then means "set", even to a zero value)
//   <group>/<version>/register.go       the kinds of the group version and its group name
//
// Output shape (see src/apiserver/protobuf/schema.ts for the reader):
//   { source: {repo: commit}, groupVersions: {apiVersion: {package, kinds[]}},
//     metaKinds: [kind, ...]  (accepted under every apiVersion, from meta/v1),
//     arrays: [fullName, ...]  (Go named []string types: JSON is the array of field 1 `items`),
//     messages: {fullName: [[jsonName, number, type, flags?], ...]} }
// type is a proto scalar (string, bool, int32, int64, bytes) or a full message name; flags holds
// letters: r repeated, m map<string, type>, i inline, and for string/bool/int fields p (a Go
// pointer: set when on the wire, even to zero) or k (no omitempty: zero is written in JSON).
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import protobuf from "protobufjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const outFile = join(root, "src/apiserver/protobuf/k8s-proto.json");

/** Group versions of kubernetes/api whose kinds the decoder accepts. */
const GROUPS = [
  "core/v1",
  "apps/v1",
  "autoscaling/v1",
  "autoscaling/v2",
  "batch/v1",
  "coordination/v1",
  "discovery/v1",
  "events/v1",
  "networking/v1",
  "policy/v1",
  "rbac/v1",
  "storage/v1",
  "scheduling/v1",
  "authentication/v1",
  "authorization/v1",
];

/** meta/v1 kinds registered in every group version (AddToGroupVersion) plus the unversioned Status. */
const META_KINDS = [
  "ListOptions",
  "GetOptions",
  "DeleteOptions",
  "CreateOptions",
  "UpdateOptions",
  "PatchOptions",
  "Status",
];

const META = "k8s.io.apimachinery.pkg.apis.meta.v1";

/** Messages the decoder converts by hand (their JSON is not their fields); no Go facts needed. */
const SPECIAL = new Set([
  `${META}.Time`,
  `${META}.MicroTime`,
  `${META}.FieldsV1`,
  "k8s.io.apimachinery.pkg.api.resource.Quantity",
  "k8s.io.apimachinery.pkg.util.intstr.IntOrString",
  "k8s.io.apimachinery.pkg.runtime.RawExtension",
]);

/** Messages with a custom JSON form the decoder does not implement: reaching one is an error. */
const UNSUPPORTED = new Set([
  `${META}.Duration`,
  `${META}.Timestamp`,
  "k8s.io.apimachinery.pkg.runtime.Unknown",
]);

const SCALARS = new Set(["string", "bool", "int32", "int64", "bytes"]);
const ZERO_SENSITIVE = new Set(["string", "bool", "int32", "int64"]);

const [apiDir, machineryDir] = process.argv.slice(2);
if (!apiDir || !machineryDir) {
  console.error("usage: gen-k8s-proto.mjs <kubernetes/api checkout> <kubernetes/apimachinery checkout>");
  process.exit(2);
}

/** Reads files of one repository, from its work tree or else from HEAD of its git directory. */
function repo(dir) {
  const worktree = existsSync(join(dir, "go.mod"));
  const git = (...args) =>
    execFileSync("git", ["-C", dir, ...args], { encoding: "utf8", maxBuffer: 1 << 28 });
  return {
    commit: git("rev-parse", "HEAD").trim(),
    read: (path) => (worktree ? readFileSync(join(dir, path), "utf8") : git("show", `HEAD:${path}`)),
    list: (path) =>
      worktree
        ? readdirSync(join(dir, path)).filter((n) => statSync(join(dir, path, n)).isFile())
        : git("ls-tree", "--name-only", `HEAD:${path}`).split("\n").filter(Boolean),
  };
}

const repos = { "k8s.io/api": repo(apiDir), "k8s.io/apimachinery": repo(machineryDir) };

/** "k8s.io/api/core/v1/generated.proto" -> the repository and the path inside it. */
function locate(importPath) {
  for (const [prefix, r] of Object.entries(repos)) {
    if (importPath.startsWith(`${prefix}/`)) return { r, path: importPath.slice(prefix.length + 1) };
  }
  throw new Error(`no repository for ${importPath}`);
}

/** Proto package -> Go package directory (as an import path). */
function goPackageOf(protoPackage) {
  const m = /^k8s\.io\.(api|apimachinery)\.(.*)$/.exec(protoPackage);
  if (!m) throw new Error(`unexpected proto package ${protoPackage}`);
  return `k8s.io/${m[1]}/${m[2].replaceAll(".", "/")}`;
}

// --- proto files ---------------------------------------------------------------------------

const pb = new protobuf.Root();
const loaded = new Set();
function load(importPath) {
  if (loaded.has(importPath)) return;
  loaded.add(importPath);
  const { r, path } = locate(importPath);
  const parsed = protobuf.parse(r.read(path), pb, { keepCase: true, alternateCommentMode: false });
  for (const dep of parsed.imports ?? []) load(dep);
}
for (const g of GROUPS) load(`k8s.io/api/${g}/generated.proto`);
load(`k8s.io/apimachinery/pkg/apis/meta/v1/generated.proto`);
pb.resolveAll();

// --- Go struct tags ------------------------------------------------------------------------

/**
 * Go package import path -> type name -> proto field number -> facts. A named `[]string` type
 * maps to "array" instead; `type List metav1.List` to the aliased type's facts.
 */
const goFacts = new Map();
function factsOf(goPackage) {
  let structs = goFacts.get(goPackage);
  if (structs) return structs;
  structs = new Map();
  goFacts.set(goPackage, structs);
  const { r, path } = locate(goPackage);
  for (const file of r.list(path)) {
    if (!file.endsWith(".go") || file.endsWith("_test.go") || file.startsWith("zz_generated")) continue;
    let current;
    for (const line of r.read(`${path}/${file}`).split("\n")) {
      const array = /^type (\w+) \[\]string$/.exec(line);
      if (array) structs.set(array[1], "array");
      const alias = /^type (\w+) metav1\.(\w+)$/.exec(line);
      if (alias) structs.set(alias[1], () => factsOf("k8s.io/apimachinery/pkg/apis/meta/v1").get(alias[2]));
      const open = /^type (\w+) struct \{/.exec(line);
      if (open) {
        current = new Map();
        structs.set(open[1], current);
        continue;
      }
      if (line.startsWith("}")) current = undefined;
      if (!current) continue;
      const field = /^\t(\S+)(?:\s+(\S+))?\s+`([^`]*)`/.exec(line);
      if (!field) continue;
      const tags = field[3];
      const proto = /protobuf:"\w+,(\d+),/.exec(tags);
      if (!proto) continue;
      const json = /json:"([^"]*)"/.exec(tags);
      const [jsonName = "", ...opts] = (json?.[1] ?? "").split(",");
      const goType = field[2] ?? field[1];
      current.set(Number(proto[1]), {
        jsonName,
        inline: opts.includes("inline") || (json !== null && jsonName === ""),
        omitempty: opts.includes("omitempty"),
        pointer: goType.startsWith("*"),
      });
    }
  }
  return structs;
}

// --- walk ----------------------------------------------------------------------------------

const messages = {};
const arrays = [];
const problems = [];

/** Go facts of the struct behind a proto message (undefined for hand-converted messages). */
function structOf(type) {
  let facts = factsOf(goPackageOf(type.parent.fullName.slice(1))).get(type.name);
  if (typeof facts === "function") facts = facts();
  return facts;
}

function visit(fullName) {
  if (fullName in messages) return;
  if (UNSUPPORTED.has(fullName)) {
    problems.push(`${fullName} is reachable but has a custom JSON form the decoder lacks`);
    return;
  }
  const type = pb.lookupType(fullName);
  const entries = [];
  messages[fullName] = entries;
  let special = SPECIAL.has(fullName);
  const structFacts = special ? undefined : structOf(type);
  if (structFacts === "array") {
    const items = type.fieldsArray;
    if (items.length !== 1 || items[0].id !== 1 || !items[0].repeated || items[0].type !== "string") {
      problems.push(`${fullName}: a []string type whose message is not {repeated string items = 1}`);
    }
    arrays.push(fullName);
    special = true;
  } else if (!special && !structFacts) {
    problems.push(`${fullName}: no Go struct found`);
  }
  for (const f of type.fieldsArray) {
    let flags = "";
    let typeName = f.type;
    if (f.map) {
      if (f.keyType !== "string") problems.push(`${fullName}.${f.name}: map key ${f.keyType}`);
      flags += "m";
    } else if (f.repeated) {
      flags += "r";
    }
    if (f.resolvedType) {
      typeName = f.resolvedType.fullName.slice(1);
      if (!(f.resolvedType instanceof protobuf.Type))
        problems.push(`${fullName}.${f.name}: enums are not used`);
    } else if (!SCALARS.has(typeName)) {
      problems.push(`${fullName}.${f.name}: scalar type ${typeName}`);
    }
    let name = f.name;
    if (!special) {
      const facts = structFacts?.get(f.id);
      if (!facts) {
        problems.push(`${fullName}.${f.name}: no Go field tagged with number ${f.id}`);
      } else {
        if (facts.inline) flags += "i";
        else name = facts.jsonName;
        // Only a plain scalar's zero value depends on these: a message is written when set (and
        // Go's JSON always writes a struct), an empty list, map or []byte is left out either way.
        if (!f.map && !f.repeated && ZERO_SENSITIVE.has(f.type)) {
          if (facts.pointer) flags += "p";
          else if (!facts.omitempty) flags += "k";
        }
      }
    }
    entries.push(flags ? [name, f.id, typeName, flags] : [name, f.id, typeName]);
    if (f.resolvedType) visit(typeName);
  }
}

const groupVersions = {};
for (const g of GROUPS) {
  const register = repos["k8s.io/api"].read(`${g}/register.go`);
  const group = /const GroupName = "([^"]*)"/.exec(register)?.[1];
  if (group === undefined) throw new Error(`${g}/register.go: no GroupName`);
  const known = /AddKnownTypes\(SchemeGroupVersion,([^)]*)\)/.exec(register)?.[1] ?? "";
  const pkg = `k8s.io.api.${g.replace("/", ".")}`;
  const kinds = [...known.matchAll(/&(\w+)\{\}/g)].map((m) => m[1]).filter((k) => pb.lookup(`${pkg}.${k}`));
  const version = g.split("/")[1];
  groupVersions[group ? `${group}/${version}` : version] = { package: pkg, kinds };
  for (const k of kinds) visit(`${pkg}.${k}`);
}
for (const k of META_KINDS) visit(`${META}.${k}`);

if (problems.length > 0) {
  console.error(problems.join("\n"));
  process.exit(1);
}

const sortedMessages = Object.fromEntries(Object.entries(messages).sort(([a], [b]) => a.localeCompare(b)));
const table = {
  source: Object.fromEntries(Object.entries(repos).map(([name, r]) => [name, r.commit])),
  groupVersions,
  metaKinds: META_KINDS,
  arrays: arrays.sort(),
  messages: sortedMessages,
};
writeFileSync(outFile, `${JSON.stringify(table)}\n`);
// Lay the file out the way `biome check` wants it, so lint stays clean.
execFileSync("npx", ["biome", "format", "--write", outFile], { cwd: root, stdio: "inherit" });
console.log(`wrote ${outFile}: ${Object.keys(messages).length} messages`);
