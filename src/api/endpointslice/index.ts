/** discovery.k8s.io/v1 EndpointSlice: defaults, strategy, table and resource definition. */
import type { Endpoint, EndpointPort, EndpointSlice } from "kubernetes-types/discovery/v1.js";
import { AGE_COLUMN, ageOf, NAME_COLUMN } from "../common/table.js";
import { deepEqual, view } from "../common/values.js";
import type { KubeObject, ResourceDef, Strategy } from "../types.js";
import { validateEndpointSlice, validateEndpointSliceUpdate } from "./validation.js";

/** Upstream's SetDefaults_EndpointPort: an unnamed TCP port unless said otherwise. */
export function defaultEndpointSlice(obj: KubeObject): void {
  for (const port of view<EndpointSlice>(obj).ports ?? []) {
    port.name ??= "";
    port.protocol ??= "TCP";
  }
}

/** Everything but metadata, which is what moves an EndpointSlice's generation (besides labels). */
function content(obj: Readonly<KubeObject>): Record<string, unknown> {
  const { metadata: _m, apiVersion: _a, kind: _k, ...rest } = obj;
  return rest;
}

export const endpointSliceStrategy: Strategy = {
  defaults: defaultEndpointSlice,
  prepareForCreate(obj) {
    obj.metadata.generation = 1;
  },
  prepareForUpdate(obj, old) {
    const oldGen = typeof old.metadata.generation === "number" ? old.metadata.generation : 0;
    const changed =
      !deepEqual(content(obj), content(old)) || !deepEqual(obj.metadata.labels, old.metadata.labels);
    obj.metadata.generation = changed ? oldGen + 1 : oldGen;
  },
  validate: validateEndpointSlice,
  validateUpdate: validateEndpointSliceUpdate,
};

/** Upstream's listWithMoreString: three items, then "+ N more...", "<unset>" when empty. */
function listWithMore(items: readonly string[]): string {
  if (items.length === 0) return "<unset>";
  if (items.length > 3) return `${items.slice(0, 3).join(",")} + ${items.length - 3} more...`;
  return items.join(",");
}

export function formatPorts(ports: readonly EndpointPort[]): string {
  return listWithMore(
    ports.map((p) => (typeof p.port === "number" ? String(p.port) : p.name ? p.name : "*")),
  );
}

export function formatEndpoints(endpoints: readonly Endpoint[]): string {
  return listWithMore(endpoints.flatMap((e) => e.addresses ?? []));
}

export const endpointSliceResource: ResourceDef = {
  group: "discovery.k8s.io",
  version: "v1",
  kind: "EndpointSlice",
  listKind: "EndpointSliceList",
  resource: "endpointslices",
  singular: "endpointslice",
  namespaced: true,
  definition: "io.k8s.api.discovery.v1.EndpointSlice",
  strategy: endpointSliceStrategy,
  table: {
    columns: [
      NAME_COLUMN,
      {
        name: "AddressType",
        type: "string",
        description:
          "addressType specifies the type of address carried by this EndpointSlice. All addresses in this slice must be the same type. This field is immutable after creation. The following address types are currently supported: * IPv4: Represents an IPv4 Address. * IPv6: Represents an IPv6 Address. * FQDN: Represents a Fully Qualified Domain Name.",
      },
      {
        name: "Ports",
        type: "string",
        description:
          'ports specifies the list of network ports exposed by each endpoint in this slice. Each port must have a unique name. When ports is empty, it indicates that there are no defined ports. When a port is defined with a nil port value, it indicates "all ports". Each slice may include a maximum of 100 ports.',
      },
      {
        name: "Endpoints",
        type: "string",
        description:
          "endpoints is a list of unique endpoints in this slice. Each slice may include a maximum of 1000 endpoints.",
      },
      AGE_COLUMN,
    ],
    cells(obj, now) {
      const eps = view<EndpointSlice>(obj);
      return [
        obj.metadata.name ?? "",
        eps.addressType ?? "",
        formatPorts(eps.ports ?? []),
        formatEndpoints(eps.endpoints ?? []),
        ageOf(obj, now),
      ];
    },
  },
};
