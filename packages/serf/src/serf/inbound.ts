/**
 * What reaches a Serf member from below, turned into Serf state changes and delivered events:
 * swim's member notifications, inbound Serf messages (re-broadcast when new), push/pull state, and
 * the periodic reap. Every step ends by queueing the member table's events and draining the hub.
 */
import { swimInternals } from '@ring/swim/internal';
import type { Clock } from '@ring/base';
import type { Logger, Member, Metrics, SwimDelegate, SwimNode } from '@ring/swim';
import type { SerfEventHub } from '../events/events.js';
import type { ResolvedSerfOptions } from '../options.js';
import type { SerfState } from './config.js';
import { handleSerfMessage } from './dispatch.js';
import { encodeLocalState, mergeRemoteState } from './push-pull.js';
import type { PushPullParts } from './push-pull.js';
import type { SerfTimers } from './timers.js';

/** Counts and logs a malformed input (`ring_serf_decode_errors_total{what="message"}`). */
export function decodeErrorReporter(
  metrics: Metrics,
  logger: Logger,
): (err: unknown, from: string) => void {
  return (err, from) => {
    metrics.increment('ring_serf_decode_errors_total', 1, { what: 'message' });
    logger.debug({ err, from }, 'cannot decode Serf message');
  };
}

/** What the inbound side needs from the member that owns it. */
export interface InboundHost {
  readonly parts: PushPullParts;
  readonly hub: SerfEventHub;
  readonly timers: SerfTimers;
  readonly clock: Clock;
  readonly options: ResolvedSerfOptions;
  readonly metrics: Metrics;
  readonly logger: Logger;
  /** See {@link decodeErrorReporter}. */
  readonly decodeError: (err: unknown, from: string) => void;
  /** The swim node (created after this object). */
  node(): SwimNode;
  /** The member's lifecycle state. */
  state(): SerfState;
}

/** The inbound side of one Serf member. */
export class SerfInbound {
  readonly #host: InboundHost;

  /** @param host - see {@link InboundHost}. */
  constructor(host: InboundHost) {
    this.#host = host;
  }

  /** The swim delegate: our push/pull state out, the peer's merged in. */
  delegate(): SwimDelegate {
    const h = this.#host;
    return {
      localState: () => encodeLocalState(h.parts),
      mergeRemoteState: (buf, join) => {
        if (h.state() === 'shutdown') return;
        if (mergeRemoteState(h.parts, buf, join, h.state() === 'alive', h.decodeError))
          this.flush();
      },
    };
  }

  /** Listen to the swim node's member notifications and user messages. */
  attach(node: SwimNode): void {
    node.on('join', (m) => this.#onSwim('join', m));
    node.on('leave', (m) => this.#onSwim('leave', m));
    node.on('update', (m) => this.#onSwim('update', m));
    node.on('message', (msg) => this.#onMessage(msg.payload, msg.from));
  }

  /** Queue the member table's events and deliver everything queued. */
  flush(): void {
    this.#host.parts.membership.flush();
    this.#host.hub.drain();
  }

  /** Reap failed and left members every `reapIntervalMs` (Serf's reaper). */
  startReaper(): void {
    this.#host.timers.schedule(() => this.#reapTick(), this.#host.options.reapIntervalMs);
  }

  #reapTick(): void {
    this.#host.parts.membership.table.reap(this.#host.clock.now(), this.#host.options);
    this.flush();
    this.startReaper();
  }

  #onSwim(kind: 'join' | 'leave' | 'update', m: Member): void {
    if (this.#host.state() === 'shutdown') return;
    this.#host.parts.membership.onSwim(kind, m);
    this.flush();
  }

  #onMessage(buf: Uint8Array, from: string): void {
    const h = this.#host;
    if (h.state() === 'shutdown' || buf.length === 0) return;
    const rebroadcast = handleSerfMessage(buf, from, {
      ...h.parts,
      alive: h.state() === 'alive',
      metrics: h.metrics,
      logger: h.logger,
      send: (address, raw) => h.node().sendToAddress(address, raw),
      decodeError: h.decodeError,
    });
    if (rebroadcast === undefined) return; // malformed: counted and logged
    if (rebroadcast) swimInternals(h.node()).queueUserBroadcast(buf.slice());
    this.flush();
  }
}
