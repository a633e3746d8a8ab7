/**
 * Test fixtures: Kubernetes protobuf bodies encoded by protobufjs from the same table the decoder
 * reads. They check the decoder's wire handling and JSON conversion; kubectl.test.ts checks the
 * table itself against bodies the real kubectl wrote.
 */
import assert from "node:assert/strict";
import protobuf from "protobufjs";
import { decodeProtobufBody, ProtobufDecodeError, type ProtobufDecodeErrorCode } from "./index.js";
import table from "./k8s-proto.json" with { type: "json" };

export const messages = table.messages as unknown as Record<string, [string, number, string, string?][]>;

export const root = (() => {
  const r = new protobuf.Root();
  for (const [full, rows] of Object.entries(messages)) {
    const dot = full.lastIndexOf(".");
    const type = new protobuf.Type(full.slice(dot + 1));
    for (const [name, id, fieldType, flags = ""] of rows) {
      const t = fieldType.includes(".") ? `.${fieldType}` : fieldType;
      type.add(
        flags.includes("m")
          ? new protobuf.MapField(name, id, "string", t)
          : new protobuf.Field(name, id, t, flags.includes("r") ? "repeated" : "optional"),
      );
    }
    r.define(full.slice(0, dot)).add(type);
  }
  // The envelope is no field of any served kind, so the table does not carry it.
  r.define("k8s.io.apimachinery.pkg.runtime")
    .add(
      new protobuf.Type("TypeMeta")
        .add(new protobuf.Field("apiVersion", 1, "string"))
        .add(new protobuf.Field("kind", 2, "string")),
    )
    .add(
      new protobuf.Type("Unknown")
        .add(new protobuf.Field("typeMeta", 1, "TypeMeta"))
        .add(new protobuf.Field("raw", 2, "bytes"))
        .add(new protobuf.Field("contentEncoding", 3, "string"))
        .add(new protobuf.Field("contentType", 4, "string")),
    );
  r.resolveAll();
  return r;
})();

export const K = {
  meta: "k8s.io.apimachinery.pkg.apis.meta.v1",
  core: "k8s.io.api.core.v1",
  apps: "k8s.io.api.apps.v1",
};

export function encode(message: string, value: Record<string, unknown>): Uint8Array {
  const type = root.lookupType(message);
  const err = type.verify(value);
  if (err) throw new Error(`fixture does not fit ${message}: ${err}`);
  return type.encode(type.fromObject(value)).finish();
}

/** A body as kubectl writes it: magic, then runtime.Unknown around the object's message. */
export function body(
  apiVersion: string,
  kind: string,
  message: string,
  value: Record<string, unknown>,
  extra = {},
) {
  const raw = encode(message, value);
  const unknown = encode("k8s.io.apimachinery.pkg.runtime.Unknown", {
    typeMeta: { apiVersion, kind },
    raw,
    ...extra,
  });
  return Buffer.concat([Buffer.from("k8s\x00", "latin1"), unknown]);
}

export function rejects(
  bytes: Uint8Array,
  code: ProtobufDecodeErrorCode,
  message?: RegExp,
): ProtobufDecodeError {
  let caught: unknown;
  try {
    decodeProtobufBody(bytes);
  } catch (err) {
    caught = err;
  }
  assert.ok(caught instanceof ProtobufDecodeError, `expected a ProtobufDecodeError, got ${String(caught)}`);
  assert.equal(caught.code, code, caught.message);
  if (message) assert.match(caught.message, message);
  return caught;
}

/** Gogo writes every non-pointer scalar, zero or not: what a Go client's ObjectMeta looks like. */
export const goMeta = (name: string) => ({
  name,
  generateName: "",
  namespace: "",
  selfLink: "",
  uid: "",
  resourceVersion: "",
  generation: 0,
  creationTimestamp: {},
});

export function deployment(replicas: number | undefined) {
  return body("apps/v1", "Deployment", `${K.apps}.Deployment`, {
    metadata: { ...goMeta("web"), labels: { app: "web" } },
    spec: {
      ...(replicas === undefined ? {} : { replicas }),
      selector: { matchLabels: { app: "web" } },
      template: {
        metadata: { ...goMeta(""), labels: { app: "web" } },
        spec: {
          containers: [
            {
              name: "nginx",
              image: "nginx",
              workingDir: "",
              stdin: false,
              ports: [{ name: "", hostPort: 0, containerPort: 80, protocol: "", hostIP: "" }],
              resources: { limits: { cpu: { string: "500m" } } },
              readinessProbe: {
                handler: { httpGet: { path: "/", port: { type: 1, intVal: 0, strVal: "http" } } },
              },
              securityContext: { runAsUser: 0, allowPrivilegeEscalation: false },
            },
          ],
          automountServiceAccountToken: false,
          hostNetwork: false,
        },
      },
      strategy: {
        type: "RollingUpdate",
        rollingUpdate: { maxUnavailable: { type: 0, intVal: 0, strVal: "" } },
      },
      minReadySeconds: 0,
      paused: false,
    },
    status: { observedGeneration: 0, replicas: 0 },
  });
}
