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
  'apps/node/test/go-interop.test.ts',
  'packages/serf/test/interop/**/*.test.ts',
  'apps/node/test/serf-interop.test.ts',
];

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
    ],
    exclude: ['**/node_modules/**', '**/dist/**', ...interopInclude],
    testTimeout: 30_000,
    hookTimeout: 180_000,
    pool: 'forks',
    reporters: jsonReport ? ['default', 'json'] : ['default'],
    ...(jsonReport ? { outputFile: { json: jsonReport } } : {}),
  },
};
