/**
 * A smoke set with the oldest and newest kubectl this project supports (1.27 and 1.33).
 */
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { after, before, describe, it } from "node:test";
import { type Cluster, startCluster } from "./helpers/k8ts.js";

const dir = "/usr/lib/google-cloud-sdk/bin";

describe("kubectl 1.27 and 1.33", () => {
  let c: Cluster;
  before(async () => {
    c = await startCluster();
  });
  after(async () => {
    await c?.stop();
  });
  for (const v of ["1.27", "1.33"]) {
    const bin = `${dir}/kubectl.${v}`;
    it(`kubectl ${v}: version, get, apply, get -o yaml, delete`, {
      skip: !existsSync(bin) && `${bin} missing`,
    }, () => {
      const run = (args: string[], input?: string) => {
        const r = c.kubectl(args, { bin, input, env: { KUBECACHEDIR: `${c.dataDir}/cache-${v}` } });
        assert.equal(r.code, 0, `kubectl ${v} ${args.join(" ")}:\n${r.stderr}`);
        return r.stdout;
      };
      assert.match(run(["version"]), /Server Version: (version.Info{.*GitVersion:")?v1\.32\.0-k8ts/);
      assert.match(run(["get", "ns"]), /^kube-system\s+Active/m);
      const name = `cm-${v.replace(".", "-")}`;
      assert.match(
        run(
          ["apply", "-f", "-"],
          `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\ndata:\n  a: b\n`,
        ),
        new RegExp(`configmap/${name} created`),
      );
      assert.match(run(["get", "cm", name, "-o", "yaml"]), /a: b/);
      assert.match(run(["get", "cm"]), new RegExp(`^${name}\\s+1\\s`, "m"));
      assert.match(run(["delete", "cm", name]), new RegExp(`configmap "${name}" deleted`));
    });
  }
});
