/** core/v1 Service. Cluster IP and node port allocation happen in the API server's service storage. */
import type { Service } from "kubernetes-types/core/v1.js";
import { nameIsDNS1035Label } from "../common/meta.js";
import { keepStatus, statusStrategyOf } from "../common/status.js";
import { isObject } from "../common/values.js";
import type { KubeObject, ResourceDef, Strategy } from "../types.js";
import {
  defaultIPFamilies,
  defaultLoadBalancerIPMode,
  defaultService,
  dropTypeDependentFields,
  normalizeClusterIPs,
  patchAllocatedValues,
} from "./defaults.js";
import { serviceTable } from "./table.js";
import { validateService, validateServiceStatus, validateServiceUpdate } from "./validation.js";
import { serviceWarnings } from "./warnings.js";

export {
  DEFAULT_CLIENT_IP_TIMEOUT,
  defaultService,
  externallyAccessible,
  isHeadless,
  needsHealthCheck,
} from "./defaults.js";
export { serviceExternalIP, servicePorts, serviceTable } from "./table.js";
export {
  SERVICE_TYPES,
  validateService,
  validateServiceStatus,
  validateServiceUpdate,
} from "./validation.js";

/** Service names are DNS-1035 labels (they become DNS names and environment variable prefixes). */
export const serviceNameValidator = nameIsDNS1035Label;

const asService = (obj: KubeObject) => obj as unknown as Service;

export const serviceStrategy: Strategy = {
  defaults(obj) {
    defaultService(asService(obj));
  },
  prepareForCreate(obj) {
    const svc = asService(obj);
    obj.status = { loadBalancer: {} };
    if (!isObject(svc.spec)) return;
    normalizeClusterIPs(svc.spec);
    defaultIPFamilies(svc.spec);
  },
  prepareForUpdate(obj, old) {
    const svc = asService(obj);
    const prev = old as unknown as Service;
    keepStatus(obj, old);
    if (!isObject(svc.spec)) return;
    const prevSpec = isObject(prev.spec) ? prev.spec : {};
    patchAllocatedValues(svc.spec, prevSpec);
    normalizeClusterIPs(svc.spec, prevSpec);
    dropTypeDependentFields(svc, prev);
    defaultIPFamilies(svc.spec);
  },
  validate(obj) {
    return validateService(asService(obj));
  },
  validateUpdate(obj, old) {
    return validateServiceUpdate(asService(obj), old as unknown as Service);
  },
  warnings: (obj) => serviceWarnings(asService(obj)),
  warningsOnUpdate: (obj) => serviceWarnings(asService(obj)),
};

/** services/status: only status changes. */
export const serviceStatusStrategy: Strategy = statusStrategyOf(serviceStrategy, {
  prepareForUpdate(obj) {
    defaultLoadBalancerIPMode(asService(obj));
  },
  validateUpdate: (obj) => validateServiceStatus(asService(obj)),
});

export const serviceResource: ResourceDef = {
  group: "",
  version: "v1",
  kind: "Service",
  resource: "services",
  singular: "service",
  namespaced: true,
  shortNames: ["svc"],
  categories: ["all"],
  definition: "io.k8s.api.core.v1.Service",
  subresources: { status: true, statusStrategy: serviceStatusStrategy, others: ["proxy"] },
  nameValidator: serviceNameValidator,
  strategy: serviceStrategy,
  table: serviceTable,
};
