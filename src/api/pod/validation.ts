/**
 * PodSpec and pod template validation as upstream's ValidatePodSpec / ValidatePodTemplateSpec /
 * ValidatePodCreate (the warnings are in warnings.ts).
 */
import type { PodSpec, PodTemplateSpec } from "kubernetes-types/core/v1.js";
import { validateAnnotations, validateLabels } from "../common/meta.js";
import { inclusiveRangeError, isDNS1123Label, isDNS1123Subdomain, isQualifiedName } from "../common/names.js";
import { ipFamilyOf, isObject, type JsonObject, list, num, str } from "../common/values.js";
import { type FieldError, forbidden, invalid, notSupported, type Path, path, required } from "../field.js";
import { validateAffinity, validateTolerations } from "./affinity.js";
import {
  type ContainerContext,
  validateContainers,
  validateContainersOnlyForPod,
  validateInitContainers,
} from "./containers.js";
import { validateVolumes } from "./volumes.js";

/** Options of `validatePodSpec`. */
export interface PodSpecOptions {
  /** The spec is a Pod's (not a template's): host ports must match container ports on hostNetwork. */
  readonly forPod?: boolean;
}

const restartPolicies = ["Always", "OnFailure", "Never"];
const dnsPolicies = ["ClusterFirst", "ClusterFirstWithHostNet", "Default", "None"];
const MAX_INT32 = 2147483647;

function hostNetworkPorts(spec: JsonObject, p: Path, forPod: boolean): FieldError[] {
  if (spec.hostNetwork !== true) return [];
  const errs: FieldError[] = [];
  list(spec.containers).forEach((c, ci) => {
    const ctr = isObject(c) ? c : {};
    list(ctr.ports).forEach((x, pi) => {
      const port = isObject(x) ? x : {};
      const hp = num(port.hostPort) ?? 0;
      const cp = num(port.containerPort) ?? 0;
      if ((forPod && hp !== cp) || (hp !== 0 && hp !== cp)) {
        const fp = p.child("containers").index(ci).child("ports").index(pi).child("hostPort");
        errs.push(invalid(fp, hp, "must match `containerPort` when `hostNetwork` is true"));
      }
    });
  });
  return errs;
}

function dnsConfig(spec: JsonObject, p: Path): FieldError[] {
  const errs: FieldError[] = [];
  const policy = str(spec.dnsPolicy);
  const cfg = spec.dnsConfig;
  if (policy === "None" && !isObject(cfg)) {
    errs.push(required(p.child("dnsConfig"), "must provide `dnsConfig` when `dnsPolicy` is None"));
  }
  if (!isObject(cfg)) return errs;
  const cp = p.child("dnsConfig");
  const ns = list(cfg.nameservers).map(str);
  if (policy === "None" && ns.length === 0) {
    errs.push(
      required(cp.child("nameservers"), "must provide at least one DNS nameserver when `dnsPolicy` is None"),
    );
  }
  if (ns.length > 3)
    errs.push(invalid(cp.child("nameservers"), ns.join(" "), "must not have more than 3 nameservers"));
  ns.forEach((n, i) => {
    if (ipFamilyOf(n) === 0)
      errs.push(invalid(cp.child("nameservers").index(i), n, "must be valid IP address"));
  });
  list(cfg.searches)
    .map(str)
    .forEach((s, i) => {
      const domain = s.endsWith(".") ? s.slice(0, -1) : s;
      for (const m of isDNS1123Subdomain(domain)) errs.push(invalid(cp.child("searches").index(i), s, m));
    });
  return errs;
}

/** Fields of a PodSpec that name something, with the rule for the name. */
const NAMED_FIELDS = [
  ["serviceAccountName", isDNS1123Subdomain],
  ["nodeName", isDNS1123Subdomain],
  ["hostname", isDNS1123Label],
  ["subdomain", isDNS1123Label],
  ["priorityClassName", isDNS1123Subdomain],
] as const;

/**
 * Field errors of a PodSpec at `p` (e.g. `spec` or `spec.template.spec`): containers, init
 * containers, volumes and mounts, ports, env, resources, restart and DNS policy, node
 * selector, affinity, tolerations, names of service account, node, hostname and subdomain.
 */
export function validatePodSpec(
  podSpec: Readonly<PodSpec> | undefined,
  p: Path,
  options: PodSpecOptions = {},
): FieldError[] {
  const spec: JsonObject = isObject(podSpec) ? (podSpec as unknown as JsonObject) : {};
  const forPod = options.forPod ?? false;
  const { volumes, errors } = validateVolumes(spec.volumes, p.child("volumes"));
  const errs = [...errors];
  const ctx: ContainerContext = { volumes, names: new Set() };
  errs.push(...validateContainers(spec.containers, ctx, p.child("containers")));
  errs.push(...validateInitContainers(spec.initContainers, ctx, p.child("initContainers")));
  errs.push(...hostNetworkPorts(spec, p, forPod));
  const restart = str(spec.restartPolicy);
  if (restart === "") errs.push(required(p.child("restartPolicy")));
  else if (!restartPolicies.includes(restart))
    errs.push(notSupported(p.child("restartPolicy"), restart, restartPolicies));
  const dns = str(spec.dnsPolicy);
  if (dns === "") errs.push(required(p.child("dnsPolicy")));
  else if (!dnsPolicies.includes(dns)) errs.push(notSupported(p.child("dnsPolicy"), dns, dnsPolicies));
  errs.push(...validateLabels(spec.nodeSelector, p.child("nodeSelector")));
  errs.push(...validateAffinity(spec.affinity, p.child("affinity")));
  errs.push(...dnsConfig(spec, p));
  list(spec.readinessGates).forEach((g, i) => {
    const ct = str(isObject(g) ? g.conditionType : "");
    for (const m of isQualifiedName(ct))
      errs.push(invalid(p.child("readinessGates").index(i).child("conditionType"), ct, m));
  });
  for (const [field, check] of NAMED_FIELDS) {
    const v = str(spec[field]);
    if (v !== "") for (const m of check(v)) errs.push(invalid(p.child(field), v, m));
  }
  const ads = num(spec.activeDeadlineSeconds);
  if (ads !== undefined && (ads < 1 || ads > MAX_INT32)) {
    errs.push(invalid(p.child("activeDeadlineSeconds"), ads, inclusiveRangeError(1, MAX_INT32)));
  }
  errs.push(...validateTolerations(spec.tolerations, p.child("tolerations")));
  const pp = spec.preemptionPolicy;
  if (pp !== undefined && pp !== null && pp !== "PreemptLowerPriority" && pp !== "Never") {
    errs.push(notSupported(p.child("preemptionPolicy"), pp, ["Never", "PreemptLowerPriority"]));
  }
  list(spec.schedulingGates).forEach((g, i) => {
    const name = str(isObject(g) ? g.name : "");
    for (const m of isQualifiedName(name))
      errs.push(invalid(p.child("schedulingGates").index(i).child("name"), name, m));
  });
  return errs;
}

/** Field errors of a PodTemplateSpec at `p` (e.g. `spec.template`), as workload kinds embed it. */
export function validatePodTemplateSpec(
  template: Readonly<PodTemplateSpec> | undefined,
  p: Path,
): FieldError[] {
  const t = isObject(template) ? (template as unknown as JsonObject) : {};
  const meta = isObject(t.metadata) ? t.metadata : {};
  const errs = [
    ...validateLabels(meta.labels, p.child("labels")),
    ...validateAnnotations(meta.annotations, p.child("annotations")),
    ...validatePodSpec(t.spec as PodSpec | undefined, p.child("spec")),
  ];
  const spec = isObject(t.spec) ? t.spec : {};
  if (list(spec.ephemeralContainers).length > 0) {
    errs.push(
      forbidden(
        p.child("spec").child("ephemeralContainers"),
        "ephemeral containers not allowed in pod template",
      ),
    );
  }
  return errs;
}

/**
 * Field errors of a Pod's spec (on create and, by the API server, again on every update).
 * Unlike upstream, ephemeral containers are not refused on create: this check also runs on
 * updates of pods that gained them through pods/ephemeralcontainers.
 */
export function validatePodCreate(spec: Readonly<PodSpec> | undefined): FieldError[] {
  const p = path("spec");
  const errs = validatePodSpec(spec, p, { forPod: true });
  errs.push(...validateContainersOnlyForPod(spec?.containers, p.child("containers")));
  errs.push(...validateContainersOnlyForPod(spec?.initContainers, p.child("initContainers")));
  return errs;
}
