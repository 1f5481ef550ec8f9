// Reads Vitest's JSON report and prints the final CI line "N passed, N failed".
// Failed = failed tests + test files that failed to load + failed CI steps (lint, typecheck, ...).
// Exit code: 1 when anything failed or when no test ran at all.
import { existsSync, readFileSync } from 'node:fs';

const [file, extra = '0'] = process.argv.slice(2);
const extraFailed = Number(extra);
let passed = 0;
let failed = 0;
let skipped = 0;
if (file && existsSync(file)) {
  const report = JSON.parse(readFileSync(file, 'utf8'));
  passed = report.numPassedTests ?? 0;
  failed = report.numFailedTests ?? 0;
  skipped = (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
  const brokenFiles = (report.testResults ?? []).filter(
    (r) => r.status === 'failed' && (r.assertionResults ?? []).every((a) => a.status !== 'failed'),
  );
  for (const r of brokenFiles)
    console.log(`file failed without a failing test (load error?): ${r.name}\n${r.message ?? ''}`);
  failed += brokenFiles.length;
} else {
  console.log(`no Vitest report at ${file}: counting the test step as failed`);
  failed += 1;
}
if (skipped > 0) console.log(`${skipped} skipped or todo tests (not counted as passed)`);
if (extraFailed > 0) console.log(`${extraFailed} CI step(s) failed (see above)`);
failed += extraFailed;
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
