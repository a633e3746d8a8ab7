/**
 * ObjectMeta validation as apimachinery's `api/validation/objectmeta.go`, used generically by
 * the API server for every kind. Messages and field paths match upstream.
 */
import { type FieldError, forbidden, invalid, type Path, path, required, tooLong } from "../field.js";
import type { ObjectMeta } from "../types.js";
import { immutable, nonNegative } from "./checks.js";
import {
  isDNS1035Label,
  isDNS1123Label,
  isDNS1123Subdomain,
  isQualifiedName,
  isValidLabelValue,
  isValidPathSegmentName,
} from "./names.js";
import { entries, invalidRendered, isObject, list, num, str } from "./values.js";

/** Options of a name validator. */
export interface NameValidatorOptions {
  /** The value is a generateName prefix: a trailing '-' is allowed. */
  readonly prefix?: boolean;
}

/** Checks an object name; returns upstream's messages (empty when valid). */
export type NameValidator = (name: string, options?: NameValidatorOptions) => string[];

/** Upstream's maskTrailingDash: a generateName prefix may end in '-'. */
function maskTrailingDash(name: string): string {
  return name.length > 1 && name.endsWith("-") ? `${name.slice(0, -2)}a` : name;
}

const withPrefix =
  (check: (s: string) => string[]): NameValidator =>
  (name, options) =>
    check(options?.prefix ? maskTrailingDash(name) : name);

/** The default rule for object names (most kinds). */
export const nameIsDNSSubdomain: NameValidator = withPrefix(isDNS1123Subdomain);
/** Namespaces. */
export const nameIsDNSLabel: NameValidator = withPrefix(isDNS1123Label);
/** Services. */
export const nameIsDNS1035Label: NameValidator = withPrefix(isDNS1035Label);
/** PersistentVolumes: anything usable as one URL path segment. */
export const nameIsPathSegment: NameValidator = (name) => isValidPathSegmentName(name);

/** Options of `validateObjectMeta`. */
export interface ObjectMetaOptions {
  /** The kind is namespaced: metadata.namespace is required (else forbidden). */
  readonly namespaced: boolean;
  /** The rule for metadata.name; default DNS-1123 subdomain. */
  readonly nameValidator?: NameValidator;
}

export const TOTAL_ANNOTATION_SIZE_LIMIT = 256 * 1024;

export function validateLabels(labels: unknown, p: Path): FieldError[] {
  const errs: FieldError[] = [];
  for (const [k, v] of entries(labels)) {
    for (const m of isQualifiedName(k)) errs.push(invalid(p, k, m));
    const value = str(v);
    for (const m of isValidLabelValue(value)) errs.push(invalid(p, value, m));
  }
  return errs;
}

export function validateAnnotations(annotations: unknown, p: Path): FieldError[] {
  const errs: FieldError[] = [];
  let size = 0;
  for (const [k, v] of entries(annotations)) {
    // Annotation keys follow the label key rule, except that case does not matter.
    for (const m of isQualifiedName(k.toLowerCase())) errs.push(invalid(p, k, m));
    size += Buffer.byteLength(k) + Buffer.byteLength(str(v));
  }
  if (size > TOTAL_ANNOTATION_SIZE_LIMIT) errs.push(tooLong(p, TOTAL_ANNOTATION_SIZE_LIMIT));
  return errs;
}

const standardFinalizers = new Set(["kubernetes", "orphan", "foregroundDeletion"]);

export function validateFinalizers(finalizers: unknown, p: Path): FieldError[] {
  const errs: FieldError[] = [];
  const names = list(finalizers).map(str);
  for (const f of names) for (const m of isQualifiedName(f)) errs.push(invalid(p, f, m));
  if (names.includes("orphan") && names.includes("foregroundDeletion")) {
    errs.push(
      invalidRendered(
        p,
        `[]string{${names.map((n) => JSON.stringify(n)).join(", ")}}`,
        "finalizer orphan and foregroundDeletion cannot be both set",
      ),
    );
  }
  return errs;
}

/** Whether a finalizer name is usable without a domain prefix. */
export function isStandardFinalizer(name: string): boolean {
  return standardFinalizers.has(name);
}

function validateOwnerReferences(refs: unknown, p: Path): FieldError[] {
  const errs: FieldError[] = [];
  const controllers: string[] = [];
  list(refs).forEach((r, i) => {
    const ref = isObject(r) ? r : {};
    const ip = p.index(i);
    if (str(ref.apiVersion) === "")
      errs.push(invalid(ip.child("apiVersion"), "", "version must not be empty"));
    if (str(ref.kind) === "") errs.push(invalid(ip.child("kind"), "", "kind must not be empty"));
    if (str(ref.name) === "") errs.push(invalid(ip.child("name"), "", "name must not be empty"));
    if (str(ref.uid) === "") errs.push(invalid(ip.child("uid"), "", "uid must not be empty"));
    if (ref.controller === true) controllers.push(`${str(ref.kind)}/${str(ref.name)}`);
  });
  if (controllers.length > 1) {
    errs.push(
      invalidRendered(
        p,
        "[]v1.OwnerReference{...}",
        `Only one reference can have Controller set to true. Found "true" in references for ${controllers.join(" and ")}`,
      ),
    );
  }
  return errs;
}

/**
 * Field errors of a new object's metadata. Expects a generated name to be filled in already
 * when generateName was used (as upstream does before validating).
 */
export function validateObjectMeta(
  meta: Readonly<ObjectMeta> | undefined,
  options: ObjectMetaOptions,
): FieldError[] {
  const m = meta ?? {};
  const p = path("metadata");
  const errs: FieldError[] = [];
  const nameFn = options.nameValidator ?? nameIsDNSSubdomain;
  const generateName = str(m.generateName);
  if (generateName !== "") {
    for (const msg of nameFn(generateName, { prefix: true }))
      errs.push(invalid(p.child("generateName"), generateName, msg));
  }
  const name = str(m.name);
  if (name === "") errs.push(required(p.child("name"), "name or generateName is required"));
  else for (const msg of nameFn(name)) errs.push(invalid(p.child("name"), name, msg));
  const ns = str(m.namespace);
  if (options.namespaced) {
    if (ns === "") errs.push(required(p.child("namespace")));
    else for (const msg of isDNS1123Label(ns)) errs.push(invalid(p.child("namespace"), ns, msg));
  } else if (ns !== "") {
    errs.push(forbidden(p.child("namespace"), "not allowed on this type"));
  }
  errs.push(...nonNegative(m.generation, p.child("generation")));
  errs.push(...validateLabels(m.labels, p.child("labels")));
  errs.push(...validateAnnotations(m.annotations, p.child("annotations")));
  errs.push(...validateOwnerReferences(m.ownerReferences, p.child("ownerReferences")));
  errs.push(...validateFinalizers(m.finalizers, p.child("finalizers")));
  return errs;
}

/** ValidateImmutableField of a metadata string (Go's zero value "" when absent). */
function immutableMeta(newV: unknown, oldV: unknown, p: Path): FieldError[] {
  return immutable(newV ?? "", oldV ?? "", p);
}

/**
 * Field errors of an update's metadata: name, namespace, uid, creationTimestamp and the
 * deletion fields may not change; generation may not go down; no new finalizers once the
 * object is being deleted; labels and annotations as on create.
 */
export function validateObjectMetaUpdate(
  meta: Readonly<ObjectMeta> | undefined,
  old: Readonly<ObjectMeta> | undefined,
): FieldError[] {
  const m = meta ?? {};
  const o = old ?? {};
  const p = path("metadata");
  const errs: FieldError[] = [];
  if (o.deletionTimestamp) {
    const before = new Set(list(o.finalizers).map(str));
    const added = [...new Set(list(m.finalizers).map(str))].filter((f) => !before.has(f)).sort();
    if (added.length > 0) {
      errs.push(
        forbidden(
          p.child("finalizers"),
          `no new finalizers can be added if the object is being deleted, found new finalizers []string{${added.map((f) => JSON.stringify(f)).join(", ")}}`,
        ),
      );
    }
  }
  const gen = num(m.generation) ?? 0;
  const oldGen = num(o.generation) ?? 0;
  if (gen < oldGen) errs.push(invalid(p.child("generation"), gen, "must not be decremented"));
  errs.push(...immutableMeta(m.name, o.name, p.child("name")));
  errs.push(...immutableMeta(m.namespace, o.namespace, p.child("namespace")));
  errs.push(...immutableMeta(m.uid, o.uid, p.child("uid")));
  errs.push(...immutableMeta(m.creationTimestamp, o.creationTimestamp, p.child("creationTimestamp")));
  errs.push(...immutableMeta(m.deletionTimestamp, o.deletionTimestamp, p.child("deletionTimestamp")));
  errs.push(
    ...immutableMeta(
      m.deletionGracePeriodSeconds,
      o.deletionGracePeriodSeconds,
      p.child("deletionGracePeriodSeconds"),
    ),
  );
  errs.push(...validateLabels(m.labels, p.child("labels")));
  errs.push(...validateAnnotations(m.annotations, p.child("annotations")));
  errs.push(...validateOwnerReferences(m.ownerReferences, p.child("ownerReferences")));
  errs.push(...validateFinalizers(m.finalizers, p.child("finalizers")));
  return errs;
}
