/**
 * The real kubectl against a real `k8ts server`: service accounts. `kubectl create token`
 * (TokenRequest) and the tokens it issues as credentials, and the ServiceAccount admission check
 * of new pods.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { useCluster } from "./helpers/kubectl-session.js";

describe("kubectl service accounts against k8ts server", () => {
  const suite = useCluster();
  const ok = (args: string[], input?: string) => suite.k.ok(args, input);
  const fails = (args: string[], input?: string) => suite.k.fails(args, input);

  it("kubectl create token issues service account tokens the server accepts while they hold", () => {
    // kubectl with nothing but a token (no client certificate), as a pod or a dashboard would be.
    const base = readFileSync(suite.c.kubeconfig, "utf8");
    const ca = /certificate-authority-data: (\S+)/.exec(base)![1]!;
    const server = /server: (\S+)/.exec(base)![1]!;
    const asToken = (token: string, args: string[]) => {
      const file = join(suite.c.dataDir, "token-kubeconfig.yaml");
      writeFileSync(
        file,
        `apiVersion: v1\nkind: Config\nclusters:\n- name: k\n  cluster: {server: "${server}", certificate-authority-data: ${ca}}\nusers:\n- name: t\n  user: {token: "${token}"}\ncontexts:\n- name: k\n  context: {cluster: k, user: t}\ncurrent-context: k\n`,
      );
      const r = spawnSync("/usr/bin/kubectl", ["--kubeconfig", file, ...args], {
        encoding: "utf8",
        env: { ...process.env, KUBECACHEDIR: join(suite.c.dataDir, "token-cache") },
      });
      return { code: r.status, out: r.stdout, err: r.stderr };
    };
    const unauthorized = /error: You must be logged in to the server \(Unauthorized\)/;

    ok(["create", "serviceaccount", "robot"]);
    const token = ok(["create", "token", "robot"]).trim();
    const claims = JSON.parse(Buffer.from(token.split(".")[1]!, "base64url").toString());
    assert.equal(claims.sub, "system:serviceaccount:default:robot");
    assert.equal(claims.exp - claims.iat, 3600);
    assert.match(
      asToken(token, ["auth", "whoami"]).out,
      /Username\s+system:serviceaccount:default:robot\n.*\nGroups\s+\[system:serviceaccounts system:serviceaccounts:default system:authenticated\]/,
    );
    assert.equal(asToken(token, ["get", "ns", "default", "-o", "name"]).out, "namespace/default\n");

    assert.match(
      fails(["create", "token", "robot", "--duration=5m"]),
      /error: failed to create token: TokenRequest.authentication.k8s.io "robot" is invalid: spec.expirationSeconds: Invalid value: 300: may not specify a duration less than 10 minutes/,
    );
    assert.match(fails(["create", "token", "nobody"]), /serviceaccounts "nobody" not found/);
    // A token for another audience, or bound to a pod that is gone, is refused.
    const foreign = ok(["create", "token", "robot", "--audience=https://elsewhere"]).trim();
    assert.match(asToken(foreign, ["get", "ns"]).err, unauthorized);
    ok(["run", "token-pod", "--image=nginx"]);
    const bound = ok([
      "create",
      "token",
      "robot",
      "--bound-object-kind=Pod",
      "--bound-object-name=token-pod",
    ]).trim();
    assert.equal(asToken(bound, ["get", "ns", "default", "-o", "name"]).code, 0);
    ok(["delete", "pod", "token-pod", "--grace-period=0", "--force"]);
    assert.match(asToken(bound, ["get", "ns"]).err, unauthorized);
    // Deleting the account revokes its tokens.
    ok(["delete", "serviceaccount", "robot"]);
    assert.match(asToken(token, ["get", "ns"]).err, unauthorized);
    assert.match(asToken("a.b.c", ["get", "ns"]).err, unauthorized);
    // With a client certificate too, the certificate decides (upstream tries it first).
    assert.match(ok(["auth", "whoami", `--token=${token}`]), /Username\s+system:admin\n/);
  });

  it("refuses a pod whose service account does not exist, as upstream's ServiceAccount admission", () => {
    const ghostPod = `apiVersion: v1
kind: Pod
metadata: {name: ghost-pod}
spec:
  serviceAccountName: ghost
  containers: [{name: c, image: nginx}]
`;
    assert.match(
      fails(["apply", "-f", "-"], ghostPod),
      /Error from server \(Forbidden\): error when creating "STDIN": pods "ghost-pod" is forbidden: error looking up service account default\/ghost: serviceaccount "ghost" not found/,
    );
    ok(["create", "serviceaccount", "ghost"]);
    ok(["apply", "-f", "-"], ghostPod);
    // A namespace's default account comes with it: a pod right after the namespace is admitted.
    ok(["create", "namespace", "sa-race"]);
    ok(["run", "first", "-n", "sa-race", "--image=nginx"]);
    assert.equal(
      ok(["get", "pod", "first", "-n", "sa-race", "-o", "jsonpath={.spec.serviceAccountName}"]),
      "default",
    );
  });
});
