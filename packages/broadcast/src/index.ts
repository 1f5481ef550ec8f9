/**
 * `@ring/broadcast` — what to piggyback next. A pure (no sockets, no timers) transmit-limited
 * queue with hashicorp/memberlist's `TransmitLimitedQueue` semantics: each broadcast is handed out
 * `mult × ⌈log10(n + 1)⌉` times, fewest transmits first, then longest, then newest; a newer
 * broadcast with the same name replaces the queued one; `getBroadcasts(overhead, limit)` fills a
 * packet greedily. Plus what memberlist lacks: a broadcast that can never fit the packet budget is
 * rejected at enqueue with `ERR_BROADCAST_TOO_LARGE`, the depth is bounded with an explicit drop
 * policy, counters, and a done callback with the reason.
 *
 * @example
 * ```ts
 * import { TransmitLimitedQueue } from '@ring/broadcast';
 *
 * const members = new Set(['a', 'b', 'c']);
 * const queue = new TransmitLimitedQueue({ numNodes: () => members.size }, { retransmitMult: 4 });
 * queue.enqueue({
 *   name: 'b',
 *   message: new TextEncoder().encode('suspect b'),
 *   onDone: (reason) => console.log('done:', reason), // 'sent' after 4 transmissions
 * });
 * for (let round = 0; round < 4; round++) console.log(queue.getBroadcasts(2, 1400).length); // 1 1 1 1
 * ```
 *
 * @packageDocumentation
 */
export type { Broadcast, DoneReason } from './message/broadcast.js';
// The defaults (DEFAULT_*), DROP_POLICIES and the DropPolicy type: every name in constants.ts.
export * from './constants.js';
export { BroadcastError, isBroadcastError, type BroadcastErrorCode } from './errors.js';
export type {
  ResolvedTransmitQueueOptions,
  TransmitQueueComponents,
  TransmitQueueOptions,
} from './config/options.js';
export { retransmitLimit } from './queue/retransmit-limit.js';
export { TransmitLimitedQueue } from './queue/transmit-queue.js';
export type { QueueStats } from './queue/queue-stats.js';
