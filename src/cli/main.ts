import { Command, CommanderError } from "commander";
import { UserError } from "../util/errors.js";
import { setLogLevel } from "../util/log.js";
import { k8tsVersion, kubeVersion } from "../version.js";
import { addServerCommand } from "./server.js";

/** Builds the `k8ts` command tree. Each subcommand lives in its own file under cli/. */
export function program(): Command {
  const root = new Command("k8ts")
    .description("A small Kubernetes-compatible container orchestrator")
    .option("-v, --verbose", "more log output (repeat for debug)", (_v, n: number) => n + 1, 0)
    .showHelpAfterError()
    .exitOverride();
  root.hook("preAction", (cmd) => {
    const v = cmd.opts().verbose as number;
    if (v >= 2) setLogLevel("debug");
    else if (v === 1) setLogLevel("info");
  });
  root
    .command("version")
    .description("print the k8ts version and the Kubernetes version it serves")
    .action(() => {
      process.stdout.write(`k8ts version v${k8tsVersion} (Kubernetes ${kubeVersion.gitVersion})\n`);
    });
  addServerCommand(root);
  return root;
}

/** Runs the CLI; user errors are printed as one line without a stack trace. */
export async function main(argv: readonly string[]): Promise<void> {
  try {
    await program().parseAsync([...argv], { from: "user" });
  } catch (err) {
    if (err instanceof CommanderError) {
      process.exitCode = err.exitCode;
      return;
    }
    if (err instanceof UserError) {
      process.stderr.write(`k8ts: ${err.message}\n`);
      process.exitCode = err.exitCode;
      return;
    }
    const msg = err instanceof Error ? err.message : String(err);
    process.stderr.write(`k8ts: ${msg}\n`);
    process.exitCode = 1;
  }
}
