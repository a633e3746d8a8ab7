/**
 * State survives a restart: objects, resourceVersions, allocated IPs/ports and certificates;
 * a watch resumed with the last resourceVersion after the restart gets exactly the missed events.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";
import { startCluster } from "./helpers/k8ts.js";

const cm = (name: string, v: string) =>
  `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\ndata:\n  k: "${v}"\n`;

describe("restart", () => {
  it("keeps objects, versions, allocations and certificates, and resumes watches", async () => {
    const advertise = ["--advertise-address", "192.0.2.10"];
    let c = await startCluster({ extraArgs: advertise });
    const dataDir = c.dataDir;
    try {
      const ok = (args: string[], input?: string) => {
        const r = c.kubectl(args, { input });
        assert.equal(r.code, 0, `kubectl ${args.join(" ")}:\n${r.stderr}`);
        return r.stdout;
      };
      ok(["apply", "-f", "-"], cm("cm-a", "1"));
      const rv0 = ok(["get", "cm", "cm-a", "-o", "jsonpath={.metadata.resourceVersion}"]);
      ok(["apply", "-f", "-"], cm("cm-b", "1"));
      ok(["apply", "-f", "-"], cm("cm-a", "2"));
      ok(["delete", "cm", "cm-b"]);
      const svc =
        "apiVersion: v1\nkind: Service\nmetadata:\n  name: keep\nspec:\n  type: NodePort\n  selector:\n    app: x\n  ports:\n  - port: 80\n    nodePort: 30100\n";
      ok(["apply", "-f", "-"], svc);
      const ip = ok(["get", "svc", "keep", "-o", "jsonpath={.spec.clusterIP}"]);
      const before = ok(["get", "cm", "cm-a", "-o", "jsonpath={.metadata.resourceVersion}"]);
      const kubeconfig = readFileSync(c.kubeconfig, "utf8");

      await c.stop({ keepData: true });
      const firstPort = c.port;
      c = await startCluster({ dataDir, extraArgs: advertise });
      // The kubernetes Service's endpoints follow the server to its new port.
      assert.notEqual(c.port, firstPort);
      assert.equal(
        ok(["get", "endpoints", "kubernetes", "-o", "jsonpath={.subsets[0].ports[0].port}"]),
        String(c.port),
      );
      assert.equal(
        ok([
          "get",
          "endpointslice",
          "kubernetes",
          "-o",
          "jsonpath={.endpoints[0].addresses[0]}:{.ports[0].port}",
        ]),
        `192.0.2.10:${c.port}`,
      );

      assert.equal(ok(["get", "cm", "cm-a", "-o", "jsonpath={.metadata.resourceVersion}"]), before);
      assert.equal(ok(["get", "cm", "cm-a", "-o", "jsonpath={.data.k}"]), "2");
      assert.equal(ok(["get", "svc", "keep", "-o", "jsonpath={.spec.clusterIP}"]), ip);
      const ca = (s: string) => /certificate-authority-data: (\S+)/.exec(s)?.[1];
      assert.equal(ca(readFileSync(c.kubeconfig, "utf8")), ca(kubeconfig));
      const clash = c.kubectl(["apply", "-f", "-"], { input: svc.replace("name: keep", "name: clash") });
      assert.match(clash.stderr, /provided port is already allocated/);

      const stream = ok([
        "get",
        "--raw",
        `/api/v1/namespaces/default/configmaps?watch=1&resourceVersion=${rv0}&timeoutSeconds=2`,
      ]);
      const events = stream
        .trim()
        .split("\n")
        .map((l) => JSON.parse(l) as { type: string; object: { metadata: { name: string } } })
        .map((e) => `${e.type} ${e.object.metadata.name}`);
      assert.deepEqual(events, ["ADDED cm-b", "MODIFIED cm-a", "DELETED cm-b"]);
    } finally {
      await c.stop();
    }
  });
});
