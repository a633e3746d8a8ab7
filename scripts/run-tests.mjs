#!/usr/bin/env node
// Runs every compiled test file (dist/**/*.test.js) with node's test runner.
// Extra arguments filter by path substring: `node scripts/run-tests.mjs storage`.
import { spawnSync } from "node:child_process";
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";

function walk(dir, out) {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p, out);
    else if (name.endsWith(".test.js")) out.push(p);
  }
  return out;
}

const filters = process.argv.slice(2);
const files = walk("dist", [])
  .filter((f) => filters.length === 0 || filters.some((s) => f.includes(s)))
  .sort();
// The servers the tests start freeze every cached object all the way down (see
// src/apiserver/registry/cache.ts): code that changes one in place fails a test.
process.env.K8TS_FREEZE_OBJECTS ??= "1";
const r = spawnSync(process.execPath, ["--test", "--test-concurrency=2", "--test-timeout=600000", ...files], {
  stdio: "inherit",
});
process.exit(r.status ?? 1);
