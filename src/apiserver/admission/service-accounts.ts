/**
 * Upstream's ServiceAccount admission, its check half: a new Pod must name a service account
 * that exists in its namespace (the strategy has already set `default` when it names none).
 * The `default` account is created by the namespace's controller right after the namespace, so
 * a pod created at once may find it missing: it is looked for again for about a second, as
 * upstream does. Mirror pods (a node's static pods) are not checked.
 */
import type { KubeObject } from "../../api/types.js";
import type { AdmissionPlugin, Api } from "../api.js";
import { DEFAULT_SERVICE_ACCOUNT } from "../namespace-defaults.js";
import { errors } from "../status.js";

const MIRROR_ANNOTATION = "kubernetes.io/config.mirror";
/** Looks for a missing `default` account this many times, 100-200 ms apart (upstream's numbers). */
const DEFAULT_ATTEMPTS = 10;

async function serviceAccountExists(api: Api, namespace: string, name: string): Promise<boolean> {
  const def = api.lookup("", "v1", "serviceaccounts");
  if (!def) return true;
  const storage = api.storage(def);
  if (storage.cached(namespace, name)) return true;
  const attempts = name === DEFAULT_SERVICE_ACCOUNT ? DEFAULT_ATTEMPTS : 1;
  const pause = 100 + Math.floor(Math.random() * 100);
  for (let i = 0; i < attempts; i++) {
    if (i > 0) await new Promise((r) => setTimeout(r, pause));
    if (await storage.tryGet(namespace, name)) return true;
  }
  return false;
}

export function serviceAccountAdmission(): AdmissionPlugin {
  return {
    name: "ServiceAccount",
    async admit(req, api) {
      if (req.operation !== "CREATE" || req.subresource || req.def.group !== "" || req.def.kind !== "Pod")
        return;
      const pod = req.object as (KubeObject & { spec?: { serviceAccountName?: unknown } }) | undefined;
      if (!pod || pod.metadata.annotations?.[MIRROR_ANNOTATION] !== undefined) return;
      const sa = typeof pod.spec?.serviceAccountName === "string" ? pod.spec.serviceAccountName : "";
      if (!sa || (await serviceAccountExists(api, req.namespace, sa))) return;
      throw errors.forbidden(
        { group: "", resource: "pods" },
        req.name,
        `error looking up service account ${req.namespace}/${sa}: serviceaccount "${sa}" not found`,
      );
    },
  };
}
