import { defineConfig } from 'vitest/config';
import { browserInclude, ringVitestConfig } from '@ring/vitest-config';

// `pnpm test:browser`: the dashboard driven in Debian's headless Chromium through playwright-core
// (no browser download). The global setup fails the run with the install line when
// /usr/bin/chromium is missing.
export default defineConfig({
  ...ringVitestConfig,
  test: {
    ...ringVitestConfig.test,
    include: browserInclude,
    exclude: ['**/node_modules/**', '**/dist/**'],
    globalSetup: ['apps/node/test/browser/global-setup.ts'],
  },
});
