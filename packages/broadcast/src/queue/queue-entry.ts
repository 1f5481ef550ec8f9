import type { Broadcast } from '../message/broadcast.js';

/** How a broadcast takes part in invalidation; see {@link Broadcast}. */
export type BroadcastKind = 'named' | 'unique' | 'plain';

/** The fields the queue is ordered by (a probe for searches has only these). */
export interface SortKey {
  /** Times handed out so far (memberlist's transmit tier). */
  readonly transmits: number;
  /** `message.length`, fixed at enqueue. */
  readonly length: number;
  /** Enqueue sequence number: larger is newer. Unique within a queue. */
  readonly id: number;
}

/**
 * A queued broadcast. `transmits`, `length` and `id` are the sort key; `older`/`newer` link the
 * entries in enqueue order so `drop-oldest` finds its victim in O(1).
 */
export interface QueueEntry extends SortKey {
  transmits: number;
  readonly kind: BroadcastKind;
  /** The name captured at enqueue (named entries only). */
  readonly name: string | undefined;
  readonly broadcast: Broadcast;
  /** The message captured at enqueue. */
  readonly message: Uint8Array;
  older: QueueEntry | undefined;
  newer: QueueEntry | undefined;
}

/**
 * memberlist's `limitedBroadcast.Less`: fewest transmits first, then the longer message, then the
 * newer one. Longest-first inside a tier makes the greedy fill in `getBroadcasts` pack large
 * messages while room remains and top up with small ones.
 *
 * Written with comparisons rather than subtraction so probes may carry `Infinity`.
 */
export function compareEntries(a: SortKey, b: SortKey): number {
  if (a.transmits !== b.transmits) return a.transmits < b.transmits ? -1 : 1;
  if (a.length !== b.length) return a.length > b.length ? -1 : 1;
  if (a.id !== b.id) return a.id > b.id ? -1 : 1;
  return 0;
}
