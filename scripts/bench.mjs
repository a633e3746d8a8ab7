#!/usr/bin/env node
// `npm run bench -- <name>` runs dist/bench/<name>.js (compiled from bench/<name>.ts).
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";

const [name, ...rest] = process.argv.slice(2);
const list = () =>
  readdirSync("dist/bench")
    .filter((f) => f.endsWith(".js") && !f.includes(".test."))
    .map((f) => f.slice(0, -3));
if (!name || !existsSync(`dist/bench/${name}.js`)) {
  process.stderr.write(
    `usage: npm run bench -- <name>\nbenchmarks: ${existsSync("dist/bench") ? list().join(", ") : "(none)"}\n`,
  );
  process.exit(2);
}
const r = spawnSync(process.execPath, [`dist/bench/${name}.js`, ...rest], { stdio: "inherit" });
process.exit(r.status ?? 1);
