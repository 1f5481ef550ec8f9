// Global setup of `pnpm test:browser`: the tests drive Debian's Chromium. When it is missing the
// whole run fails here with the install line: it never skips and never passes. (Self-contained:
// Vitest loads global setups without the `@ring/source` condition.)
import { accessSync, constants } from 'node:fs';
import { execFileSync } from 'node:child_process';

/** Where the tests expect the browser (Debian's `chromium` package). */
export const CHROMIUM = process.env.RING_CHROMIUM ?? '/usr/bin/chromium';
const INSTALL = 'apt-get install -y chromium';

/** Vitest global setup: fail the run, naming the install line, when Chromium is missing. */
export default function setup(): void {
  try {
    accessSync(CHROMIUM, constants.X_OK);
  } catch {
    throw new Error(`pnpm test:browser needs Chromium at ${CHROMIUM}; install it: ${INSTALL}`);
  }
  let version: string;
  try {
    version = execFileSync(CHROMIUM, ['--version'], {
      encoding: 'utf8',
      timeout: 30_000,
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
  } catch (error) {
    throw new Error(
      `pnpm test:browser: ${CHROMIUM} --version failed (${String(error)}); reinstall it: ${INSTALL}`,
    );
  }
  console.log(`browser: ${version}`);
}
