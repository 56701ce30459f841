#!/usr/bin/env node
// Adds up the JSON reports every test run leaves in test-results/ and prints
// one closing line, "N passed, N failed, N skipped", for the whole CI run.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";

const root = new URL("..", import.meta.url).pathname;
let passed = 0, failed = 0, skipped = 0;
const walk = (dir, depth) => {
  for (const name of readdirSync(dir)) {
    if (name === "node_modules" || name.startsWith(".")) continue;
    const p = join(dir, name);
    const st = statSync(p);
    if (st.isDirectory() && depth < 4) walk(p, depth + 1);
    else if (st.isFile() && dir.endsWith("test-results") && name.endsWith(".json")) count(p);
  }
};
const count = (file) => {
  try {
    const r = JSON.parse(readFileSync(file, "utf8"));
    if (typeof r.numPassedTests === "number") {
      // vitest json reporter
      passed += r.numPassedTests; failed += r.numFailedTests; skipped += (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
    } else if (r.stats && typeof r.stats.expected === "number") {
      // playwright json reporter
      passed += r.stats.expected + (r.stats.flaky ?? 0); failed += r.stats.unexpected; skipped += r.stats.skipped;
    }
  } catch { /* not a report */ }
};
walk(root, 0);
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed > 0 ? 1 : 0);
