/** apps/v1 Deployment strategy (upstream pkg/registry/apps/deployment/strategy.go). */

import { bumpGenerationOnChange, keepStatus } from "../common/status.js";
import { deepEqual } from "../common/values.js";
import type { Strategy } from "../types.js";
import { workloadStrategy } from "../workload/strategy.js";
import { specValidation } from "../workload/validation.js";
import { defaultDeployment } from "./defaults.js";
import { validateDeploymentSpec } from "./validation.js";

export const deploymentStrategy: Strategy = {
  ...workloadStrategy({ defaults: defaultDeployment, ...specValidation(validateDeploymentSpec) }),
  prepareForUpdate(obj, old) {
    // Annotation changes bump the generation too: the controller copies them to the ReplicaSets.
    keepStatus(obj, old);
    bumpGenerationOnChange(
      obj,
      old,
      !deepEqual(obj.spec, old.spec) || !deepEqual(obj.metadata.annotations, old.metadata.annotations),
    );
  },
};
