/**
 * Pod update validation as upstream's ValidatePodUpdate: a pod's spec is immutable except
 * container images, activeDeadlineSeconds (shortened), added tolerations and removed
 * scheduling gates. Also the status update check of pod IPs.
 */
import type { Pod } from "kubernetes-types/core/v1.js";
import { inclusiveRangeError } from "../common/names.js";
import {
  clone,
  deepEqual,
  ipFamilyOf,
  isObject,
  type JsonObject,
  list,
  num,
  str,
  VALID_IP_MESSAGE,
} from "../common/values.js";
import { duplicate, type FieldError, forbidden, invalid, path } from "../field.js";

const updatableFields = [
  "`spec.containers[*].image`",
  "`spec.initContainers[*].image`",
  "`spec.activeDeadlineSeconds`",
  "`spec.tolerations` (only additions to existing tolerations)",
  "`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)",
];

/** The message of upstream's forbidden pod spec change, without the trailing diff. */
export const POD_SPEC_UPDATE_FORBIDDEN = `pod updates may not change fields other than ${updatableFields.join(",")}`;

const goName = (k: string) => k.charAt(0).toUpperCase() + k.slice(1);

/** A short diff in the spirit of upstream's cmp.Diff: the top-level fields that differ. */
function specDiff(old: JsonObject, munged: JsonObject): string {
  const keys = [...new Set([...Object.keys(old), ...Object.keys(munged)])].sort();
  const lines = ["  core.PodSpec{"];
  let same = 0;
  for (const k of keys) {
    if (deepEqual(old[k], munged[k])) {
      same++;
      continue;
    }
    if (old[k] !== undefined) lines.push(`- \t${goName(k)}: ${JSON.stringify(old[k])},`);
    if (munged[k] !== undefined) lines.push(`+ \t${goName(k)}: ${JSON.stringify(munged[k])},`);
  }
  if (same > 0) lines.splice(1, 0, `  \t... // ${same} identical fields`);
  lines.push("  }");
  return lines.join("\n");
}

function onlyAddedTolerations(newT: unknown, oldT: unknown): FieldError[] {
  const p = path("spec").child("tolerations");
  for (const o of list(oldT)) {
    const found = list(newT).some((n) => {
      if (!isObject(o) || !isObject(n)) return deepEqual(o, n);
      return deepEqual({ ...o, tolerationSeconds: n.tolerationSeconds }, n);
    });
    if (!found) return [forbidden(p, "existing toleration can not be modified except its tolerationSeconds")];
  }
  return [];
}

function containerCounts(newC: unknown, oldC: unknown, field: string): FieldError[] {
  return list(newC).length === list(oldC).length
    ? []
    : [forbidden(path("spec").child(field), "pod updates may not add or remove containers")];
}

/**
 * Field errors of a Pod update beyond those of the new pod alone (which `validatePodCreate`
 * reports; the API server runs both): what may change in a pod's spec.
 */
export function validatePodUpdate(pod: Readonly<Pod>, old: Readonly<Pod>): FieldError[] {
  const spec = (isObject(pod.spec) ? pod.spec : {}) as JsonObject;
  const oldSpec = (isObject(old.spec) ? old.spec : {}) as JsonObject;
  const sp = path("spec");
  const errs: FieldError[] = [];
  const counts = [
    ...containerCounts(spec.containers, oldSpec.containers, "containers"),
    ...containerCounts(spec.initContainers, oldSpec.initContainers, "initContainers"),
  ];
  if (counts.length > 0) return [...errs, ...counts];

  const ads = num(spec.activeDeadlineSeconds);
  const oldAds = num(oldSpec.activeDeadlineSeconds);
  if (ads !== undefined) {
    if (ads < 0 || ads > 2147483647)
      return [...errs, invalid(sp.child("activeDeadlineSeconds"), ads, inclusiveRangeError(0, 2147483647))];
    if (oldAds !== undefined && oldAds < ads) {
      return [
        ...errs,
        invalid(sp.child("activeDeadlineSeconds"), ads, "must be less than or equal to previous value"),
      ];
    }
  } else if (oldAds !== undefined) {
    errs.push(
      invalid(
        sp.child("activeDeadlineSeconds"),
        null,
        "must not update from a positive integer to nil value",
      ),
    );
  }
  errs.push(...onlyAddedTolerations(spec.tolerations, oldSpec.tolerations));
  const oldGates = new Set(list(oldSpec.schedulingGates).map((g) => str(isObject(g) ? g.name : "")));
  for (const g of list(spec.schedulingGates)) {
    const name = str(isObject(g) ? g.name : "");
    if (!oldGates.has(name)) {
      errs.push(
        forbidden(
          sp.child("schedulingGates"),
          `only deletion is allowed, but found new scheduling gate '${name}'`,
        ),
      );
    }
  }
  if (deepEqual(spec, oldSpec)) return errs;

  const munged = clone(spec);
  for (const field of ["containers", "initContainers"]) {
    const oldCs = list(oldSpec[field]);
    list(munged[field]).forEach((c, i) => {
      const oc = oldCs[i];
      if (isObject(c) && isObject(oc)) {
        if (oc.image === undefined) delete c.image;
        else c.image = oc.image;
      }
    });
  }
  for (const field of ["activeDeadlineSeconds", "schedulingGates", "tolerations"]) {
    if (oldSpec[field] === undefined) delete munged[field];
    else munged[field] = clone(oldSpec[field]);
  }
  const oldTgp = num(oldSpec.terminationGracePeriodSeconds);
  if (oldTgp !== undefined && oldTgp < 0 && munged.terminationGracePeriodSeconds === 1) {
    munged.terminationGracePeriodSeconds = oldTgp;
  }
  if (list(oldSpec.schedulingGates).length > 0) {
    // Gated pods may gain node selectors and affinity before they are scheduled.
    for (const field of ["nodeSelector", "affinity"]) {
      if (oldSpec[field] === undefined) delete munged[field];
      else munged[field] = clone(oldSpec[field]);
    }
  }
  if (!deepEqual(munged, oldSpec)) {
    errs.push(forbidden(sp, `${POD_SPEC_UPDATE_FORBIDDEN}\n${specDiff(oldSpec, munged)}`));
  }
  return errs;
}

function ipList(status: JsonObject, field: string): FieldError[] {
  const errs: FieldError[] = [];
  const p = path("status").child(field);
  const ips = list(status[field]).map((x) => str(isObject(x) ? x.ip : ""));
  const seen = new Set<string>();
  ips.forEach((ip, i) => {
    if (ipFamilyOf(ip) === 0) errs.push(invalid(p.index(i).child("ip"), ip, VALID_IP_MESSAGE));
    else if (seen.has(ip)) errs.push(duplicate(p.index(i).child("ip"), ip));
    seen.add(ip);
  });
  if (ips.length > 2)
    errs.push(invalid(p, ips.join(","), "may specify no more than one IP for each IP family"));
  else if (ips.length === 2 && ipFamilyOf(ips[0]!) === ipFamilyOf(ips[1]!)) {
    errs.push(invalid(p, ips.join(","), "may specify no more than one IP for each IP family"));
  }
  return errs;
}

/** Field errors of an update of pods/status: pod and host IPs must be valid and one per family. */
export function validatePodStatusUpdate(pod: Readonly<Pod>): FieldError[] {
  const status = (isObject(pod.status) ? pod.status : {}) as JsonObject;
  return [...ipList(status, "podIPs"), ...ipList(status, "hostIPs")];
}
