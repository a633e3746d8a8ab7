/**
 * The admin kubeconfig written on start: works as-is with `kubectl --kubeconfig FILE`.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { stringify } from "yaml";

export interface KubeconfigOptions {
  readonly server: string;
  readonly caCert: string;
  readonly clientCert: string;
  readonly clientKey: string;
}

export function kubeconfigYaml(o: KubeconfigOptions): string {
  const b64 = (s: string) => Buffer.from(s).toString("base64");
  return stringify({
    apiVersion: "v1",
    kind: "Config",
    clusters: [
      { name: "default", cluster: { server: o.server, "certificate-authority-data": b64(o.caCert) } },
    ],
    contexts: [{ name: "default", context: { cluster: "default", user: "default" } }],
    "current-context": "default",
    preferences: {},
    users: [
      {
        name: "default",
        user: { "client-certificate-data": b64(o.clientCert), "client-key-data": b64(o.clientKey) },
      },
    ],
  });
}

/** Writes the kubeconfig with mode 0600 (it holds the admin's key). */
export function writeKubeconfig(file: string, o: KubeconfigOptions): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, kubeconfigYaml(o), { mode: 0o600 });
}
