/**
 * The warnings upstream returns for a valid pod or pod template (pkg/api/pod GetWarningsForPod
 * and GetWarningsForPodTemplate, in their order): things the API accepts but that do not do
 * what their author likely meant. They are sent as `Warning` headers; kubectl prints them.
 */
import type { PersistentVolumeClaimSpec, PodSpec } from "kubernetes-types/core/v1.js";
import { deprecatedNodeLabel, nodeSelectorTermWarnings } from "../common/node-labels.js";
import { fractionalBytesWarnings } from "../common/resources.js";
import { asObject, isObject, type JsonObject, list, num, str } from "../common/values.js";
import { REMOVED_VOLUME_PLUGINS } from "../common/volume-plugins.js";
import { type Path, path } from "../field.js";
import { pvcSpecWarnings } from "../persistentvolumeclaim/warnings.js";
import { CONTAINER_GROUPS } from "./containers.js";

/** Annotations that stopped working, with what upstream says of them. */
const DEPRECATED_ANNOTATIONS: readonly [string, string][] = [
  [
    "scheduler.alpha.kubernetes.io/critical-pod",
    'non-functional in v1.16+; use the "priorityClassName" field instead',
  ],
  ["security.alpha.kubernetes.io/sysctls", 'non-functional in v1.11+; use the "sysctls" field instead'],
  [
    "security.alpha.kubernetes.io/unsafe-sysctls",
    'non-functional in v1.11+; use the "sysctls" field instead',
  ],
];

/** The removed volume plugins a pod volume is checked for, in upstream's order. */
const POD_REMOVED_PLUGINS = [
  "photonPersistentDisk",
  "gitRepo",
  "scaleIO",
  "flocker",
  "storageos",
  "quobyte",
  "glusterfs",
  "cephfs",
  "rbd",
];

const SECCOMP_POD = "seccomp.security.alpha.kubernetes.io/pod";
const SECCOMP_CONTAINER = "container.seccomp.security.alpha.kubernetes.io/";
const NO_SELECTOR = "a null labelSelector results in matching no pod";

/** Renamed node labels in the node selector and node affinity; spread constraints' keys and selectors. */
function schedulingWarnings(spec: JsonObject, p: Path): string[] {
  const warnings: string[] = [];
  for (const key of Object.keys(asObject(spec.nodeSelector))) {
    const msg = deprecatedNodeLabel(key);
    if (msg) warnings.push(`${p.child("nodeSelector").key(key)}: ${msg}`);
  }
  const nodeAffinity = asObject(asObject(spec.affinity).nodeAffinity);
  const na = p.child("affinity").child("nodeAffinity");
  list(asObject(nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution).nodeSelectorTerms).forEach(
    (term, i) => {
      const at = na
        .child("requiredDuringSchedulingIgnoredDuringExecution")
        .child("nodeSelectorTerms")
        .index(i);
      warnings.push(...nodeSelectorTermWarnings(term, at));
    },
  );
  list(nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution).forEach((pref, i) => {
    const at = na.child("preferredDuringSchedulingIgnoredDuringExecution").index(i).child("preference");
    warnings.push(...nodeSelectorTermWarnings(asObject(pref).preference, at));
  });
  list(spec.topologySpreadConstraints).forEach((c, i) => {
    const at = p.child("topologySpreadConstraints").index(i);
    const key = str(asObject(c).topologyKey);
    const msg = deprecatedNodeLabel(key);
    if (msg) warnings.push(`${at.child("topologyKey")}: ${key} is ${msg}`);
    if (asObject(c).labelSelector == null) warnings.push(`${at.child("labelSelector")}: ${NO_SELECTOR}`);
  });
  return warnings;
}

/** Paths that a volume maps two keys to, or one inside the other (upstream's checkVolumeMappingForOverlap). */
function overlaps(paths: readonly string[], message: string): string[] {
  const warnings: string[] = [];
  const seen: string[] = [];
  for (const raw of paths) {
    const p = raw.replace(/\/+$/, "");
    const collision = seen.find(
      (item) =>
        item !== "" && p !== "" && (item === p || `${item}/`.startsWith(p) || `${p}/`.startsWith(item)),
    );
    if (collision !== undefined)
      warnings.push(`${message}: ${JSON.stringify(p)} with ${JSON.stringify(collision)}`);
    if (!seen.includes(p)) seen.push(p);
  }
  return warnings;
}

const itemPaths = (items: unknown): string[] => list(items).map((i) => str(asObject(i).path));

/** Volumes whose items map to the same or nested paths (upstream's warningsForOverlappingVirtualPaths). */
function volumePathWarnings(volumes: unknown): string[] {
  const warnings: string[] = [];
  for (const v of list(volumes)) {
    const vol = asObject(v);
    const name = JSON.stringify(str(vol.name));
    // ConfigMap, Secret and DownwardAPI volumes, with how upstream names each in the message.
    const sources: [unknown, string][] = [
      [vol.configMap, `ConfigMap ${JSON.stringify(str(asObject(vol.configMap).name))}`],
      [vol.secret, `Secret ${JSON.stringify(str(asObject(vol.secret).secretName))}`],
      [vol.downwardAPI, "DownwardAPI"],
    ];
    for (const [source, label] of sources) {
      const items = asObject(source).items;
      if (items != null)
        warnings.push(...overlaps(itemPaths(items), `volume ${name} (${label}): overlapping paths`));
    }
    if (!isObject(vol.projected)) continue;
    // As upstream's loop, the paths and message of the last source that had some carry over.
    let sourcePaths: string[] = [];
    let message = "";
    const all = new Set<string>();
    for (const s of list(vol.projected.sources)) {
      const source = asObject(s);
      if (Object.values(source).every((x) => x == null)) {
        warnings.push(`volume ${name} (Projected) has no sources provided`);
        continue;
      }
      const of = (k: string) => asObject(source[k]);
      if (of("configMap").items != null) {
        sourcePaths = itemPaths(of("configMap").items);
        message = `volume ${name} (Projected ConfigMap ${JSON.stringify(str(of("configMap").name))}): overlapping paths`;
      } else if (of("secret").items != null) {
        sourcePaths = itemPaths(of("secret").items);
        message = `volume ${name} (Projected Secret ${JSON.stringify(str(of("secret").name))}): overlapping paths`;
      } else if (of("downwardAPI").items != null) {
        sourcePaths = itemPaths(of("downwardAPI").items);
        message = `volume ${name} (Projected DownwardAPI): overlapping paths`;
      } else if (isObject(source.serviceAccountToken)) {
        sourcePaths = [str(source.serviceAccountToken.path)];
        message = `volume ${name} (Projected ServiceAccountToken): overlapping paths`;
      } else if (isObject(source.clusterTrustBundle)) {
        const ctb = source.clusterTrustBundle;
        sourcePaths = [str(ctb.path)];
        message = `volume ${name} (Projected ClusterTrustBundle ${JSON.stringify(str(ctb.name ?? ctb.signerName))}): overlapping paths`;
      }
      if (sourcePaths.length === 0) continue;
      warnings.push(...overlaps(sourcePaths, message));
      const unique = [...new Set(sourcePaths)];
      warnings.push(...overlaps([...unique, ...all].sort(), message));
      for (const u of unique) all.add(u);
    }
  }
  return warnings;
}

/** Go's %+v of a container port (the internal type's fields, in its order). */
function portString(port: JsonObject): string {
  return `{Name:${str(port.name)} HostPort:${num(port.hostPort) ?? 0} ContainerPort:${num(port.containerPort) ?? 0} Protocol:${str(port.protocol)} HostIP:${str(port.hostIP)}}`;
}

/** Each container with its path: init containers, containers, ephemeral containers. */
function containersOf(spec: JsonObject, p: Path): [JsonObject, Path][] {
  const out: [JsonObject, Path][] = [];
  for (const group of CONTAINER_GROUPS) {
    const items = list(spec[group]);
    for (let i = 0; i < items.length; i++) out.push([asObject(items[i]), p.child(group).index(i)]);
  }
  return out;
}

/** Env entries that hide an earlier one of the same name without referring to it. */
function envWarnings(env: unknown, p: Path): string[] {
  const warnings: string[] = [];
  const entries = list(env);
  if (entries.length < 2) return warnings;
  const names = new Set<string>();
  entries.forEach((e, i) => {
    const item = asObject(e);
    const name = str(item.name);
    if (!names.has(name)) {
      names.add(name);
      return;
    }
    const ref = `$(${name})`;
    const value = str(item.value);
    if (item.valueFrom != null || value === ref || !value.includes(ref))
      warnings.push(
        `${p.child("env").index(i)}: hides previous definition of ${JSON.stringify(name)}, which may be dropped when using apply`,
      );
  });
  return warnings;
}

/** The same containerPort/protocol declared twice (cannot both bind in one network namespace), and hostIP without hostPort. */
function portWarnings(containers: readonly [JsonObject, Path][]): string[] {
  const warnings: string[] = [];
  // Field paths are written out only for a warning (every pod is checked, few warn).
  const seen = new Map<string, { field: Path; hostIP: string; hostPort: number }[]>();
  for (const [ctr, cp] of containers) {
    list(ctr.ports).forEach((x, pi) => {
      const port = asObject(x);
      const field = cp.child("ports").index(pi);
      const hostIP = str(port.hostIP);
      const hostPort = num(port.hostPort) ?? 0;
      if (hostIP !== "" && hostPort === 0)
        warnings.push(`${field}: hostIP set without hostPort: ${portString(port)}`);
      const key = `${num(port.containerPort) ?? 0}/${str(port.protocol)}`;
      const others = seen.get(key) ?? [];
      for (const o of others) {
        if (hostIP === o.hostIP && hostPort === o.hostPort)
          warnings.push(`${field}: duplicate port definition with ${o.field}`);
        else if (hostPort === 0 || o.hostPort === 0)
          warnings.push(`${field}: overlapping port definition with ${o.field}`);
        else if (hostPort === o.hostPort && (hostIP === "") !== (o.hostIP === ""))
          warnings.push(`${field}: dangerously ambiguous port definition with ${o.field}`);
      }
      others.push({ field, hostIP, hostPort });
      seen.set(key, others);
    });
  }
  return warnings;
}

/** Pod (anti-)affinity terms without a label selector, which match no pod. */
function podAffinityWarnings(affinity: unknown, p: Path): string[] {
  const warnings: string[] = [];
  for (const kind of ["podAffinity", "podAntiAffinity"]) {
    const a = asObject(affinity)[kind];
    if (!isObject(a)) continue;
    const at = p.child("affinity").child(kind);
    list(a.requiredDuringSchedulingIgnoredDuringExecution).forEach((t, i) => {
      if (asObject(t).labelSelector == null)
        warnings.push(
          `${at.child("requiredDuringSchedulingIgnoredDuringExecution").index(i).child("labelSelector")}: ${NO_SELECTOR}`,
        );
    });
    list(a.preferredDuringSchedulingIgnoredDuringExecution).forEach((t, i) => {
      if (asObject(asObject(t).podAffinityTerm).labelSelector == null) {
        const term = at
          .child("preferredDuringSchedulingIgnoredDuringExecution")
          .index(i)
          .child("podAffinityTerm");
        warnings.push(`${term.child("labelSelector")}: ${NO_SELECTOR}`);
      }
    });
  }
  return warnings;
}

/**
 * Upstream's warnings for a pod (`base` undefined) or for the pod template at `base`
 * (`spec.template` of a workload), given its spec and metadata.
 */
export function podWarnings(podSpec: Readonly<PodSpec> | undefined, meta: unknown, base?: Path): string[] {
  const spec = asObject(podSpec);
  const annotations = asObject(asObject(meta).annotations);
  const p = base ? base.child("spec") : path("spec");
  const ann = (base ? base.child("metadata") : path("metadata")).child("annotations");
  const annotated = Object.keys(annotations).length > 0;
  const warnings = schedulingWarnings(spec, p);
  if (annotated)
    for (const [key, message] of DEPRECATED_ANNOTATIONS)
      if (Object.hasOwn(annotations, key)) warnings.push(`${ann.key(key)}: ${message}`);
  list(spec.volumes).forEach((v, i) => {
    const at = p.child("volumes").index(i);
    for (const field of POD_REMOVED_PLUGINS) {
      // An ephemeral volume's claim template is checked where upstream checks it: after glusterfs.
      if (field === "cephfs") {
        const template = asObject(asObject(v).ephemeral).volumeClaimTemplate;
        if (isObject(template))
          warnings.push(
            ...pvcSpecWarnings(
              template.spec as PersistentVolumeClaimSpec,
              at.child("ephemeral").child("volumeClaimTemplate").child("spec"),
            ),
          );
      }
      const [name, message] = REMOVED_VOLUME_PLUGINS[field]!;
      if (asObject(v)[field] != null) warnings.push(`${at.child(name)}: ${message}`);
    }
  });
  warnings.push(...volumePathWarnings(spec.volumes));
  const ips = new Set<string>();
  list(spec.hostAliases).forEach((h, i) => {
    const ip = str(asObject(h).ip);
    if (ips.has(ip))
      warnings.push(`${p.child("hostAliases").index(i).child("ip")}: duplicate ip ${JSON.stringify(ip)}`);
    ips.add(ip);
  });
  const secrets = new Set<string>();
  list(spec.imagePullSecrets).forEach((s, i) => {
    const name = str(asObject(s).name);
    if (secrets.has(name))
      warnings.push(
        `${p.child("imagePullSecrets").index(i).child("name")}: duplicate name ${JSON.stringify(name)}`,
      );
    secrets.add(name);
  });
  list(spec.imagePullSecrets).forEach((s, i) => {
    if (str(asObject(s).name) === "")
      warnings.push(`${p.child("imagePullSecrets").index(i).child("name")}: invalid empty name ""`);
  });
  for (const r of ["memory", "ephemeral-storage"])
    warnings.push(...fractionalBytesWarnings(spec.overhead, r, p.child("overhead")));
  if (asObject(spec.securityContext).seccompProfile == null && Object.hasOwn(annotations, SECCOMP_POD))
    warnings.push(
      `${ann.key(SECCOMP_POD)}: non-functional in v1.27+; use the "seccompProfile" field instead`,
    );
  const containers = containersOf(spec, p);
  for (const [c, cp] of containers) {
    const key = annotated ? `${SECCOMP_CONTAINER}${str(c.name)}` : "";
    if (annotated && asObject(c.securityContext).seccompProfile == null && Object.hasOwn(annotations, key))
      warnings.push(`${ann.key(key)}: non-functional in v1.27+; use the "seccompProfile" field instead`);
    const resources = asObject(c.resources);
    for (const r of ["memory", "ephemeral-storage"]) {
      warnings.push(...fractionalBytesWarnings(resources.limits, r, cp.child("resources").child("limits")));
      warnings.push(
        ...fractionalBytesWarnings(resources.requests, r, cp.child("resources").child("requests")),
      );
    }
    warnings.push(...envWarnings(c.env, cp));
  }
  warnings.push(...portWarnings(containers));
  const grace = num(spec.terminationGracePeriodSeconds);
  if (grace !== undefined && grace < 0)
    warnings.push(
      `${p.child("terminationGracePeriodSeconds")}: must be >= 0; negative values are invalid and will be treated as 1`,
    );
  warnings.push(...podAffinityWarnings(spec.affinity, p));
  return warnings;
}
