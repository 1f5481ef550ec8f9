/**
 * Why a queued broadcast left the queue. Exactly one reason is reported per accepted broadcast.
 *
 * - `sent` — it was handed out by `getBroadcasts` as many times as the retransmit limit allows.
 * - `invalidated` — a newer broadcast with the same `name` (or one whose `invalidates` matched) replaced it.
 * - `dropped` — the queue was full and the drop policy chose this one (`drop-oldest` / `drop-newest`).
 * - `pruned` — `prune(maxRetain)` discarded it.
 * - `reset` — `reset()` discarded it.
 */
export type DoneReason = 'sent' | 'invalidated' | 'dropped' | 'pruned' | 'reset';

/**
 * Something to piggyback on gossip: a byte message plus how it relates to other broadcasts.
 *
 * Exactly one of three kinds, as in memberlist:
 * - **named** (`name` set): a newer broadcast with the same name replaces the queued one
 *   (memberlist's `NamedBroadcast`; swim names membership messages after the node they are about).
 * - **unique** (`unique: true`): never replaces anything and is never replaced (`UniqueBroadcast`).
 * - **plain** (neither): may replace queued plain broadcasts through `invalidates`, and may be
 *   replaced by a later plain broadcast's `invalidates`. Without `invalidates` it replaces nothing.
 *
 * The queue keeps a reference to `message` (no copy): do not mutate the bytes after enqueueing.
 */
export interface Broadcast {
  /** The bytes handed out by `getBroadcasts`. Its length is fixed at enqueue time. */
  readonly message: Uint8Array;
  /** Invalidation key (non-empty). A newer broadcast with the same name replaces this one. */
  readonly name?: string | undefined;
  /** Marks the broadcast as intrinsically unique: no invalidation scan, never invalidated. */
  readonly unique?: boolean | undefined;
  /**
   * For plain broadcasts only: return true when this (newer) broadcast makes the queued `other`
   * obsolete. Called once per queued plain broadcast at enqueue (memberlist's slow path, O(plain)).
   */
  readonly invalidates?: ((other: Broadcast) => boolean) | undefined;
  /**
   * Called exactly once when the broadcast leaves the queue, with the reason. Called after the
   * queue's state is committed, so calling any queue method from here is safe.
   */
  readonly onDone?: ((reason: DoneReason) => void) | undefined;
}
