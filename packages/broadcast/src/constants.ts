import { DEFAULT_MAX_PACKET_SIZE } from '@ring/base';

/**
 * Defaults of the transmit-limited queue. Each one names where its number comes from.
 */

/**
 * Retransmit multiplier: a broadcast is handed out `mult × ⌈log10(n + 1)⌉` times.
 * memberlist's `RetransmitMult` for the LAN and WAN presets (the local preset uses 2).
 */
export const DEFAULT_RETRANSMIT_MULT = 4;

/**
 * Largest `limitBytes` a caller will ever pass to `getBroadcasts` — memberlist's `UDPBufferSize`.
 * A broadcast whose `length + overheadBytes` exceeds it can never be sent and is rejected at enqueue.
 * The same number as `DEFAULT_MAX_PACKET_SIZE` from `@ring/base` (1400), under the name this
 * package's option (`packetBudgetBytes`) uses.
 */
export const DEFAULT_PACKET_BUDGET_BYTES = DEFAULT_MAX_PACKET_SIZE;

/**
 * Per-message overhead assumed by the enqueue-time size check: memberlist frames each piggybacked
 * message in a compound with a 2-byte length (`compoundOverhead`).
 */
export const DEFAULT_OVERHEAD_BYTES = 2;

/**
 * Bound on queued broadcasts. memberlist has none; Serf prunes its queues to `MaxQueueDepth` 4096,
 * which is the number we adopt.
 */
export const DEFAULT_MAX_QUEUE_DEPTH = 4096;

/** What to do when an enqueue would exceed `maxQueueDepth`; see {@link DropPolicy}. */
export const DEFAULT_DROP_POLICY = 'drop-oldest';

/** Every drop policy, for validation. */
export const DROP_POLICIES = ['drop-oldest', 'drop-newest', 'reject'] as const;

/** A drop policy: which broadcast gives way when the queue is full. */
export type DropPolicy = (typeof DROP_POLICIES)[number];
