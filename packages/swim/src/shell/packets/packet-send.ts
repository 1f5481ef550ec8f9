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

  /** The periodic gossip round, re-armed every `gossipIntervalMs`. */
  gossipTick(): void {
    this.gossipOnce();
    this.#run.timers.schedule(() => this.gossipTick(), this.#run.env.options.gossipIntervalMs);
  }

  /** Send queued broadcasts to `gossipNodes` random members that are alive, suspect, or recently dead (gossip to the dead). */
  gossipOnce(): void {
    const env = this.#run.env;
    if (env.gossipQueue.size === 0 && env.userQueue.size === 0) return;
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
      if (parts.length === 0) return;
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
  }
}
