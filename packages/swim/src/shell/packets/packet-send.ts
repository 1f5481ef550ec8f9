/**
 * Sending packets: every message tops itself up with queued broadcasts (memberlist sends gossip
 * behind almost every packet), and the periodic gossip round sends what is left to a few members.
 */
import {
  COMPOUND_HEADER_OVERHEAD,
  COMPOUND_PART_OVERHEAD,
  MAX_COMPOUND_PARTS,
} from '../../config/constants.js';
import { MessageType, encodeCompound } from '../../wire/index.js';
import type { Run } from '../run-context.js';
import { countOut, randomOthers } from '../run-context.js';

/**
 * Whether a packet is a bare probe message (ping, indirect ping, ack, nack). Those go without the
 * CRC header, as memberlist sends them: Go adds the CRC only where it passes the member itself
 * (gossip, piggybacked compounds, user messages), never on these small messages, where UDP's own
 * checksum already covers them. Matching it keeps Ring's probe traffic byte for byte the size of
 * memberlist's (5 bytes less per packet); receivers accept both forms.
 */
function probeMessage(type: number): boolean {
  return (
    type === MessageType.Ping ||
    type === MessageType.IndirectPing ||
    type === MessageType.AckResp ||
    type === MessageType.NackResp
  );
}

/** The packet sender and gossip round of a running node. */
export class PacketSender {
  readonly #run: Run;
  /** A gossip tick is scheduled. */
  #gossipArmed = false;
  /** When the last gossip tick ran (undefined before the first): the grid idle wake-ups keep. */
  #lastGossipAt: number | undefined;

  /** @param run - the running node. */
  constructor(run: Run) {
    this.#run = run;
  }

  /** Send `message`, topped up with queued broadcasts into a compound when they fit. */
  sendWithPiggyback(to: string, message: Uint8Array, peerProtocolMax: number): void {
    const env = this.#run.env;
    const budget =
      env.options.packetBudgetBytes -
      env.packetLayers.overhead -
      message.length -
      COMPOUND_HEADER_OVERHEAD -
      COMPOUND_PART_OVERHEAD;
    const extra = budget > 0 ? this.collectBroadcasts(budget, MAX_COMPOUND_PARTS - 1) : [];
    const bytes = extra.length === 0 ? message : encodeCompound([message, ...extra]);
    this.sendRaw(to, bytes, peerProtocolMax, message[0]!, extra);
  }

  /** Queued membership broadcasts, then application broadcasts, that fit in `limit` bytes (at most `maxParts`). */
  collectBroadcasts(limit: number, maxParts: number): Uint8Array[] {
    const env = this.#run.env;
    const parts = env.gossipQueue.getBroadcasts(COMPOUND_PART_OVERHEAD, limit);
    let used = 0;
    for (const p of parts) used += p.length + COMPOUND_PART_OVERHEAD;
    if (limit - used > COMPOUND_PART_OVERHEAD + 1 && env.userQueue.size > 0) {
      for (const p of env.userQueue.getBroadcasts(COMPOUND_PART_OVERHEAD, limit - used))
        parts.push(p);
    }
    return parts.length > maxParts ? parts.slice(0, maxParts) : parts;
  }

  /** Wrap (compression, CRC, encryption, label) and send one packet; failures are counted and logged, never thrown. */
  sendRaw(
    to: string,
    bytes: Uint8Array,
    peerProtocolMax: number,
    mainType: number,
    extra: readonly Uint8Array[],
  ): void {
    const env = this.#run.env;
    let wrapped: Uint8Array;
    try {
      wrapped = env.packetLayers.wrap(bytes, probeMessage(mainType) ? 0 : peerProtocolMax);
    } catch (error) {
      env.logger.error({ err: error, to }, 'cannot wrap packet');
      return;
    }
    countOut(env, mainType, bytes.length);
    for (const e of extra) countOut(env, e[0]!, e.length);
    env.transport.sendPacket(to, wrapped).catch((error: unknown) => {
      env.metrics.increment('ring_swim_send_errors_total');
      env.logger.debug({ err: error, to }, 'packet send failed');
    });
  }

  /**
   * Start the gossip round: its first tick after `firstDelayMs`, then one every
   * `gossipIntervalMs` while anything is queued. A round that finds both queues empty does not
   * re-arm: the next enqueue ({@link PacketSender.wakeGossip}) arms the tick at the next point of
   * the same grid, so broadcasts leave exactly when an always-running ticker would send them,
   * while an idle node sleeps (five fewer wake-ups per second with LAN timing).
   *
   * @param firstDelayMs - delay of the first tick (a random phase).
   */
  startGossip(firstDelayMs: number): void {
    this.#gossipArmed = true;
    this.#run.timers.schedule(() => this.gossipTick(), firstDelayMs);
  }

  /** One gossip round; re-armed one interval later while a queue holds broadcasts. */
  gossipTick(): void {
    const env = this.#run.env;
    this.#gossipArmed = false;
    this.#lastGossipAt = env.clock.now();
    // Idle when nothing is queued, or when no member could receive it (a lone node keeps its own
    // alive queued): whatever changes either queues a broadcast, and that wakes the round.
    const hadTargets = this.gossipOnce();
    if (hadTargets && (env.gossipQueue.size > 0 || env.userQueue.size > 0)) {
      this.#gossipArmed = true;
      this.#run.timers.schedule(() => this.gossipTick(), env.options.gossipIntervalMs);
    }
  }

  /**
   * A broadcast was queued: if the gossip round is idle, arm its next tick on the grid of the
   * earlier ticks (the first grid point after the last tick that is not in the past).
   */
  wakeGossip(): void {
    if (this.#gossipArmed || this.#lastGossipAt === undefined) return;
    const env = this.#run.env;
    const interval = env.options.gossipIntervalMs;
    const sinceLast = env.clock.now() - this.#lastGossipAt;
    const steps = Math.max(1, Math.ceil(sinceLast / interval));
    this.#gossipArmed = true;
    this.#run.timers.schedule(() => this.gossipTick(), steps * interval - sinceLast);
  }

  /**
   * Send queued broadcasts to `gossipNodes` random members that are alive, suspect, or recently
   * dead (gossip to the dead).
   *
   * @returns false when nothing was queued or no member qualified as a target.
   */
  gossipOnce(): boolean {
    const env = this.#run.env;
    if (env.gossipQueue.size === 0 && env.userQueue.size === 0) return false;
    const now = env.clock.now();
    const toTheDead = env.options.gossipToTheDeadTimeMs;
    const targets = randomOthers(
      this.#run,
      env.options.gossipNodes,
      (r) =>
        r.state === 'alive' ||
        r.state === 'suspect' ||
        (r.state === 'dead' && now - r.stateChangeAt < toTheDead),
    );
    const budget =
      env.options.packetBudgetBytes - env.packetLayers.overhead - COMPOUND_HEADER_OVERHEAD;
    for (const target of targets) {
      const parts = this.collectBroadcasts(budget, MAX_COMPOUND_PARTS);
      if (parts.length === 0) return true;
      const bytes = parts.length === 1 ? parts[0]! : encodeCompound(parts);
      this.sendRaw(
        target.address,
        bytes,
        target.vsn[1] ?? 0,
        parts.length === 1 ? parts[0]![0]! : MessageType.Compound,
        [],
      );
    }
    env.metrics.gauge('ring_swim_gossip_queue_depth', env.gossipQueue.size);
    return targets.length > 0;
  }
}
