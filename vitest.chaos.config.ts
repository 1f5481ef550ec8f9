import { defineConfig } from 'vitest/config';
import { chaosInclude, ringVitestConfig } from '@ring/vitest-config';

// `pnpm test:chaos`: real ring-node processes (and Go memberlist peers) in network namespaces with
// nftables faults. Needs root, iproute2 and nftables: the global setup fails the run with the
// install line when they are missing. One file, scenarios run one after another.
export default defineConfig({
  ...ringVitestConfig,
  test: {
    ...ringVitestConfig.test,
    include: chaosInclude,
    exclude: ['**/node_modules/**', '**/dist/**'],
    globalSetup: ['apps/node/test/build-bin.ts', 'apps/node/test/chaos/global-setup.ts'],
    fileParallelism: false,
    testTimeout: 300_000,
    hookTimeout: 300_000,
  },
});
