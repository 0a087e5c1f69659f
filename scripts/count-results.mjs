// Prints "N passed, N failed" from vitest's and Playwright's JSON reports, after naming every
// failure (CI keeps only the tail of the output, so the names must sit just above the counts).
// A missing report counts as one failure: a runner that crashed must not read as green.
import { existsSync, readFileSync } from "node:fs";

let passed = 0;
let failed = 0;
const names = [];
const clip = (s) => String(s ?? "").replace(/\s+/g, " ").slice(0, 300);

function playwrightFailures(suites, out) {
  for (const s of suites ?? []) {
    for (const spec of s.specs ?? []) {
      for (const t of spec.tests ?? []) {
        if (t.status === "unexpected") out.push(`${spec.file ?? s.file}: ${spec.title} - ${clip(t.results?.at(-1)?.error?.message)}`);
      }
    }
    playwrightFailures(s.suites, out);
  }
}

for (const file of process.argv.slice(2)) {
  if (!existsSync(file)) {
    console.error(`missing report ${file}`);
    names.push(`${file}: report missing (the runner crashed or did not start)`);
    failed += 1;
    continue;
  }
  const report = JSON.parse(readFileSync(file, "utf8"));
  if (typeof report.numPassedTests === "number") {
    passed += report.numPassedTests;
    // A run can fail with no failed test (an unhandled error, a file that did not load): one failure.
    const runLevel = report.numTotalTestSuites > 0 && report.success === false && report.numFailedTests === 0 ? 1 : 0;
    failed += report.numFailedTests + runLevel;
    for (const f of report.testResults ?? []) {
      const failedTests = (f.assertionResults ?? []).filter((a) => a.status === "failed");
      for (const a of failedTests) names.push(`${f.name}: ${a.fullName} - ${clip(a.failureMessages?.[0])}`);
      if (f.status === "failed" && !failedTests.length) names.push(`${f.name}: ${clip(f.message) || "failed outside any test"}`);
    }
    if (runLevel && !names.length) names.push(`${file}: vitest reported failure without a failed test (an unhandled error: see the log above)`);
  } else if (report.stats) {
    passed += report.stats.expected + report.stats.flaky;
    failed += report.stats.unexpected + (report.errors?.length ?? 0);
    playwrightFailures(report.suites, names);
    for (const e of report.errors ?? []) names.push(`${file}: ${clip(e.message)}`);
  } else {
    console.error(`unrecognised report ${file}`);
    names.push(`${file}: unrecognised report`);
    failed += 1;
  }
}
if (names.length) console.log(`Failures:\n${names.map((n) => `  - ${n}`).join("\n")}`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
