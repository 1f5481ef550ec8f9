/**
 * The plumbing other Ring packages reach through `@ring/swim/internal` (the broadcast channel,
 * `@ring/serf`, simulators): the application-broadcast queue and sink, and the membership
 * gossip queue. For Ring's own packages; no compatibility promise.
 */
import type { DoneReason } from '@ring/broadcast';
import type { BroadcastSink, NodeEnv } from './node-env.js';
import { queueUserBroadcast } from './user-messages.js';

/** A node's plumbing (see the module comment). */
export interface SwimInternals {
  /**
   * Attach the receiver of enveloped application broadcasts (one per node; used by
   * `createBroadcastChannel`).
   *
   * @param sink - called with the enveloped payload and the sender's address; undefined detaches.
   */
  setBroadcastSink(sink: BroadcastSink | undefined): void;
  /**
   * Queue an application broadcast to piggyback on gossip (memberlist `GetBroadcasts`).
   *
   * @param message - a complete user payload.
   * @param onDone - told when it leaves the queue.
   * @throws BroadcastError `ERR_BROADCAST_TOO_LARGE` when it can never fit a packet.
   */
  queueUserBroadcast(message: Uint8Array, onDone?: (reason: DoneReason) => void): void;
  /**
   * Drop every pending membership broadcast and join announcement. For simulators that bootstrap
   * a large cluster to a converged state and want to measure from a quiet one: a mass join queues
   * N² re-broadcasts (as memberlist does), which take many gossip rounds to drain. Not needed in
   * production.
   */
  discardPendingGossip(): void;
  /**
   * Stop (true) or resume (false) queueing membership broadcasts. For simulators that would
   * discard them anyway ({@link SwimInternals.discardPendingGossip} right after a bootstrap join):
   * muted, a node merging N members does not encode N alive messages only to drop them. Claims
   * are still applied exactly as before, and a join made while muted announces nothing. Not for
   * production: a muted node gossips nothing new.
   *
   * @param muted - whether membership broadcasts are dropped at once.
   */
  muteGossip(muted: boolean): void;
  /** Membership broadcasts waiting to be gossiped. */
  readonly gossipQueueDepth: number;
}

/**
 * The plumbing of the node whose environment is `env`.
 *
 * @param env - the node's environment.
 */
export function createInternals(env: NodeEnv): SwimInternals {
  return {
    setBroadcastSink(sink) {
      env.broadcastSink = sink;
    },
    queueUserBroadcast(message, onDone) {
      queueUserBroadcast(env, message, onDone);
    },
    discardPendingGossip() {
      env.gossipQueue.reset();
      env.joinAnnouncements.length = 0;
    },
    muteGossip(muted) {
      env.gossipQueue.muted = muted;
    },
    get gossipQueueDepth() {
      return env.gossipQueue.size;
    },
  };
}
