import { defineConfig } from 'vitest/config';
import { interopInclude, ringVitestConfig } from '@ring/vitest-config';

// `pnpm test:interop`: the tests that run real Go memberlist peers and real `serf agent`s. The
// global setups fail the run with the install line when Go, Debian's memberlist sources or serf are
// missing.
export default defineConfig({
  ...ringVitestConfig,
  test: {
    ...ringVitestConfig.test,
    include: interopInclude,
    exclude: ['**/node_modules/**', '**/dist/**'],
    globalSetup: [
      'apps/node/test/build-bin.ts',
      'tooling/go-peer/src/global-setup.ts',
      'packages/serf/test/interop/global-setup.ts',
    ],
  },
});
