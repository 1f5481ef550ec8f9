import { MemoryNetwork, VirtualClock, createSeededRandom } from '@ring/transport';
import type { Transport } from '@ring/transport';
import { createSwimNode } from '@ring/swim';
import type { SwimNode } from '@ring/swim';
import { Timeline } from './timeline.js';

/** Options of {@link SimulatedCluster}. */
export interface SimulatedClusterOptions {
  /** Node names, left to right in the timeline. */
  readonly names: readonly string[];
  /** Seed of the memory network and the nodes' randomness. */
  readonly seed: number;
  /** Line sink of the timeline. */
  readonly write: (line: string) => void;
  /** Timeline column width. @default 44 */
  readonly columnWidth?: number;
}

/**
 * The stage of the in-memory seed demos (`apps/event`, `apps/broadcast`): a virtual clock, a
 * memory network (1 ms links) seeded for a deterministic run, and the timeline the nodes speak in.
 */
export class SimulatedCluster {
  /** Virtual time, starting at 0. */
  readonly clock: VirtualClock;
  /** The in-memory network, seeded. */
  readonly network: MemoryNetwork;
  /** One column per node. */
  readonly timeline: Timeline;
  readonly #seed: number;

  /** @param options - names, seed, output. */
  constructor(options: SimulatedClusterOptions) {
    this.#seed = options.seed;
    this.clock = new VirtualClock(0);
    this.network = new MemoryNetwork({
      clock: this.clock,
      seed: options.seed,
      defaultLink: { latencyMs: 1 },
    });
    this.timeline = new Timeline(options.names, options.write, options.columnWidth);
  }

  /** Print `text` in `name`'s column at the current virtual time. */
  say(name: string, text: string): void {
    this.timeline.say(name, text, this.clock.now());
  }

  /** Run virtual time until `promise` settles (timers and message deliveries run meanwhile). */
  settle<T>(promise: Promise<T>): Promise<T> {
    return this.clock.runUntilSettled(promise, { maxMs: 100_000 });
  }

  /**
   * A swim member (memberlist's local preset) on a new transport of the network, its randomness
   * seeded from the cluster's seed and `index`. Not started.
   *
   * @param name - member name.
   * @param index - its position (0 for the first), for the seed.
   */
  createMember(name: string, index: number): { node: SwimNode; transport: Transport } {
    const transport = this.network.createTransport();
    const node = createSwimNode({
      name,
      transport,
      preset: 'local',
      clock: this.clock,
      random: createSeededRandom(this.#seed * 100 + index),
    });
    return { node, transport };
  }
}
