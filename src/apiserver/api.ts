/**
 * The served API: every resource definition with its storage, and the admission chain.
 * Built once at start-up from the kind registry.
 */
import { apiVersionOf } from "../api/registry.js";
import type { KubeObject, ResourceDef } from "../api/types.js";
import type { Store } from "../storage/types.js";
import { ResourceStorage } from "./registry/storage.js";
import { knownText, rememberText } from "./registry/texts.js";
import type { ServiceAccountTokens } from "./sa-tokens.js";

/** A write about to be persisted, as admission plugins see it. */
export interface AdmissionRequest {
  readonly operation: "CREATE" | "UPDATE" | "DELETE";
  readonly def: ResourceDef;
  readonly subresource: string;
  readonly namespace: string;
  readonly name: string;
  /** The new object (CREATE, UPDATE); plugins may mutate it. */
  readonly object?: KubeObject;
  readonly old?: Readonly<KubeObject>;
  readonly dryRun: boolean;
}

/**
 * An admission plugin: runs after validation, before storage. Throws an ApiError to refuse.
 * `committed` runs after the write succeeded (e.g. to release allocations), `aborted` when
 * the write failed after admit succeeded (to undo allocations).
 */
export interface AdmissionPlugin {
  readonly name: string;
  admit(req: AdmissionRequest, api: Api): Promise<void>;
  committed?(req: AdmissionRequest, api: Api): Promise<void>;
  aborted?(req: AdmissionRequest, api: Api): Promise<void>;
}

export interface ApiOptions {
  readonly store: Store;
  readonly resources: readonly ResourceDef[];
  readonly admission?: readonly AdmissionPlugin[];
  /** Injectable clock. */
  readonly now?: () => Date;
  /** Issues and checks service account tokens (serviceaccounts/token); none: not served. */
  readonly serviceAccountTokens?: ServiceAccountTokens;
}

export class Api {
  readonly store: Store;
  readonly resources: readonly ResourceDef[];
  /** The resources that hold objects in storage of their own (not converted views, not reviews). */
  readonly storedResources: readonly ResourceDef[];
  readonly admission: readonly AdmissionPlugin[];
  readonly now: () => Date;
  readonly serviceAccountTokens?: ServiceAccountTokens;
  private readonly storages = new Map<string, ResourceStorage>();
  private readonly byPath = new Map<string, ResourceDef>();
  private readonly byKind = new Map<string, ResourceDef>();

  constructor(opts: ApiOptions) {
    this.store = opts.store;
    this.resources = opts.resources;
    const stored = (d: ResourceDef) => !d.storedAs && !d.review;
    this.storedResources = opts.resources.filter(stored);
    this.admission = opts.admission ?? [];
    this.now = opts.now ?? (() => new Date());
    this.serviceAccountTokens = opts.serviceAccountTokens;
    for (const def of opts.resources) {
      this.byPath.set(`${def.group}/${def.version}/${def.resource}`, def);
      this.byKind.set(`${apiVersionOf(def)}/${def.kind}`, def);
      if (stored(def)) {
        this.storages.set(
          `${def.group}/${def.resource}`,
          new ResourceStorage(
            opts.store,
            { group: def.group, resource: def.resource },
            def.namespaced,
            def.ttlSeconds,
          ),
        );
      }
    }
  }

  /** The definition served at /<group>/<version>/<resource>. */
  lookup(group: string, version: string, resource: string): ResourceDef | undefined {
    return this.byPath.get(`${group}/${version}/${resource}`);
  }

  /** The definition of an apiVersion + kind. */
  lookupKind(apiVersion: string, kind: string): ResourceDef | undefined {
    return this.byKind.get(`${apiVersion}/${kind}`);
  }

  /** The storage holding a resource's objects (shared by versions served from one storage). */
  storage(def: ResourceDef): ResourceStorage {
    const key = def.storedAs
      ? `${def.storedAs.group}/${def.storedAs.resource}`
      : `${def.group}/${def.resource}`;
    const s = this.storages.get(key);
    if (!s) throw new Error(`no storage for ${key}`);
    return s;
  }

  /** Converts a stored object to `def`'s version (identity unless served from other storage). */
  fromStored(def: ResourceDef, obj: Readonly<KubeObject>): KubeObject {
    const out = def.storedAs ? def.storedAs.fromStored(obj) : ({ ...obj } as KubeObject);
    out.apiVersion = apiVersionOf(def);
    out.kind = def.kind;
    // The same object in the same version: its stored text, if known, is its text too.
    const text = def.storedAs ? undefined : knownText(obj);
    if (text !== undefined && obj.apiVersion === out.apiVersion && obj.kind === out.kind)
      rememberText(out, text);
    return out;
  }

  /** Converts an object of `def`'s version to its stored form. */
  toStored(def: ResourceDef, obj: KubeObject): KubeObject {
    return def.storedAs ? def.storedAs.toStored(obj) : obj;
  }

  /** Starts every watch cache (objects loaded, storage followed). */
  async start(): Promise<void> {
    await Promise.all([...this.storages.values()].map((s) => s.cache.ready()));
  }

  stop(): void {
    for (const s of this.storages.values()) s.cache.stop();
  }
}
