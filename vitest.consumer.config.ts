// `pnpm test:consumer`: the consumer smoke suite only (packs, installs with npm outside the
// workspace, runs there). Shares the root settings, including the RING_TEST_JSON JSON report.
import { defineConfig } from 'vitest/config';
import { ringVitestConfig } from '@ring/vitest-config';

export default defineConfig({
  ...ringVitestConfig,
  test: {
    ...ringVitestConfig.test,
    include: ['tooling/consumer-smoke/**/*.test.ts'],
    testTimeout: 300_000,
    hookTimeout: 900_000,
  },
});
