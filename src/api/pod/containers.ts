/** Containers of a PodSpec validated as upstream's validateContainers / validateInitContainers. */

import { nonNegative } from "../common/checks.js";
import {
  isConfigMapKey,
  isDNS1123Label,
  isDNS1123Subdomain,
  isEnvVarName,
  isQualifiedName,
  isValidPortName,
  isValidPortNum,
} from "../common/names.js";
import { Quantity } from "../common/quantity.js";
import { validateResourceQuantityValue } from "../common/resources.js";
import { entries, isObject, type JsonObject, list, num, str } from "../common/values.js";
import {
  duplicate,
  type FieldError,
  forbidden,
  invalid,
  notFound,
  notSupported,
  type Path,
  required,
} from "../field.js";
import { validateLocalDescendingPath } from "./volumes.js";

/** The lists of a pod spec that hold containers, in upstream's visiting order. */
export const CONTAINER_GROUPS = ["initContainers", "containers", "ephemeralContainers"] as const;

/** What container validation needs to know about the rest of the pod. */
export interface ContainerContext {
  /** Volumes of the pod by name (mounts must name one). */
  readonly volumes: ReadonlyMap<string, JsonObject>;
  /** Names already used by other containers of the pod; added to. */
  readonly names: Set<string>;
}

const protocols = ["SCTP", "TCP", "UDP"];
const envFieldPaths = [
  "metadata.name",
  "metadata.namespace",
  "metadata.uid",
  "spec.nodeName",
  "spec.serviceAccountName",
  "status.hostIP",
  "status.hostIPs",
  "status.podIP",
  "status.podIPs",
];
const containerResources = new Set(["cpu", "memory", "ephemeral-storage"]);

/** A port given as a number or a port name (targetPort, probe ports). */
export function validatePortNumOrName(port: unknown, p: Path): FieldError[] {
  if (typeof port === "number") return isValidPortNum(port).map((m) => invalid(p, port, m));
  if (typeof port === "string") return isValidPortName(port).map((m) => invalid(p, port, m));
  return [invalid(p, port ?? "", "must be a port number or name")];
}

function ports(ctr: JsonObject, p: Path): FieldError[] {
  const errs: FieldError[] = [];
  const names = new Set<string>();
  list(ctr.ports).forEach((x, i) => {
    const port = isObject(x) ? x : {};
    const ip = p.index(i);
    const name = str(port.name);
    if (name !== "") {
      const msgs = isValidPortName(name);
      if (msgs.length > 0) for (const m of msgs) errs.push(invalid(ip.child("name"), name, m));
      else if (names.has(name)) errs.push(duplicate(ip.child("name"), name));
      else names.add(name);
    }
    const cp = num(port.containerPort) ?? 0;
    if (cp === 0) errs.push(required(ip.child("containerPort")));
    else for (const m of isValidPortNum(cp)) errs.push(invalid(ip.child("containerPort"), cp, m));
    const hp = num(port.hostPort) ?? 0;
    if (hp !== 0) for (const m of isValidPortNum(hp)) errs.push(invalid(ip.child("hostPort"), hp, m));
    const proto = str(port.protocol);
    if (proto === "") errs.push(required(ip.child("protocol")));
    else if (!protocols.includes(proto)) errs.push(notSupported(ip.child("protocol"), proto, protocols));
  });
  return errs;
}

function keySelector(sel: JsonObject, p: Path): FieldError[] {
  const errs: FieldError[] = [];
  const name = str(sel.name);
  for (const m of isDNS1123Subdomain(name)) errs.push(invalid(p.child("name"), name, m));
  const key = str(sel.key);
  if (key === "") errs.push(required(p.child("key")));
  else for (const m of isConfigMapKey(key)) errs.push(invalid(p.child("key"), key, m));
  return errs;
}

function fieldSelector(sel: JsonObject, p: Path): FieldError[] {
  if (str(sel.apiVersion) === "") return [required(p.child("apiVersion"))];
  const fp = str(sel.fieldPath);
  if (fp === "") return [required(p.child("fieldPath"))];
  const sub = /^(metadata\.(?:labels|annotations))\['(.*)'\]$/.exec(fp);
  if (sub) {
    const key = sub[1] === "metadata.annotations" ? sub[2]!.toLowerCase() : sub[2]!;
    return isQualifiedName(key).map((m) => invalid(p, key, m));
  }
  return envFieldPaths.includes(fp) ? [] : [notSupported(p.child("fieldPath"), fp, envFieldPaths)];
}

function env(ctr: JsonObject, cp: Path): FieldError[] {
  const errs: FieldError[] = [];
  const p = cp.child("env");
  list(ctr.env).forEach((x, i) => {
    const ev = isObject(x) ? x : {};
    const ip = p.index(i);
    const name = str(ev.name);
    if (name === "") errs.push(required(ip.child("name")));
    else for (const m of isEnvVarName(name)) errs.push(invalid(ip.child("name"), name, m));
    if (!isObject(ev.valueFrom)) return;
    const vf = ev.valueFrom;
    const vp = ip.child("valueFrom");
    let sources = 0;
    if (isObject(vf.fieldRef)) {
      sources++;
      errs.push(...fieldSelector(vf.fieldRef, vp.child("fieldRef")));
    }
    if (isObject(vf.resourceFieldRef)) {
      sources++;
      if (str(vf.resourceFieldRef.resource) === "")
        errs.push(required(vp.child("resourceFieldRef").child("resource")));
    }
    if (isObject(vf.configMapKeyRef)) {
      sources++;
      errs.push(...keySelector(vf.configMapKeyRef, vp.child("configMapKeyRef")));
    }
    if (isObject(vf.secretKeyRef)) {
      sources++;
      errs.push(...keySelector(vf.secretKeyRef, vp.child("secretKeyRef")));
    }
    if (sources === 0) {
      errs.push(
        invalid(
          vp,
          "",
          "must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`",
        ),
      );
    } else if (str(ev.value) !== "") {
      errs.push(invalid(vp, "", "may not be specified when `value` is not empty"));
    } else if (sources > 1) {
      errs.push(invalid(vp, "", "may not have more than one field specified at a time"));
    }
  });
  list(ctr.envFrom).forEach((x, i) => {
    const ef = isObject(x) ? x : {};
    const ip = cp.child("envFrom").index(i);
    const prefix = str(ef.prefix);
    if (prefix !== "")
      for (const m of isEnvVarName(prefix)) errs.push(invalid(ip.child("prefix"), prefix, m));
    const set = ["configMapRef", "secretRef"].filter((k) => isObject(ef[k]));
    if (set.length === 0) errs.push(invalid(ip, "", "must specify one of: `configMapRef` or `secretRef`"));
    else if (set.length > 1)
      errs.push(invalid(ip, "", "may not have more than one field specified at a time"));
  });
  return errs;
}

function handler(h: unknown, p: Path, kinds: readonly string[]): FieldError[] {
  const obj = isObject(h) ? h : {};
  const errs: FieldError[] = [];
  let count = 0;
  for (const kind of kinds) {
    const a = obj[kind];
    if (a === undefined || a === null) continue;
    if (count > 0) {
      errs.push(forbidden(p.child(kind), "may not specify more than 1 handler type"));
      continue;
    }
    count++;
    const act = isObject(a) ? a : {};
    const ap = p.child(kind);
    if (kind === "exec" && list(act.command).length === 0) errs.push(required(ap.child("command")));
    if (kind === "httpGet") {
      if (str(act.path) === "") errs.push(required(ap.child("path")));
      errs.push(...validatePortNumOrName(act.port, ap.child("port")));
      if (!["HTTP", "HTTPS"].includes(str(act.scheme)))
        errs.push(notSupported(ap.child("scheme"), str(act.scheme), ["HTTP", "HTTPS"]));
    }
    if (kind === "tcpSocket") errs.push(...validatePortNumOrName(act.port, ap.child("port")));
    if (kind === "grpc")
      for (const m of isValidPortNum(num(act.port) ?? 0))
        errs.push(invalid(ap.child("port"), num(act.port) ?? 0, m));
    if (kind === "sleep") errs.push(...nonNegative(act.seconds, ap.child("seconds")));
  }
  if (count === 0) errs.push(required(p, "must specify a handler type"));
  return errs;
}

function probe(pr: unknown, p: Path): FieldError[] {
  if (!isObject(pr)) return [];
  const errs = handler(pr, p, ["exec", "httpGet", "tcpSocket", "grpc"]);
  for (const f of [
    "initialDelaySeconds",
    "timeoutSeconds",
    "periodSeconds",
    "successThreshold",
    "failureThreshold",
  ]) {
    errs.push(...nonNegative(pr[f], p.child(f)));
  }
  const tg = num(pr.terminationGracePeriodSeconds);
  if (tg !== undefined && tg <= 0)
    errs.push(invalid(p.child("terminationGracePeriodSeconds"), tg, "must be greater than 0"));
  return errs;
}

function probes(ctr: JsonObject, p: Path): FieldError[] {
  const errs = [
    ...probe(ctr.livenessProbe, p.child("livenessProbe")),
    ...probe(ctr.readinessProbe, p.child("readinessProbe")),
    ...probe(ctr.startupProbe, p.child("startupProbe")),
  ];
  if (isObject(ctr.readinessProbe) && ctr.readinessProbe.terminationGracePeriodSeconds !== undefined) {
    errs.push(
      invalid(
        p.child("readinessProbe").child("terminationGracePeriodSeconds"),
        ctr.readinessProbe.terminationGracePeriodSeconds,
        "must not be set for readinessProbes",
      ),
    );
  }
  for (const kind of ["livenessProbe", "startupProbe"]) {
    const pr = ctr[kind];
    if (isObject(pr) && pr.successThreshold !== undefined && pr.successThreshold !== 1) {
      errs.push(invalid(p.child(kind).child("successThreshold"), pr.successThreshold, "must be 1"));
    }
  }
  if (isObject(ctr.lifecycle)) {
    for (const hook of ["postStart", "preStop"]) {
      const h = ctr.lifecycle[hook];
      if (h !== undefined && h !== null)
        errs.push(...handler(h, p.child("lifecycle").child(hook), ["exec", "httpGet", "tcpSocket", "sleep"]));
    }
  }
  return errs;
}

/** resources.limits / resources.requests: known names, valid quantities, requests <= limits. */
export function validateResourceRequirements(res: unknown, p: Path): FieldError[] {
  if (!isObject(res)) return [];
  const errs: FieldError[] = [];
  const limits = new Map<string, Quantity>();
  const lp = p.child("limits");
  const rp = p.child("requests");
  const nameOk = (name: string, kp: Path) => {
    const msgs = isQualifiedName(name);
    if (msgs.length > 0) return msgs.map((m) => invalid(kp, name, m));
    const standard = containerResources.has(name) || name.startsWith("hugepages-") || name.includes("/");
    return standard ? [] : [invalid(kp, name, "must be a standard resource for containers")];
  };
  for (const [name, v] of entries(res.limits)) {
    const kp = lp.key(name);
    errs.push(...nameOk(name, kp), ...validateResourceQuantityValue(name, v, kp));
    const q = Quantity.parse(v);
    if (q) limits.set(name, q);
  }
  for (const [name, v] of entries(res.requests)) {
    const kp = rp.key(name);
    errs.push(...nameOk(name, kp), ...validateResourceQuantityValue(name, v, kp));
    const q = Quantity.parse(v);
    const lim = limits.get(name);
    if (!q || !lim) continue;
    const native = !name.includes("/") || name.includes("kubernetes.io/");
    const overcommit = native && !name.startsWith("hugepages-");
    if (q.cmp(lim) !== 0 && !overcommit) {
      errs.push(invalid(rp, q.toString(), `must be equal to ${name} limit of ${lim.toString()}`));
    } else if (q.cmp(lim) > 0) {
      errs.push(
        invalid(rp, q.toString(), `must be less than or equal to ${name} limit of ${lim.toString()}`),
      );
    }
  }
  return errs;
}

function volumeMounts(ctr: JsonObject, ctx: ContainerContext, p: Path): FieldError[] {
  const errs: FieldError[] = [];
  const paths = new Set<string>();
  list(ctr.volumeMounts).forEach((x, i) => {
    const m = isObject(x) ? x : {};
    const ip = p.index(i);
    const name = str(m.name);
    const mountPath = str(m.mountPath);
    if (name === "") errs.push(required(ip.child("name")));
    if (!ctx.volumes.has(name)) errs.push(notFound(ip.child("name"), name));
    if (mountPath === "") errs.push(required(ip.child("mountPath")));
    if (paths.has(mountPath)) errs.push(invalid(ip.child("mountPath"), mountPath, "must be unique"));
    paths.add(mountPath);
    const subPath = str(m.subPath);
    const subPathExpr = str(m.subPathExpr);
    if (subPath !== "") errs.push(...validateLocalDescendingPath(subPath, p.child("subPath")));
    if (subPathExpr !== "") {
      if (subPath !== "")
        errs.push(
          invalid(ip.child("subPathExpr"), subPathExpr, "subPathExpr and subPath are mutually exclusive"),
        );
      errs.push(...validateLocalDescendingPath(subPathExpr, p.child("subPathExpr")));
    }
  });
  return errs;
}

/** Checks shared by every kind of container, in upstream's order. */
function containerCommon(c: unknown, ctx: ContainerContext, p: Path): FieldError[] {
  const ctr = isObject(c) ? c : {};
  const errs: FieldError[] = [];
  const name = str(ctr.name);
  if (name === "") errs.push(required(p.child("name")));
  else for (const m of isDNS1123Label(name)) errs.push(invalid(p.child("name"), name, m));
  if (str(ctr.image) === "") errs.push(required(p.child("image")));
  const tmp = str(ctr.terminationMessagePolicy);
  if (tmp === "") errs.push(required(p.child("terminationMessagePolicy")));
  else if (tmp !== "File" && tmp !== "FallbackToLogsOnError") {
    errs.push(notSupported(p.child("terminationMessagePolicy"), tmp, ["File", "FallbackToLogsOnError"]));
  }
  errs.push(...ports(ctr, p.child("ports")));
  errs.push(...env(ctr, p));
  errs.push(...volumeMounts(ctr, ctx, p.child("volumeMounts")));
  const pull = str(ctr.imagePullPolicy);
  const pulls = ["Always", "IfNotPresent", "Never"];
  if (pull === "") errs.push(required(p.child("imagePullPolicy")));
  else if (!pulls.includes(pull)) errs.push(notSupported(p.child("imagePullPolicy"), pull, pulls));
  errs.push(...validateResourceRequirements(ctr.resources, p.child("resources")));
  return errs;
}

/** Container names are unique across the pod's containers and init containers. */
function uniqueName(c: unknown, ctx: ContainerContext, p: Path): FieldError[] {
  const name = str(isObject(c) ? c.name : "");
  if (ctx.names.has(name)) return [duplicate(p.child("name"), name)];
  ctx.names.add(name);
  return [];
}

/** Pod-only (not template) checks of containers: no whitespace around images. */
export function validateContainersOnlyForPod(containers: unknown, p: Path): FieldError[] {
  const errs: FieldError[] = [];
  list(containers).forEach((c, i) => {
    const image = str(isObject(c) ? c.image : "");
    if (image.trim() !== image)
      errs.push(invalid(p.index(i).child("image"), image, "must not have leading or trailing whitespace"));
  });
  return errs;
}

/** spec.containers. */
export function validateContainers(containers: unknown, ctx: ContainerContext, p: Path): FieldError[] {
  const cs = list(containers);
  if (cs.length === 0) return [required(p)];
  const errs: FieldError[] = [];
  cs.forEach((c, i) => {
    const ip = p.index(i);
    errs.push(...containerCommon(c, ctx, ip));
    const ctr = isObject(c) ? c : {};
    errs.push(...probes(ctr, ip));
    if (ctr.restartPolicy !== undefined && ctr.restartPolicy !== null) {
      errs.push(forbidden(ip.child("restartPolicy"), "may not be set for non-init containers"));
    }
    errs.push(...uniqueName(c, ctx, ip));
  });
  errs.push(...validateHostPorts(containers, p));
  return errs;
}

/** spec.initContainers: like containers; sidecars (restartPolicy Always) may have probes and lifecycle. */
export function validateInitContainers(containers: unknown, ctx: ContainerContext, p: Path): FieldError[] {
  const errs: FieldError[] = [];
  list(containers).forEach((c, i) => {
    const ip = p.index(i);
    errs.push(...containerCommon(c, ctx, ip));
    errs.push(...uniqueName(c, ctx, ip));
    const ctr = isObject(c) ? c : {};
    const rp = ctr.restartPolicy;
    if (rp !== undefined && rp !== null && rp !== "Always")
      errs.push(notSupported(ip.child("restartPolicy"), rp, ["Always"]));
    if (rp === "Always") {
      errs.push(...probes(ctr, ip));
      return;
    }
    for (const f of ["lifecycle", "livenessProbe", "readinessProbe", "startupProbe"]) {
      if (ctr[f] !== undefined && ctr[f] !== null) {
        errs.push(forbidden(ip.child(f), "may not be set for init containers without restartPolicy=Always"));
      }
    }
  });
  return errs;
}

/** Host ports may be used once per protocol and host IP across a list of containers. */
function validateHostPorts(containers: unknown, p: Path): FieldError[] {
  const seen = new Set<string>();
  const errs: FieldError[] = [];
  list(containers).forEach((c, ci) => {
    const ctr = isObject(c) ? c : {};
    list(ctr.ports).forEach((x, pi) => {
      const port = isObject(x) ? x : {};
      const hp = num(port.hostPort) ?? 0;
      if (hp === 0) return;
      const key = `${str(port.protocol)}/${str(port.hostIP)}/${hp}`;
      if (seen.has(key)) errs.push(duplicate(p.index(ci).child("ports").index(pi).child("hostPort"), key));
      seen.add(key);
    });
  });
  return errs;
}
