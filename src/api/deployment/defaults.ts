/** apps/v1 Deployment defaults (upstream pkg/apis/apps/v1/defaults.go SetDefaults_Deployment). */
import type { Deployment } from "kubernetes-types/apps/v1.js";
import { ensure, view } from "../common/values.js";
import type { KubeObject } from "../types.js";
import { defaultTemplate } from "../workload/strategy.js";

export function defaultDeployment(obj: KubeObject): void {
  const d = view<Deployment>(obj);
  const spec = ensure(d, "spec");
  spec.replicas ??= 1;
  const strategy = ensure(spec, "strategy");
  if (!strategy.type) strategy.type = "RollingUpdate";
  if (strategy.type === "RollingUpdate") {
    const ru = ensure(strategy, "rollingUpdate");
    ru.maxUnavailable ??= "25%";
    ru.maxSurge ??= "25%";
  }
  spec.revisionHistoryLimit ??= 10;
  spec.progressDeadlineSeconds ??= 600;
  defaultTemplate(spec);
}
