import type { Clock, Random, Transport } from '@ring/transport';
import type { SwimOptions } from '@ring/swim';
import type { NodeConfig } from '../config/node-config.js';
import type { EventLine } from '../events/event-lines.js';
import type { NodeLogger } from '../cli/logger.js';

/** Everything `RingNode.start` needs besides the config. */
export interface RingNodeDeps {
  /** The validated config. */
  readonly config: NodeConfig;
  /** The gossip transport, not started (UDP/TCP from `@ring/transport/node`, or a memory transport). */
  readonly transport: Transport;
  /** @default the transport's clock */
  readonly clock?: Clock;
  /** Randomness of the membership protocol (probe order, gossip targets, timer phases); tests on the virtual clock pass a seeded one. @default systemRandom */
  readonly random?: Random;
  /** Receives every event line (the CLI prints them as JSON with `--json`, as text otherwise). */
  readonly onEvent?: (line: EventLine) => void;
  /** Logger (stderr in the CLI). */
  readonly logger: NodeLogger;
  /** Overrides of the preset's timing options (tests and the local cluster use faster timings). */
  readonly swimOptions?: SwimOptions;
}
