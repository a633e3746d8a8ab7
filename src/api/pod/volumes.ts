/** Pod volumes (spec.volumes) validated as upstream's ValidateVolumes. */

import { isDNS1123Label } from "../common/names.js";
import { Quantity } from "../common/quantity.js";
import { isObject, type JsonObject, list, num, str } from "../common/values.js";
import {
  duplicate,
  type FieldError,
  forbidden,
  invalid,
  notSupported,
  type Path,
  required,
} from "../field.js";
import { HOST_PATH_TYPES } from "../openapi/enums.js";

/** Upstream's order of volume sources: the first one set counts, later ones are "more than 1". */
const sourceOrder = [
  "emptyDir",
  "hostPath",
  "gitRepo",
  "gcePersistentDisk",
  "awsElasticBlockStore",
  "secret",
  "nfs",
  "iscsi",
  "glusterfs",
  "flocker",
  "persistentVolumeClaim",
  "rbd",
  "quobyte",
  "cephfs",
  "cinder",
  "flexVolume",
  "downwardAPI",
  "fc",
  "azureFile",
  "configMap",
  "vsphereVolume",
  "photonPersistentDisk",
  "portworxVolume",
  "azureDisk",
  "storageos",
  "projected",
  "scaleIO",
  "csi",
  "ephemeral",
  "image",
];

const hostPathTypes = HOST_PATH_TYPES;
const FILE_MODE_MSG = "must be a number between 0 and 0777 (octal), both inclusive";

export function validatePathNoBacksteps(target: string, p: Path): FieldError[] {
  return target.split("/").includes("..") ? [invalid(p, target, "must not contain '..'")] : [];
}

/** A path relative to the volume root that stays inside it. */
export function validateLocalDescendingPath(target: string, p: Path): FieldError[] {
  const errs: FieldError[] = [];
  if (target.startsWith("/")) errs.push(invalid(p, target, "must be a relative path"));
  errs.push(...validatePathNoBacksteps(target, p));
  return errs;
}

function validateLocalNonReservedPath(target: string, p: Path): FieldError[] {
  const errs = validateLocalDescendingPath(target, p);
  if (target.startsWith("..")) errs.push(invalid(p, target, "must not start with '..'"));
  return errs;
}

function fileMode(v: unknown, p: Path): FieldError[] {
  const mode = num(v);
  if (mode === undefined) return [];
  return mode < 0 || mode > 0o777 ? [invalid(p, mode, FILE_MODE_MSG)] : [];
}

function keyToPaths(items: unknown, p: Path): FieldError[] {
  const errs: FieldError[] = [];
  list(items).forEach((x, i) => {
    const item = isObject(x) ? x : {};
    const ip = p.index(i);
    if (str(item.key) === "") errs.push(required(ip.child("key")));
    if (str(item.path) === "") errs.push(required(ip.child("path")));
    else errs.push(...validateLocalNonReservedPath(str(item.path), ip.child("path")));
    errs.push(...fileMode(item.mode, ip.child("mode")));
  });
  return errs;
}

function downwardAPIItems(items: unknown, p: Path): FieldError[] {
  const errs: FieldError[] = [];
  list(items).forEach((x, i) => {
    const item = isObject(x) ? x : {};
    const ip = p.index(i);
    if (str(item.path) === "") errs.push(required(ip.child("path")));
    else errs.push(...validateLocalNonReservedPath(str(item.path), ip.child("path")));
    errs.push(...fileMode(item.mode, ip.child("mode")));
    const hasField = item.fieldRef !== undefined && item.fieldRef !== null;
    const hasResource = item.resourceFieldRef !== undefined && item.resourceFieldRef !== null;
    if (hasField && hasResource) {
      errs.push(invalid(ip, "resource", "fieldRef and resourceFieldRef can not be specified simultaneously"));
    } else if (!hasField && !hasResource) {
      errs.push(required(ip, "one of fieldRef and resourceFieldRef is required"));
    }
  });
  return errs;
}

function sourceErrors(kind: string, src: JsonObject, p: Path): FieldError[] {
  const errs: FieldError[] = [];
  switch (kind) {
    case "emptyDir": {
      const q = src.sizeLimit === undefined ? undefined : Quantity.parse(src.sizeLimit);
      if (src.sizeLimit !== undefined && (!q || q.nanos < 0n)) {
        errs.push(forbidden(p.child("sizeLimit"), "SizeLimit field must be a valid resource quantity"));
      }
      break;
    }
    case "hostPath": {
      const hp = str(src.path);
      if (hp === "") return [required(p.child("path"))];
      errs.push(...validatePathNoBacksteps(hp, p.child("path")));
      if (src.type !== undefined && src.type !== null && !hostPathTypes.includes(str(src.type))) {
        errs.push(notSupported(p.child("type"), src.type, hostPathTypes));
      }
      break;
    }
    case "secret":
      if (str(src.secretName) === "") errs.push(required(p.child("secretName")));
      errs.push(...fileMode(src.defaultMode, p.child("defaultMode")));
      errs.push(...keyToPaths(src.items, p.child("items")));
      break;
    case "configMap":
      if (str(src.name) === "") errs.push(required(p.child("name")));
      errs.push(...fileMode(src.defaultMode, p.child("defaultMode")));
      errs.push(...keyToPaths(src.items, p.child("items")));
      break;
    case "persistentVolumeClaim":
      if (str(src.claimName) === "") errs.push(required(p.child("claimName")));
      break;
    case "nfs":
      if (str(src.server) === "") errs.push(required(p.child("server")));
      if (str(src.path) === "") errs.push(required(p.child("path")));
      else if (!str(src.path).startsWith("/"))
        errs.push(invalid(p.child("path"), str(src.path), "must be an absolute path"));
      break;
    case "downwardAPI":
      errs.push(...fileMode(src.defaultMode, p.child("defaultMode")));
      errs.push(...downwardAPIItems(src.items, p.child("items")));
      break;
    case "projected":
      errs.push(...fileMode(src.defaultMode, p.child("defaultMode")));
      list(src.sources).forEach((s, i) => {
        const proj = isObject(s) ? s : {};
        const sp = p.child("sources").index(i);
        const set = [
          "secret",
          "configMap",
          "downwardAPI",
          "serviceAccountToken",
          "clusterTrustBundle",
        ].filter((k) => proj[k] !== undefined && proj[k] !== null);
        if (set.length === 0) errs.push(required(sp, "must specify exactly 1 projection type"));
        for (const k of set.slice(1))
          errs.push(forbidden(sp.child(k), "may not specify more than 1 projection type"));
        if (isObject(proj.downwardAPI))
          errs.push(...downwardAPIItems(proj.downwardAPI.items, sp.child("downwardAPI").child("items")));
        if (isObject(proj.secret))
          errs.push(...keyToPaths(proj.secret.items, sp.child("secret").child("items")));
        if (isObject(proj.configMap))
          errs.push(...keyToPaths(proj.configMap.items, sp.child("configMap").child("items")));
        if (isObject(proj.serviceAccountToken) && str(proj.serviceAccountToken.path) === "") {
          errs.push(required(sp.child("serviceAccountToken").child("path")));
        }
      });
      break;
    case "csi":
      if (str(src.driver) === "") errs.push(required(p.child("driver")));
      break;
    case "ephemeral":
      if (!isObject(src.volumeClaimTemplate)) errs.push(required(p.child("volumeClaimTemplate")));
      break;
  }
  return errs;
}

/** The volume source fields of one Volume: exactly one must be set. */
export function validateVolumeSource(volume: JsonObject, p: Path): FieldError[] {
  const errs: FieldError[] = [];
  let count = 0;
  for (const kind of sourceOrder) {
    const src = volume[kind];
    if (src === undefined || src === null) continue;
    if (count > 0) {
      errs.push(forbidden(p.child(kind), "may not specify more than 1 volume type"));
      continue;
    }
    count++;
    errs.push(...sourceErrors(kind, isObject(src) ? src : {}, p.child(kind)));
  }
  if (count === 0) errs.push(required(p, "must specify a volume type"));
  return errs;
}

/** The result of validating spec.volumes: the valid volumes by name, and the errors. */
export interface VolumesResult {
  readonly volumes: ReadonlyMap<string, JsonObject>;
  readonly errors: FieldError[];
}

/** spec.volumes: names DNS-1123 labels and unique, one source each. */
export function validateVolumes(volumes: unknown, p: Path): VolumesResult {
  const byName = new Map<string, JsonObject>();
  const errors: FieldError[] = [];
  list(volumes).forEach((x, i) => {
    const vol = isObject(x) ? x : {};
    const ip = p.index(i);
    const name = str(vol.name);
    const errs = validateVolumeSource(vol, ip);
    if (name === "") errs.push(required(ip.child("name")));
    else for (const m of isDNS1123Label(name)) errs.push(invalid(ip.child("name"), name, m));
    if (byName.has(name)) errs.push(duplicate(ip.child("name"), name));
    if (errs.length === 0) byName.set(name, vol);
    else errors.push(...errs);
  });
  return { volumes: byName, errors };
}
