/**
 * Counters of a queue since it was created. Every accepted broadcast ends in exactly one of
 * `sent`, `invalidated`, `dropped`, `pruned`, `reset`, so at any time
 * `enqueued = sent + invalidated + dropped + pruned + reset + size`.
 */
export interface QueueStats {
  /** Broadcasts accepted by `enqueue` (including ones discarded at once by `drop-newest`). */
  readonly enqueued: number;
  /** Broadcasts that reached their retransmit limit. */
  readonly sent: number;
  /** Messages handed out by `getBroadcasts` (each transmission of each broadcast counts). */
  readonly transmits: number;
  /** Broadcasts replaced by a newer one. */
  readonly invalidated: number;
  /** Broadcasts discarded by the drop policy because the queue was full. */
  readonly dropped: number;
  /** `enqueue` calls that threw (malformed, too large, full under `reject`); nothing was queued. */
  readonly rejected: number;
  /** Broadcasts discarded by `prune`. */
  readonly pruned: number;
  /** Broadcasts discarded by `reset`. */
  readonly reset: number;
}
