/**
 * What an API kind module provides. One module per kind under `api/<kind>/`; the registry
 * (`api/registry.ts`) lists them and drives routing, discovery, OpenAPI and tables.
 * The generic store in `apiserver/` does all CRUD; a kind only configures it.
 */
import type { NameValidator } from "./common/index.js";
import type { FieldError } from "./field.js";

/** Object metadata as stored (upstream ObjectMeta). */
export interface ObjectMeta {
  name?: string;
  generateName?: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  generation?: number;
  creationTimestamp?: string;
  deletionTimestamp?: string;
  deletionGracePeriodSeconds?: number;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  finalizers?: string[];
  ownerReferences?: OwnerReference[];
  managedFields?: unknown[];
  [key: string]: unknown;
}

export interface OwnerReference {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  controller?: boolean;
  blockOwnerDeletion?: boolean;
}

/** Any API object. Kind modules narrow `spec`/`status` through their own types. */
export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata: ObjectMeta;
  [key: string]: unknown;
}

/** Context a strategy hook runs in. */
export interface StrategyContext {
  /** The request's namespace ("" for cluster-scoped). */
  readonly namespace: string;
  /** Current time (injectable). */
  readonly now: Date;
}

/**
 * A kind's create/update behavior, like kube-apiserver's registry strategies. Every hook is
 * optional and must be pure with respect to anything but its arguments. Hooks mutate the
 * object they are given; `old` is read-only.
 */
export interface Strategy {
  /** Fills upstream defaults (runs on create, update and patch results). */
  defaults?(obj: KubeObject): void;
  /** Resets what a creator may not set (e.g. status). */
  prepareForCreate?(obj: KubeObject, ctx: StrategyContext): void;
  /** Keeps what an updater may not change (e.g. status on the main resource). */
  prepareForUpdate?(obj: KubeObject, old: Readonly<KubeObject>, ctx: StrategyContext): void;
  /** Field errors of a new object (metadata is validated generically). */
  validate?(obj: KubeObject): FieldError[];
  /** Field errors of an update, e.g. immutable fields. */
  validateUpdate?(obj: KubeObject, old: Readonly<KubeObject>): FieldError[];
  /** Warnings about a new object returned to the client (the Warning header): WarningsOnCreate. */
  warnings?(obj: KubeObject): string[];
  /** Warnings about an update of the main resource (not its subresources): WarningsOnUpdate. */
  warningsOnUpdate?(obj: KubeObject, old: Readonly<KubeObject>): string[];
}

/** One column of `kubectl get` output (a meta.k8s.io/v1 TableColumnDefinition). */
export interface TableColumn {
  readonly name: string;
  readonly type: "string" | "integer" | "number" | "boolean" | "date";
  readonly format?: string;
  readonly description?: string;
  /** 0: default columns; 1: shown with `-o wide`. */
  readonly priority?: number;
}

/** Table columns for a kind. The NAME column comes first and is included in `columns`. */
export interface TableDef {
  readonly columns: readonly TableColumn[];
  /** One cell per column, in order. `now` is for AGE-like cells. */
  cells(obj: Readonly<KubeObject>, now: Date): unknown[];
}

/** The scale subresource mapping (autoscaling/v1 Scale). */
export interface ScaleDef {
  /** Path of spec.replicas, dot-separated. */
  readonly specReplicasPath: string;
  readonly statusReplicasPath: string;
  /** Where the selector lives (for status.selector in the Scale object). */
  readonly labelSelectorPath?: string;
  /** The selector is an equality map (ReplicationController), not a metav1.LabelSelector. */
  readonly mapSelector?: boolean;
}

/** A resource kind served by the API. */
export interface ResourceDef {
  /** "" for the core group. */
  readonly group: string;
  readonly version: string;
  readonly kind: string;
  readonly listKind?: string;
  /** Plural, lower case: "pods". */
  readonly resource: string;
  readonly singular: string;
  readonly namespaced: boolean;
  readonly shortNames?: readonly string[];
  readonly categories?: readonly string[];
  /** Verbs served; default: all of create delete deletecollection get list patch update watch. */
  readonly verbs?: readonly string[];
  /** OpenAPI definition name, e.g. "io.k8s.api.core.v1.Pod". */
  readonly definition: string;
  /** Subresources. `status` means a status subresource with the generic status strategy. */
  readonly subresources?: {
    readonly status?: boolean;
    /**
     * The status subresource's own strategy (e.g. from `statusStrategyOf`), run after the
     * generic rule that a status update changes nothing but `status`. Default: the main
     * strategy's validate and validateUpdate.
     */
    readonly statusStrategy?: Strategy;
    readonly scale?: ScaleDef;
    /** Names of other subresources (log, exec, binding, eviction, ...) served elsewhere. */
    readonly others?: readonly string[];
    /**
     * Strategies of other subresources written with a plain update (namespaces/finalize),
     * used instead of the main strategy for prepareForUpdate and validation.
     */
    readonly strategies?: Readonly<Record<string, Strategy>>;
  };
  readonly strategy?: Strategy;
  /**
   * Not stored: a create is answered with the object and its status, worked out for the
   * requesting user (SelfSubjectAccessReview and the like; see apiserver/rest/reviews.ts).
   */
  readonly review?: boolean;
  /** The rule for metadata.name (default: DNS-1123 subdomain, as most kinds). */
  readonly nameValidator?: NameValidator;
  /** Table columns; absent: NAME, AGE. */
  readonly table?: TableDef;
  /**
   * Field selectors beyond metadata.name and metadata.namespace (which every kind supports):
   * field path -> value of the object for that field.
   */
  readonly fieldSelectors?: Readonly<Record<string, (obj: Readonly<KubeObject>) => string | undefined>>;
  /** Objects of this kind expire this many seconds after their last write (Events: 3600). */
  readonly ttlSeconds?: number;
  /**
   * Another group/version serving the same stored objects (events.k8s.io/v1 Event shares
   * core/v1 Event storage): the resource whose storage this one reuses, and conversions.
   */
  readonly storedAs?: {
    readonly group: string;
    readonly resource: string;
    /** Converts an object of this version to the stored version. */
    toStored(obj: KubeObject): KubeObject;
    /** Converts a stored object to this version. */
    fromStored(obj: Readonly<KubeObject>): KubeObject;
  };
}
