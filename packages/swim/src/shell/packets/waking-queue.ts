/**
 * The broadcast queues of a node tell the gossip round when something was queued, so an idle
 * node does not wake every gossip interval to find nothing to send.
 */
import { TransmitLimitedQueue } from '@ring/broadcast';
import type { Broadcast } from '@ring/broadcast';

/** A {@link TransmitLimitedQueue} that calls {@link WakingQueue.onEnqueue} after each accepted broadcast. */
export class WakingQueue extends TransmitLimitedQueue {
  /** Called after a broadcast was queued (not when the drop policy discarded it); set by the running state. */
  onEnqueue: (() => void) | undefined;

  /**
   * While true, nothing is queued (`enqueue` returns false). Only for simulators that bootstrap a
   * cluster and discard the bootstrap's re-broadcasts anyway (see `SwimInternals.muteGossip`):
   * callers may then skip encoding the message at all.
   */
  muted = false;

  /**
   * Queue a broadcast (see {@link TransmitLimitedQueue.enqueue}), then wake the gossip round.
   *
   * @param broadcast - the broadcast.
   * @returns true when the broadcast is now queued.
   */
  override enqueue(broadcast: Broadcast): boolean {
    if (this.muted) return false;
    const queued = super.enqueue(broadcast);
    if (queued) this.onEnqueue?.();
    return queued;
  }
}
