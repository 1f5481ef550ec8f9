// Vitest global setup: bundle ring-node (dist/ring-node.cjs) from the current sources before any
// test runs, so tests that spawn bin/ring-node.cjs never run a stale build. esbuild takes < 1 s.
// @ts-expect-error -- a plain ES module script without type declarations
import { buildRingNode } from '../scripts/build.mjs';

export default async function setup(): Promise<void> {
  await (buildRingNode as () => Promise<void>)();
}
