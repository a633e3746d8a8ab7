/**
 * core/v1 ResourceQuota: hard limits on standard or qualified resources; status (used/hard)
 * is written by the quota controller through resourcequotas/status.
 */
import type { ResourceQuota } from "kubernetes-types/core/v1.js";
import { isQualifiedName } from "../common/names.js";
import { canonicalizeResourceList, Quantity } from "../common/quantity.js";
import { INTEGER_RESOURCES, validateResourceQuantityValue } from "../common/resources.js";
import { keepStatus, resetStatus, statusStrategyOf } from "../common/status.js";
import { AGE_COLUMN, ageOf, column, NAME_COLUMN, nameOf } from "../common/table.js";
import { entries, isObject, type JsonObject, list, str } from "../common/values.js";
import { type FieldError, invalid, notSupported, path } from "../field.js";
import type { KubeObject, ResourceDef, Strategy, TableDef } from "../types.js";

const standardQuota = new Set([
  ...INTEGER_RESOURCES,
  "cpu",
  "memory",
  "ephemeral-storage",
  "storage",
  "requests.cpu",
  "requests.memory",
  "requests.storage",
  "requests.ephemeral-storage",
  "limits.cpu",
  "limits.memory",
  "limits.ephemeral-storage",
]);
const scopes = [
  "BestEffort",
  "CrossNamespacePodAffinity",
  "NotBestEffort",
  "NotTerminating",
  "PriorityClass",
  "Terminating",
];

function isStandardQuotaResource(name: string): boolean {
  return (
    standardQuota.has(name) ||
    name.startsWith("count/") ||
    name.startsWith("hugepages-") ||
    name.startsWith("requests.hugepages-") ||
    name.includes("/")
  );
}

/** Field errors of a ResourceQuota's spec. */
export function validateResourceQuota(rq: Readonly<ResourceQuota>): FieldError[] {
  const errs: FieldError[] = [];
  const hp = path("spec").child("hard");
  for (const [k, v] of entries(rq.spec?.hard)) {
    const kp = hp.key(k);
    for (const m of isQualifiedName(k)) errs.push(invalid(kp, k, m));
    if (!isStandardQuotaResource(k)) errs.push(invalid(kp, k, "must be a standard resource for quota"));
    errs.push(...validateResourceQuantityValue(k, v, kp));
  }
  list(rq.spec?.scopes).forEach((s, i) => {
    if (!scopes.includes(str(s)))
      errs.push(notSupported(path("spec").child("scopes").index(i), str(s), scopes));
  });
  return errs;
}

const asRQ = (obj: Readonly<KubeObject>) => obj as unknown as ResourceQuota;

export const resourceQuotaStrategy: Strategy = {
  defaults(obj) {
    if (isObject(obj.spec)) canonicalizeResourceList(obj.spec.hard);
    if (isObject(obj.status)) {
      canonicalizeResourceList(obj.status.hard);
      canonicalizeResourceList(obj.status.used);
    }
  },
  prepareForCreate: (obj) => resetStatus(obj),
  prepareForUpdate: keepStatus,
  validate: (obj) => validateResourceQuota(asRQ(obj)),
};

/** resourcequotas/status: only status changes. */
export const resourceQuotaStatusStrategy: Strategy = statusStrategyOf(resourceQuotaStrategy, {
  prepareForUpdate(obj) {
    if (isObject(obj.status)) {
      canonicalizeResourceList(obj.status.hard);
      canonicalizeResourceList(obj.status.used);
    }
  },
  validateUpdate(obj) {
    const errs: FieldError[] = [];
    const st: JsonObject = isObject(obj.status) ? obj.status : {};
    for (const f of ["hard", "used"]) {
      for (const [k, v] of entries(st[f]))
        errs.push(...validateResourceQuantityValue(k, v, path("status").child(f).key(k)));
    }
    return errs;
  },
});

/** The REQUEST and LIMIT cells: "resource: used/hard" for each hard resource, limits.* in LIMIT. */
export function quotaCells(rq: Readonly<KubeObject>): { request: string; limit: string } {
  const status: JsonObject = isObject(rq.status) ? rq.status : {};
  const used = new Map(entries(status.used));
  const request: string[] = [];
  const limit: string[] = [];
  for (const [name, hard] of entries(status.hard).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const u = Quantity.parse(used.get(name))?.toString() ?? "0";
    const h = Quantity.parse(hard)?.toString() ?? "0";
    const pieces = name.split(".");
    (pieces.length > 1 && pieces[0] === "limits" ? limit : request).push(`${name}: ${u}/${h}`);
  }
  return { request: request.join(", "), limit: limit.join(", ") };
}

export const resourceQuotaTable: TableDef = {
  columns: [
    NAME_COLUMN,
    AGE_COLUMN,
    column("Request", "Request represents a minimum amount of cpu/memory that a container may consume."),
    column(
      "Limit",
      "Limits control the maximum amount of cpu/memory that a container may use independent of contention on the node.",
    ),
  ],
  cells(obj, now) {
    const { request, limit } = quotaCells(obj);
    return [nameOf(obj), ageOf(obj, now), request, limit];
  },
};

export const resourceQuotaResource: ResourceDef = {
  group: "",
  version: "v1",
  kind: "ResourceQuota",
  resource: "resourcequotas",
  singular: "resourcequota",
  namespaced: true,
  shortNames: ["quota"],
  definition: "io.k8s.api.core.v1.ResourceQuota",
  subresources: { status: true, statusStrategy: resourceQuotaStatusStrategy },
  strategy: resourceQuotaStrategy,
  table: resourceQuotaTable,
};
