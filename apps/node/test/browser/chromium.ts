// Launch Debian's Chromium through playwright-core: the system executable, a fresh profile, and no
// network beyond what the page asks for (no updates, sync or field trials).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import type { BrowserContext } from 'playwright-core';

/** A running browser with its own profile folder. */
export interface Browser {
  readonly context: BrowserContext;
  close(): Promise<void>;
}

/**
 * Start headless Chromium with a fresh `--user-data-dir`.
 *
 * @param executablePath - the browser. @default `/usr/bin/chromium` (or `RING_CHROMIUM`)
 */
export async function launchChromium(
  executablePath = process.env.RING_CHROMIUM ?? '/usr/bin/chromium',
): Promise<Browser> {
  const profile = mkdtempSync(join(tmpdir(), 'ring-chromium-'));
  // playwright passes the profile as --user-data-dir (it refuses the flag in `args`).
  const context = await chromium.launchPersistentContext(profile, {
    executablePath,
    headless: true,
    viewport: { width: 1280, height: 1100 },
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  return {
    context,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
