import type { DoneReason } from '@ring/broadcast';
import type { Random } from '@ring/base';
import { systemRandom } from '@ring/base';
import { unwrapBroadcast, wrapBroadcast } from './broadcast-envelope.js';
import type { SwimNode } from '../shell/node.js';
import { swimInternals } from '../shell/node.js';

/** Options of {@link createBroadcastChannel}. */
export interface BroadcastChannelOptions {
  /** How many recent broadcast ids are remembered to drop duplicates. @default 8192 */
  readonly dedupeWindow?: number;
  /** Source of broadcast ids. @default systemRandom */
  readonly random?: Random;
}

/** An application broadcast channel on a swim node. */
export interface BroadcastChannel {
  /**
   * Gossip `payload` to every member, piggybacked on swim's packets (memberlist `GetBroadcasts`
   * semantics: retransmitted `retransmitMult × ⌈log10(n+1)⌉` times, fewest-sent first).
   *
   * @param payload - bytes (must fit one packet with its 9-byte envelope).
   * @returns a promise for why the broadcast left the queue (`sent`, `dropped`, …).
   * @throws BroadcastError `ERR_BROADCAST_TOO_LARGE` when it can never fit a packet.
   */
  broadcast(payload: Uint8Array): Promise<DoneReason>;
  /** Receive broadcasts from other members (each delivered once). */
  on(type: 'message', handler: (payload: Uint8Array, from: string) => void): void;
  /** Remove a handler. */
  off(type: 'message', handler: (payload: Uint8Array, from: string) => void): void;
  /** Detach from the node. */
  close(): void;
}

/**
 * Attach an application broadcast channel to `node`. Payloads are wrapped in a small envelope
 * (magic byte + random id) so receivers drop the duplicates gossip produces; every member that
 * hears a broadcast for the first time gossips it on (epidemic spread, as Serf does for user
 * events), so it reaches the whole cluster. Raw user messages from other implementations (e.g.
 * Go memberlist's broadcasts) arrive on `node.on('message')` instead.
 *
 * @param node - a swim node.
 * @param options - dedupe window and randomness.
 */
export function createBroadcastChannel(
  node: SwimNode,
  options: BroadcastChannelOptions = {},
): BroadcastChannel {
  const window = options.dedupeWindow ?? 8192;
  const random = options.random ?? systemRandom;
  const seen = new Set<string>();
  const order: string[] = [];
  let head = 0;
  const handlers = new Set<(payload: Uint8Array, from: string) => void>();
  // Remember an id (ours or a peer's), forgetting the oldest beyond the window.
  const remember = (id: string): void => {
    seen.add(id);
    order.push(id);
    if (order.length - head > window) seen.delete(order[head++]!);
    if (head > 4096) {
      order.splice(0, head);
      head = 0;
    }
  };
  const plumbing = swimInternals(node);
  plumbing.setBroadcastSink((bytes, from) => {
    const env = unwrapBroadcast(bytes);
    if (env === undefined || seen.has(env.id)) return;
    remember(env.id);
    // Re-gossip what is new to us (as Serf does with user events): memberlist only transmits a
    // broadcast retransmitLimit times from its origin, which alone does not reach everyone.
    try {
      plumbing.queueUserBroadcast(bytes.slice());
    } catch {
      // The node is shutting down or the queue rejected it; delivery below still happens.
    }
    const payload = env.payload.slice();
    // Every handler runs even if one throws; the first error is rethrown for the node to log.
    let failed: { error: unknown } | undefined;
    for (const h of [...handlers]) {
      try {
        h(payload, from);
      } catch (error) {
        failed ??= { error };
      }
    }
    if (failed !== undefined) throw failed.error;
  });
  return {
    broadcast(payload) {
      return new Promise<DoneReason>((resolve) => {
        const wrapped = wrapBroadcast(payload, random);
        plumbing.queueUserBroadcast(wrapped, resolve);
        remember(unwrapBroadcast(wrapped)!.id);
      });
    },
    on(_type, handler) {
      handlers.add(handler);
    },
    off(_type, handler) {
      handlers.delete(handler);
    },
    close() {
      handlers.clear();
      plumbing.setBroadcastSink(undefined);
    },
  };
}
