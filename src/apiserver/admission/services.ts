/**
 * Service ClusterIP, NodePort and HealthCheck NodePort allocation. Each allocated address or
 * port is a key in the store created with create-if-absent, so two concurrent creates can never
 * get the same one and allocations survive restarts. Released when the Service is deleted or
 * stops needing them.
 */
import { duplicate, type FieldError, invalid } from "../../api/field.js";
import type { KubeObject } from "../../api/types.js";
import { type Store, StoreError } from "../../storage/types.js";
import type { AdmissionPlugin, AdmissionRequest } from "../api.js";
import { errors } from "../status.js";

export interface ServiceAllocOptions {
  /** IPv4 CIDR of ClusterIPs, e.g. 10.43.0.0/16. The first address is the `kubernetes` Service's. */
  readonly serviceCidr: string;
  readonly nodePortRange?: readonly [number, number];
}

interface Spec {
  type?: string;
  clusterIP?: string;
  clusterIPs?: string[];
  ports?: { nodePort?: number; port?: number }[];
  externalTrafficPolicy?: string;
  healthCheckNodePort?: number;
}

export function parseCidr(cidr: string): { base: number; size: number } {
  const m = /^(\d+)\.(\d+)\.(\d+)\.(\d+)\/(\d+)$/.exec(cidr);
  if (!m) throw new Error(`not an IPv4 CIDR: ${cidr}`);
  const bits = Number(m[5]);
  const ip = ((Number(m[1]) << 24) | (Number(m[2]) << 16) | (Number(m[3]) << 8) | Number(m[4])) >>> 0;
  const size = 2 ** (32 - bits);
  return { base: (ip & ~(size - 1)) >>> 0, size };
}

export function ipString(n: number): string {
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join(".");
}

function ipNumber(s: string): number | undefined {
  const m = /^(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(s);
  if (!m || m.slice(1).some((x) => Number(x) > 255)) return undefined;
  return ((Number(m[1]) << 24) | (Number(m[2]) << 16) | (Number(m[3]) << 8) | Number(m[4])) >>> 0;
}

const needsNodePorts = (t: string | undefined) => t === "NodePort" || t === "LoadBalancer";
/** A LoadBalancer that keeps traffic on the node it arrives at gets a port for its health check. */
const needsHealthCheck = (s: Spec | undefined) =>
  s?.type === "LoadBalancer" && s.externalTrafficPolicy === "Local";

export function serviceAllocation(opts: ServiceAllocOptions): AdmissionPlugin {
  const cidr = parseCidr(opts.serviceCidr);
  const [lo, hi] = opts.nodePortRange ?? [30000, 32767];
  const ipKey = (ip: string) => `/registry/_allocations/serviceips/${ip}`;
  const portKey = (p: number) => `/registry/_allocations/servicenodeports/${p}`;
  // What each in-flight request allocated, to release on abort.
  const pending = new WeakMap<AdmissionRequest, string[]>();

  async function take(store: Store, key: string, owner: string): Promise<boolean> {
    try {
      await store.create(key, owner);
      return true;
    } catch (e) {
      if (e instanceof StoreError && e.code === "KeyExists") return false;
      throw e;
    }
  }

  async function release(store: Store, keys: readonly string[]): Promise<void> {
    for (const k of keys) await store.delete(k).catch(() => {});
  }

  /** Takes `key` (or, in a dry run, only checks that it is free); records what it took. */
  type Claim = (key: string) => Promise<boolean>;
  function claimer(store: Store, owner: string, dryRun: boolean, taken: string[]): Claim {
    if (dryRun) return async (key) => (await store.get(key)).kv === undefined;
    return async (key) => {
      const ok = await take(store, key, owner);
      if (ok) taken.push(key);
      return ok;
    };
  }

  async function allocateIp(claim: Claim): Promise<string> {
    // Skip the network address and the first host (reserved for the kubernetes Service when
    // requested explicitly), and the broadcast address.
    const first = 2;
    const count = cidr.size - 3;
    const start = Math.floor(Math.random() * count);
    for (let i = 0; i < count; i++) {
      const ip = ipString(cidr.base + first + ((start + i) % count));
      if (await claim(ipKey(ip))) return ip;
    }
    throw errors.internal("failed to allocate a serviceIP: range is full");
  }

  async function allocatePort(claim: Claim, avoid: Set<number>): Promise<number> {
    const count = hi - lo + 1;
    const start = Math.floor(Math.random() * count);
    for (let i = 0; i < count; i++) {
      const p = lo + ((start + i) % count);
      if (avoid.has(p)) continue;
      if (await claim(portKey(p))) return p;
    }
    throw errors.internal("failed to allocate a nodePort: range is full");
  }

  return {
    name: "ServiceAllocation",
    async admit(req, api) {
      if (req.def.group !== "" || req.def.resource !== "services" || req.subresource === "status") return;
      if (req.operation === "DELETE") return;
      const obj = req.object as KubeObject;
      obj.spec ??= {};
      const spec = obj.spec as Spec;
      const old = req.old?.spec as Spec | undefined;
      const owner = `${req.namespace}/${req.name}`;
      const taken: string[] = [];
      pending.set(req, taken);
      const errs: FieldError[] = [];
      const store = api.store;
      const claim = claimer(store, owner, req.dryRun, taken);
      // ClusterIP
      if (old?.clusterIP && !spec.clusterIP) spec.clusterIP = old.clusterIP;
      if (spec.type === "ExternalName") {
        if (!old?.clusterIP || old.clusterIP === "None") {
          delete spec.clusterIP;
          delete spec.clusterIPs;
        }
      } else if (spec.clusterIP === "None") {
        spec.clusterIPs = ["None"];
      } else if (!old?.clusterIP || old.clusterIP === "None" || old.clusterIP !== spec.clusterIP) {
        if (spec.clusterIP) {
          const n = ipNumber(spec.clusterIP);
          if (n === undefined || n < cidr.base || n >= cidr.base + cidr.size) {
            errs.push(
              invalid(
                "spec.clusterIPs",
                [spec.clusterIP],
                `failed to allocate IP ${spec.clusterIP}: the provided IP (${spec.clusterIP}) is not in the valid range. The range of valid IPs is ${opts.serviceCidr}`,
              ),
            );
          } else if (!(await claim(ipKey(spec.clusterIP)))) {
            errs.push(
              invalid(
                "spec.clusterIPs",
                [spec.clusterIP],
                `failed to allocate IP ${spec.clusterIP}: provided IP is already allocated`,
              ),
            );
          }
        } else {
          spec.clusterIP = await allocateIp(claim);
        }
        if (spec.clusterIP) spec.clusterIPs = [spec.clusterIP];
      } else {
        spec.clusterIPs = [spec.clusterIP];
      }
      // NodePorts
      const used = new Set<number>();
      /** Checks a requested port and claims it unless the Service held it already. */
      const request = async (port: number, field: string, held: boolean): Promise<void> => {
        if (port < lo || port > hi) {
          errs.push(
            invalid(
              field,
              port,
              `provided port is not in the valid range. The range of valid ports is ${lo}-${hi}`,
            ),
          );
        } else if (used.has(port)) {
          errs.push(duplicate(field, port));
        } else if (!held && !(await claim(portKey(port)))) {
          errs.push(invalid(field, port, "provided port is already allocated"));
        }
      };
      if (needsNodePorts(spec.type)) {
        const oldPorts = new Map(
          (old?.ports ?? []).filter((p) => p.nodePort).map((p) => [p.port, p.nodePort!]),
        );
        const mine = new Set<number>(oldPorts.values());
        for (const [i, p] of (spec.ports ?? []).entries()) {
          if (!p.nodePort && oldPorts.has(p.port) && needsNodePorts(old?.type))
            p.nodePort = oldPorts.get(p.port);
          if (p.nodePort) await request(p.nodePort, `spec.ports[${i}].nodePort`, mine.has(p.nodePort));
          else p.nodePort = await allocatePort(claim, used);
          if (p.nodePort) used.add(p.nodePort);
        }
      } else {
        for (const p of spec.ports ?? []) delete p.nodePort;
      }
      // HealthCheck NodePort (defaulting carried it over from the old object, or dropped it).
      if (needsHealthCheck(spec)) {
        const held = needsHealthCheck(old) ? old?.healthCheckNodePort : undefined;
        const hc = spec.healthCheckNodePort;
        if (hc) await request(hc, "spec.healthCheckNodePort", hc === held);
        else spec.healthCheckNodePort = await allocatePort(claim, used);
      }
      if (errs.length) {
        await release(store, taken);
        pending.delete(req);
        throw errors.invalid("", "Service", req.name, errs);
      }
    },
    async aborted(req, api) {
      const taken = pending.get(req);
      if (taken) await release(api.store, taken);
      pending.delete(req);
    },
    async committed(req, api) {
      pending.delete(req);
      if (req.def.group !== "" || req.def.resource !== "services" || req.subresource === "status") return;
      // Release what the old object held and the new one no longer does.
      const old = req.old?.spec as Spec | undefined;
      if (!old) return;
      const now = req.operation === "DELETE" ? undefined : (req.object?.spec as Spec | undefined);
      const keep = new Set<string>();
      if (now?.clusterIP && now.clusterIP !== "None") keep.add(ipKey(now.clusterIP));
      for (const p of now?.ports ?? []) if (p.nodePort) keep.add(portKey(p.nodePort));
      if (now?.healthCheckNodePort) keep.add(portKey(now.healthCheckNodePort));
      const drop: string[] = [];
      if (old.clusterIP && old.clusterIP !== "None" && !keep.has(ipKey(old.clusterIP)))
        drop.push(ipKey(old.clusterIP));
      for (const p of old.ports ?? [])
        if (p.nodePort && !keep.has(portKey(p.nodePort))) drop.push(portKey(p.nodePort));
      if (old.healthCheckNodePort && !keep.has(portKey(old.healthCheckNodePort)))
        drop.push(portKey(old.healthCheckNodePort));
      await release(api.store, drop);
    },
  };
}
