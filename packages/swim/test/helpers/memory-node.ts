/**
 * A swim node named `n<i>` on a memory network and virtual clock, seeded from the run's seed and
 * its index: the node the small protocol tests build by hand.
 */
import type { MemoryNetwork, VirtualClock } from '@ring/transport';
import { createSeededRandom } from '@ring/transport';
import { createSwimNode } from '../../src/index.js';
import type { MemoryMetrics, SwimNode, SwimOptions } from '../../src/index.js';

/** Where the node lives and what it is given. */
export interface MemoryNodeSetup {
  readonly net: MemoryNetwork;
  readonly clock: VirtualClock;
  /** The run's seed; the node's randomness is seeded with `seed × 100 + i`. */
  readonly seed: number;
  readonly options?: SwimOptions;
  readonly metrics?: MemoryMetrics;
}

/**
 * Create (not start) node `n<i>`.
 *
 * @param setup - network, clock, seed, options and metrics.
 * @param i - the node's index.
 */
export function memoryNode(setup: MemoryNodeSetup, i: number): SwimNode {
  return createSwimNode({
    name: `n${i}`,
    transport: setup.net.createTransport(),
    clock: setup.clock,
    random: createSeededRandom(setup.seed * 100 + i),
    resolver: async () => [],
    options: setup.options ?? {},
    ...(setup.metrics === undefined ? {} : { metrics: setup.metrics }),
  });
}
