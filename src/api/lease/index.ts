/**
 * coordination.k8s.io/v1 Lease (leader election, node heartbeats): validation as upstream's
 * pkg/apis/coordination/validation, `kubectl get leases` as printLease.
 */
import type { Lease } from "kubernetes-types/coordination/v1.js";
import { AGE_COLUMN, ageOf, NAME_COLUMN } from "../common/table.js";
import { view } from "../common/values.js";
import { type FieldError, forbidden, invalid, notSupported, path } from "../field.js";
import type { KubeObject, ResourceDef, Strategy } from "../types.js";

export function validateLease(obj: KubeObject): FieldError[] {
  const spec = view<Lease>(obj).spec ?? {};
  const p = path("spec");
  const errs: FieldError[] = [];
  if (typeof spec.leaseDurationSeconds === "number" && spec.leaseDurationSeconds <= 0) {
    errs.push(invalid(p.child("leaseDurationSeconds"), spec.leaseDurationSeconds, "must be greater than 0"));
  }
  if (typeof spec.leaseTransitions === "number" && spec.leaseTransitions < 0) {
    errs.push(
      invalid(p.child("leaseTransitions"), spec.leaseTransitions, "must be greater than or equal to 0"),
    );
  }
  const strategy = (spec as { strategy?: string }).strategy;
  if (strategy !== undefined && strategy !== "" && strategy !== "OldestEmulationVersion") {
    errs.push(notSupported(p.child("strategy"), strategy, ["OldestEmulationVersion"]));
  }
  const preferred = (spec as { preferredHolder?: string }).preferredHolder;
  if (preferred && !strategy) {
    errs.push(forbidden(p.child("preferredHolder"), "may only be specified if `strategy` is defined"));
  }
  return errs;
}

export const leaseStrategy: Strategy = { validate: validateLease };

export const leaseResource: ResourceDef = {
  group: "coordination.k8s.io",
  version: "v1",
  kind: "Lease",
  listKind: "LeaseList",
  resource: "leases",
  singular: "lease",
  namespaced: true,
  definition: "io.k8s.api.coordination.v1.Lease",
  strategy: leaseStrategy,
  table: {
    columns: [
      NAME_COLUMN,
      {
        name: "Holder",
        type: "string",
        description:
          "holderIdentity contains the identity of the holder of a current lease. If Coordinated Leader Election is used, the holder identity must be equal to the elected LeaseCandidate.metadata.name field.",
      },
      AGE_COLUMN,
    ],
    cells: (obj, now) => [
      obj.metadata.name ?? "",
      view<Lease>(obj).spec?.holderIdentity ?? "",
      ageOf(obj, now),
    ],
  },
};
