// CI's closing lines: what each pass of the suite ran, from vitest's JSON reports (.ci/run), and the totals.
// A test skipped in a pass is one written for the other database (PostgreSQL-only, embedded-only); a missing
// prerequisite (Chromium, Redis) fails its file in CI instead (test/prerequisites.ts).
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';

const totals = { passed: 0, failed: 0, skipped: 0 };
for (const file of process.argv.slice(2)) {
  const report = JSON.parse(readFileSync(file, 'utf8'));
  const passed = report.numPassedTests;
  const failed = report.numFailedTests + (report.numFailedTestSuites ?? 0);
  const skipped = report.numPendingTests + report.numTodoTests;
  const files = report.testResults.length;
  console.log(`${basename(file, '.json')}: ${files} files, ${passed} passed, ${failed} failed, ${skipped} skipped`);
  totals.passed += passed;
  totals.failed += failed;
  totals.skipped += skipped;
}
console.log(`tests: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exitCode = totals.failed > 0 || totals.passed === 0 ? 1 : 0;
