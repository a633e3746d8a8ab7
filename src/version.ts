import { readFileSync } from "node:fs";

const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as {
  version: string;
};

/** The Kubernetes version k8ts serves (what `kubectl version` shows as the server version). */
export const kubeVersion = { major: "1", minor: "32", gitVersion: "v1.32.0-k8ts" } as const;

/** The k8ts release. */
export const k8tsVersion: string = pkg.version;
