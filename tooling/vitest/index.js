// Shared Vitest settings: resolve workspace packages to their TypeScript sources through the
// "@ring/source" export condition, so tests never need a build first.
// When RING_TEST_JSON is set (CI), a JSON report is written there as well; .ci/run reads it.
import { defaultServerConditions } from 'vite';

/** Conditions used to resolve `@ring/*` imports to `src/*.ts`. */
export const ringConditions = ['@ring/source', ...defaultServerConditions];

const jsonReport = process.env.RING_TEST_JSON;

/**
 * Tests that need tools beyond Node and npm (Go + Debian's memberlist). They run under their own
 * command, `pnpm test:interop` (vitest.interop.config.ts), never in the README's `pnpm test`.
 */
export const interopInclude = [
  'packages/swim/test/interop/**/*.test.ts',
  'tooling/go-peer/**/*.test.ts',
  'apps/node/test/go-interop.test.ts',
  'packages/serf/test/interop/**/*.test.ts',
  'apps/node/test/serf-interop.test.ts',
];

/**
 * The chaos suite: real processes in network namespaces with nftables faults (needs root, iproute2,
 * nftables). Runs under `pnpm test:chaos` (vitest.chaos.config.ts) only.
 */
export const chaosInclude = ['apps/node/test/chaos/**/*.test.ts'];

/**
 * Tests that drive a real browser (Debian's Chromium through playwright-core). They run under
 * `pnpm test:browser` (vitest.browser.config.ts), never in the README's `pnpm test`.
 */
export const browserInclude = ['apps/node/test/browser/**/*.test.ts'];

/** Base config shared by the root run and any package-local run. */
export const ringVitestConfig = {
  resolve: { conditions: ringConditions },
  ssr: { resolve: { conditions: ringConditions, externalConditions: ['@ring/source'] } },
  test: {
    include: [
      'packages/*/src/**/*.test.ts',
      'packages/*/test/**/*.test.ts',
      'apps/*/src/**/*.test.ts',
      'apps/*/test/**/*.test.ts',
      // every TypeScript block of every README, type-checked and run (see docs/TESTING.md)
      'tooling/readme-check/**/*.test.ts',
      'tooling/demo-kit/src/**/*.test.ts',
      // the import rules on planted violations, and the API reports of every entry point
      'tooling/arch-checks/test/**/*.test.ts',
    ],
    exclude: [
      '**/node_modules/**',
      '**/dist/**',
      ...interopInclude,
      ...chaosInclude,
      ...browserInclude,
    ],
    // ring-node's bin runs the bundled build: make it from the current sources first.
    globalSetup: ['apps/node/test/build-bin.ts'],
    testTimeout: 30_000,
    hookTimeout: 180_000,
    pool: 'forks',
    reporters: jsonReport ? ['default', 'json'] : ['default'],
    ...(jsonReport ? { outputFile: { json: jsonReport } } : {}),
  },
};
