/**
 * Packets: sending with piggybacked broadcasts (memberlist sends queued gossip behind almost every
 * packet), the periodic gossip round, and receiving/dispatching (compound and compress nest).
 */
import type { Packet } from '@ring/transport';
import {
  COMPOUND_HEADER_OVERHEAD,
  COMPOUND_PART_OVERHEAD,
  MAX_COMPOUND_PARTS,
} from './constants.js';
import { USER_BROADCAST_MAGIC } from './broadcast-envelope.js';
import { MessageType, decodeMessage, decompressBody, encodeCompound } from './wire/index.js';
import type { Alive, WireMessage } from './wire/index.js';
import { wireToAddress } from './wire-address.js';
import type { NodeContext } from './node-context.js';
import { EMPTY, countIn, countOut, nameOf, randomOthers, schedule } from './node-context.js';
import { handleAlive, handleDead, handleSuspect } from './state-changes.js';
import { onIndirectPing, onPing } from './probe.js';

// A packet is at most 64 KiB; LZW expands at most ~10×, so this bounds decompression bombs.
const MAX_DECOMPRESSED_PACKET = 1 << 20;

/** Send `message`, topped up with queued broadcasts into a compound when they fit. */
export function sendWithPiggyback(
  ctx: NodeContext,
  to: string,
  message: Uint8Array,
  peerProtocolMax: number,
): void {
  const budget =
    ctx.options.packetBudgetBytes -
    ctx.packetLayers.overhead -
    message.length -
    COMPOUND_HEADER_OVERHEAD -
    COMPOUND_PART_OVERHEAD;
  const extra = budget > 0 ? collectBroadcasts(ctx, budget, MAX_COMPOUND_PARTS - 1) : [];
  const bytes = extra.length === 0 ? message : encodeCompound([message, ...extra]);
  sendRaw(ctx, to, bytes, peerProtocolMax, message[0]!, extra);
}

/** Queued membership broadcasts, then application broadcasts, that fit in `limit` bytes (at most `maxParts`). */
export function collectBroadcasts(ctx: NodeContext, limit: number, maxParts: number): Uint8Array[] {
  const parts = ctx.gossipQueue.getBroadcasts(COMPOUND_PART_OVERHEAD, limit);
  let used = 0;
  for (const p of parts) used += p.length + COMPOUND_PART_OVERHEAD;
  if (limit - used > COMPOUND_PART_OVERHEAD + 1 && ctx.userQueue.size > 0) {
    for (const p of ctx.userQueue.getBroadcasts(COMPOUND_PART_OVERHEAD, limit - used))
      parts.push(p);
  }
  return parts.length > maxParts ? parts.slice(0, maxParts) : parts;
}

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

/** Wrap (compression, CRC, encryption, label) and send one packet; failures are counted and logged, never thrown. */
export function sendRaw(
  ctx: NodeContext,
  to: string,
  bytes: Uint8Array,
  peerProtocolMax: number,
  mainType: number,
  extra: readonly Uint8Array[],
): void {
  let wrapped: Uint8Array;
  try {
    wrapped = ctx.packetLayers.wrap(bytes, probeMessage(mainType) ? 0 : peerProtocolMax);
  } catch (error) {
    ctx.logger.error({ err: error, to }, 'cannot wrap packet');
    return;
  }
  countOut(ctx, mainType, bytes.length);
  for (const e of extra) countOut(ctx, e[0]!, e.length);
  ctx.transport.sendPacket(to, wrapped).catch((error: unknown) => {
    ctx.metrics.increment('ring_swim_send_errors_total');
    ctx.logger.debug({ err: error, to }, 'packet send failed');
  });
}

/** Transport callback for an inbound packet: unwrap, dispatch, then deliver the events it produced. */
export function onPacket(ctx: NodeContext, p: Packet): void {
  if (ctx.state === 'shutdown' || ctx.table === undefined) return;
  let inner: Uint8Array;
  try {
    inner = ctx.packetLayers.unwrap(p.data);
  } catch (error) {
    ctx.metrics.increment('ring_swim_decode_errors_total');
    ctx.logger.debug({ err: error, from: p.from }, 'dropping packet');
    return;
  }
  dispatch(ctx, inner, p.from, 0);
  if (eagerGossip.delete(ctx)) gossipOnce(ctx);
  ctx.events.drain();
}

/** Nodes that learned of a graceful leave from the packet being handled (see `dispatch`). */
const eagerGossip = new WeakSet<NodeContext>();

/** Handle one message by type; compound and compress messages recurse (bounded depth). */
export function dispatch(ctx: NodeContext, bytes: Uint8Array, from: string, depth: number): void {
  if (bytes.length === 0 || depth > 4) return;
  const type = bytes[0]!;
  countIn(ctx, type, bytes.length);
  if (type === MessageType.User) {
    deliverUser(ctx, bytes.slice(1), from);
    return;
  }
  let msg: WireMessage;
  try {
    msg = decodeMessage(bytes);
  } catch (error) {
    ctx.metrics.increment('ring_swim_decode_errors_total');
    ctx.logger.debug({ err: error, from, type }, 'cannot decode message');
    return;
  }
  switch (msg.type) {
    case MessageType.Compound:
      for (const part of msg.body.parts) dispatch(ctx, part, from, depth + 1);
      return;
    case MessageType.Compress:
      dispatch(ctx, decompress(ctx, msg.body.algo, msg.body.buf), from, depth + 1);
      return;
    case MessageType.Ping:
      onPing(ctx, msg.body, from);
      return;
    case MessageType.IndirectPing:
      onIndirectPing(ctx, msg.body, from);
      return;
    case MessageType.AckResp: {
      const w = ctx.acks.get(msg.body.seqNo);
      if (w !== undefined) w.onAck();
      return;
    }
    case MessageType.NackResp: {
      const w = ctx.acks.get(msg.body.seqNo);
      if (w !== undefined) w.onNack();
      return;
    }
    case MessageType.Alive:
      onAliveMessage(ctx, msg.body, bytes, from);
      return;
    case MessageType.Suspect:
      handleSuspect(
        ctx,
        { name: msg.body.node, incarnation: msg.body.incarnation, from: msg.body.from },
        bytes.slice(),
      );
      return;
    case MessageType.Dead: {
      const name = msg.body.node;
      const before = ctx.table?.get(name)?.state;
      handleDead(
        ctx,
        { name, incarnation: msg.body.incarnation, from: msg.body.from },
        bytes.slice(),
      );
      // A graceful leave we just learned of is passed on at once (after this packet), not at the
      // next gossip tick: departures then spread in network round trips instead of gossip
      // intervals. Same messages and retransmit count; only the first send is earlier.
      if (before !== 'left' && ctx.table?.get(name)?.state === 'left') eagerGossip.add(ctx);
      return;
    }
    default:
      ctx.logger.debug({ type: msg.type, from }, 'unexpected message type in a packet');
  }
}

/** Decompress a `compress` message body (LZW), bounded; undecodable input is counted and dropped. */
export function decompress(ctx: NodeContext, algo: number, buf: Uint8Array): Uint8Array {
  try {
    return decompressBody({ algo, buf }, MAX_DECOMPRESSED_PACKET);
  } catch (error) {
    ctx.metrics.increment('ring_swim_decode_errors_total');
    ctx.logger.debug({ err: error }, 'cannot decompress packet');
    return EMPTY;
  }
}

/** Deliver a user message: enveloped application broadcasts to the broadcast channel, anything else to `message` handlers. */
export function deliverUser(ctx: NodeContext, payload: Uint8Array, from: string): void {
  if (payload.length > 0 && payload[0] === USER_BROADCAST_MAGIC) {
    // Application code: a throw must not cut short the rest of the packet (compound parts).
    try {
      ctx.userBroadcastSink?.(payload, from);
    } catch (error) {
      ctx.logger.error({ err: error, from }, 'broadcast handler threw');
    }
    return;
  }
  ctx.events.queueMessage({ from: nameOf(ctx, from), payload });
}

/** Turn a decoded alive message into an alive claim. */
export function onAliveMessage(ctx: NodeContext, a: Alive, raw: Uint8Array, from: string): void {
  let address: string;
  try {
    address = wireToAddress(a.addr, a.port);
  } catch (error) {
    ctx.logger.debug({ err: error, from }, 'alive with an invalid address');
    return;
  }
  handleAlive(
    ctx,
    { name: a.node, address, meta: a.meta ?? EMPTY, incarnation: a.incarnation, vsn: a.vsn },
    raw.slice(),
  );
}

/** The periodic gossip round, re-armed every `gossipIntervalMs`. */
export function gossipTick(ctx: NodeContext): void {
  gossipOnce(ctx);
  schedule(ctx, () => gossipTick(ctx), ctx.options.gossipIntervalMs);
}

/** Send queued broadcasts to `gossipNodes` random members that are alive, suspect, or recently dead (gossip to the dead). */
export function gossipOnce(ctx: NodeContext): void {
  if (ctx.gossipQueue.size === 0 && ctx.userQueue.size === 0) return;
  const now = ctx.clock.now();
  const toTheDead = ctx.options.gossipToTheDeadTimeMs;
  const targets = randomOthers(
    ctx,
    ctx.options.gossipNodes,
    (r) =>
      r.state === 'alive' ||
      r.state === 'suspect' ||
      (r.state === 'dead' && now - r.stateChangeAt < toTheDead),
  );
  const budget =
    ctx.options.packetBudgetBytes - ctx.packetLayers.overhead - COMPOUND_HEADER_OVERHEAD;
  for (const target of targets) {
    const parts = collectBroadcasts(ctx, budget, MAX_COMPOUND_PARTS);
    if (parts.length === 0) return;
    const bytes = parts.length === 1 ? parts[0]! : encodeCompound(parts);
    sendRaw(
      ctx,
      target.address,
      bytes,
      target.vsn[1] ?? 0,
      parts.length === 1 ? parts[0]![0]! : MessageType.Compound,
      [],
    );
  }
  ctx.metrics.gauge('ring_swim_gossip_queue_depth', ctx.gossipQueue.size);
}
