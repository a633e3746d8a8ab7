/**
 * core/v1 LimitRange: Container items get default limits from max and default requests from
 * limits or min (as upstream's SetDefaults_LimitRangeItem); min <= defaultRequest <= default
 * <= max. Upstream has no printer for it, so the table is the generic NAME, CREATED AT.
 */
import type { LimitRange } from "kubernetes-types/core/v1.js";
import { canonicalizeResourceList, Quantity } from "../common/quantity.js";
import { validateResourceList } from "../common/resources.js";
import { NAME_COLUMN, nameOf } from "../common/table.js";
import { entries, isObject, type JsonObject, list, str } from "../common/values.js";
import { duplicate, type FieldError, forbidden, invalid, type Path, path, required } from "../field.js";
import type { KubeObject, ResourceDef, Strategy, TableDef } from "../types.js";

const bounds = ["max", "min", "default", "defaultRequest", "maxLimitRequestRatio"] as const;

export function defaultLimitRange(obj: KubeObject): void {
  const spec = isObject(obj.spec) ? obj.spec : {};
  for (const item of list(spec.limits)) {
    if (!isObject(item)) continue;
    for (const b of bounds) canonicalizeResourceList(item[b]);
    if (item.type !== "Container") continue;
    const def: JsonObject = isObject(item.default) ? item.default : {};
    const defReq: JsonObject = isObject(item.defaultRequest) ? item.defaultRequest : {};
    for (const [k, v] of entries(item.max)) if (def[k] === undefined) def[k] = v;
    for (const [k, v] of entries(def)) if (defReq[k] === undefined) defReq[k] = v;
    for (const [k, v] of entries(item.min)) if (defReq[k] === undefined) defReq[k] = v;
    if (Object.keys(def).length > 0) item.default = def;
    if (Object.keys(defReq).length > 0) item.defaultRequest = defReq;
  }
}

function quantities(rl: unknown): Map<string, Quantity> {
  const m = new Map<string, Quantity>();
  for (const [k, v] of entries(rl)) {
    const q = Quantity.parse(v);
    if (q) m.set(k, q);
  }
  return m;
}

function item(x: unknown, p: Path): FieldError[] {
  const it = isObject(x) ? x : {};
  const errs: FieldError[] = [];
  for (const b of bounds) errs.push(...validateResourceList(it[b], p.child(b)));
  const type = str(it.type);
  if (type === "Pod") {
    if (entries(it.default).length > 0)
      errs.push(forbidden(p.child("default"), "may not be specified when `type` is 'Pod'"));
    if (entries(it.defaultRequest).length > 0)
      errs.push(forbidden(p.child("defaultRequest"), "may not be specified when `type` is 'Pod'"));
  }
  const [max, min, def, defReq, ratio] = bounds.map((b) => quantities(it[b]));
  if (type === "PersistentVolumeClaim" && !min!.has("storage") && !max!.has("storage")) {
    errs.push(
      required(
        p.child("limits"),
        "either minimum or maximum storage value is required, but neither was provided",
      ),
    );
  }
  const keys = new Set([...max!.keys(), ...min!.keys(), ...def!.keys(), ...defReq!.keys(), ...ratio!.keys()]);
  for (const k of keys) {
    const [mx, mn, d, dr, r] = [max!.get(k), min!.get(k), def!.get(k), defReq!.get(k), ratio!.get(k)];
    const bad = (b: string, q: Quantity, msg: string) =>
      errs.push(invalid(p.child(b).key(k), q.toString(), msg));
    if (mn && mx && mn.cmp(mx) > 0) bad("min", mn, `min value ${mn} is greater than max value ${mx}`);
    if (dr && mn && mn.cmp(dr) > 0)
      bad("defaultRequest", dr, `min value ${mn} is greater than default request value ${dr}`);
    if (dr && mx && dr.cmp(mx) > 0)
      bad("defaultRequest", dr, `default request value ${dr} is greater than max value ${mx}`);
    if (dr && d && dr.cmp(d) > 0)
      bad("defaultRequest", dr, `default request value ${dr} is greater than default limit value ${d}`);
    if (d && mn && mn.cmp(d) > 0) bad("default", mn, `min value ${mn} is greater than default value ${d}`);
    if (d && mx && d.cmp(mx) > 0) bad("default", mx, `default value ${d} is greater than max value ${mx}`);
    if (r && r.cmp(Quantity.of(1)) < 0) bad("maxLimitRequestRatio", r, `ratio ${r} is less than 1`);
    if (r && mx && mn && mn.nanos > 0n) {
      const maxRatio = Number(mx.nanos) / Number(mn.nanos);
      if (Number(r.nanos) / 1e9 > maxRatio) {
        bad("maxLimitRequestRatio", r, `ratio ${r} is greater than max/min = ${maxRatio.toFixed(6)}`);
      }
    }
  }
  return errs;
}

/** Field errors of a LimitRange. */
export function validateLimitRange(lr: Readonly<LimitRange>): FieldError[] {
  const p = path("spec").child("limits");
  const errs: FieldError[] = [];
  const seen = new Set<string>();
  list(lr.spec?.limits).forEach((x, i) => {
    const type = str(isObject(x) ? x.type : "");
    if (seen.has(type)) errs.push(duplicate(p.index(i).child("type"), type));
    seen.add(type);
    errs.push(...item(x, p.index(i)));
  });
  return errs;
}

const asLR = (obj: Readonly<KubeObject>) => obj as unknown as LimitRange;

export const limitRangeStrategy: Strategy = {
  defaults: defaultLimitRange,
  validate: (obj) => validateLimitRange(asLR(obj)),
};

/** The generic table upstream serves for kinds without a printer. */
export const limitRangeTable: TableDef = {
  columns: [
    NAME_COLUMN,
    {
      name: "Created At",
      type: "date",
      description:
        "CreationTimestamp is a timestamp representing the server time when this object was created.",
    },
  ],
  cells: (obj) => [nameOf(obj), str(obj.metadata?.creationTimestamp)],
};

export const limitRangeResource: ResourceDef = {
  group: "",
  version: "v1",
  kind: "LimitRange",
  resource: "limitranges",
  singular: "limitrange",
  namespaced: true,
  shortNames: ["limits"],
  definition: "io.k8s.api.core.v1.LimitRange",
  strategy: limitRangeStrategy,
  table: limitRangeTable,
};
