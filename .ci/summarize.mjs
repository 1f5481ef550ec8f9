// Reads Vitest's JSON reports (one per test command) and prints the final CI line "N passed, N failed".
// Usage: node .ci/summarize.mjs <failed CI steps> <report.json>...
// Failed = failed tests + test files that failed to load + missing reports (a test command that
// could not even start, e.g. its global setup found a tool missing) + test commands that exited
// non-zero without a failing test + failed CI steps (lint, ...).
// Exit code: 1 when anything failed or when no test ran at all.
import { existsSync, readFileSync } from 'node:fs';

const [extra = '0', ...files] = process.argv.slice(2);
let passed = 0;
let failed = 0;
let skipped = 0;
for (const file of files) {
  if (!existsSync(file)) {
    console.log(`no Vitest report at ${file}: counting that test command as failed`);
    failed += 1;
    continue;
  }
  const report = JSON.parse(readFileSync(file, 'utf8'));
  passed += report.numPassedTests ?? 0;
  failed += report.numFailedTests ?? 0;
  // Name every failing test here, next to the final line, so a truncated log still says what broke.
  for (const r of report.testResults ?? [])
    for (const a of r.assertionResults ?? [])
      if (a.status === 'failed')
        console.log(
          `FAILED ${r.name} > ${a.fullName ?? a.title}\n  ${String(a.failureMessages?.[0] ?? '')
            .split('\n')
            .slice(0, 6)
            .join('\n  ')}`,
        );
  skipped += (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
  const brokenFiles = (report.testResults ?? []).filter(
    (r) => r.status === 'failed' && (r.assertionResults ?? []).every((a) => a.status !== 'failed'),
  );
  for (const r of brokenFiles)
    console.log(`file failed without a failing test (load error?): ${r.name}\n${r.message ?? ''}`);
  failed += brokenFiles.length;
  // The command exited non-zero (e.g. an unhandled error) yet no test failed: count it once.
  const exitedBadly = existsSync(`${file}.exit`);
  const counted = (report.numFailedTests ?? 0) + brokenFiles.length;
  if (exitedBadly && counted === 0) {
    console.log(`${file}: the test command exited non-zero without a failing test`);
    failed += 1;
  }
}
// A skipped test is not a passing one: CI counts it as failed.
if (skipped > 0) console.log(`${skipped} skipped or todo tests (counted as failed)`);
failed += skipped;
const extraFailed = Number(extra);
if (extraFailed > 0) console.log(`${extraFailed} CI step(s) failed (see above)`);
failed += extraFailed;
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
