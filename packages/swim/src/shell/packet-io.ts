/**
 * Packets: sending with piggybacked broadcasts (memberlist sends queued gossip behind almost every
 * packet), the periodic gossip round, and receiving/dispatching (compound and compress nest).
 */
import type { Packet } from '@ring/transport';
import {
  COMPOUND_HEADER_OVERHEAD,
  COMPOUND_PART_OVERHEAD,
  MAX_COMPOUND_PARTS,
  PACKET_DECOMPRESS_FLOOR_BYTES,
  PACKET_DECOMPRESS_MULTIPLE,
} from '../config/constants.js';
import { USER_BROADCAST_MAGIC } from '../gossip/broadcast-envelope.js';
import { MessageType, decodeMessage, decompressBody, encodeCompound } from '../wire/index.js';
import type { Alive, WireMessage } from '../wire/index.js';
import { wireToAddress } from '../core/membership/wire-address.js';
import type { NodeContext } from './node-context.js';
import { EMPTY, countIn, countOut, nameOf, randomOthers, schedule } from './node-context.js';
import { FROM_PACKET, handleAlive, handleDead, handleSuspect } from './state-changes.js';
import { onIndirectPing, onPing } from './probe.js';
import { reasonOf, refuse } from '../core/refusals.js';
import type { RefusalTransport } from '../core/refusals.js';

/**
 * The work one datagram may cause. LZW expands up to ~560× within a 1 MiB output (the KwKwK
 * run), so the decompressed bytes of a whole datagram (every part, every level) are bounded by
 * `max(PACKET_DECOMPRESS_FLOOR_BYTES, PACKET_DECOMPRESS_MULTIPLE × datagram size)`: 512 KiB
 * for a full 64 KiB datagram, 64 KiB for a 1,400-byte one. Go only ever compresses a whole
 * packet (a single message or a compound), so `compress` inside a compound and `compress`
 * inside `compress` are refused.
 */
export interface PacketBudget {
  /** Decompressed bytes still allowed. */
  decompress: number;
}

/**
 * The decompression budget of a datagram of `size` bytes.
 *
 * @param size - the datagram's size on the wire.
 */
export function packetDecompressBudget(size: number): number {
  return Math.max(PACKET_DECOMPRESS_FLOOR_BYTES, PACKET_DECOMPRESS_MULTIPLE * size);
}

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
    refuse(ctx, 'udp', reasonOf(error), { err: error, from: p.from });
    return;
  }
  dispatch(ctx, inner, p.from, 0, { decompress: packetDecompressBudget(p.data.length) });
  if (eagerGossip.delete(ctx)) gossipOnce(ctx);
  ctx.events.drain();
}

/** Nodes that learned of a graceful leave from the packet being handled (see `dispatch`). */
const eagerGossip = new WeakSet<NodeContext>();

/** Where a message sits in its packet: compound parts and compressed content may not nest further. */
type Nesting = 'top' | 'in-compound' | 'in-compress';

/**
 * Handle one message by type; compound and compress messages recurse: a compound at the top or
 * inside the (single) compress, a compress only at the top, everything bounded by `budget`.
 */
export function dispatch(
  ctx: NodeContext,
  bytes: Uint8Array,
  from: string,
  depth: number,
  budget: PacketBudget = { decompress: packetDecompressBudget(bytes.length) },
  nesting: Nesting = 'top',
): void {
  if (bytes.length === 0 || depth > 4) return;
  const type = bytes[0]!;
  countIn(ctx, type, bytes.length);
  if (type === MessageType.User) {
    deliverUser(ctx, bytes.slice(1), from, 'udp');
    return;
  }
  if (type === MessageType.Compress && nesting !== 'top') {
    refuse(ctx, 'udp', nesting === 'in-compound' ? 'compress_in_compound' : 'nested_compress', {
      from,
    });
    return;
  }
  let msg: WireMessage;
  try {
    msg = decodeMessage(bytes);
  } catch (error) {
    refuse(ctx, 'udp', reasonOf(error), { err: error, from, type });
    return;
  }
  switch (msg.type) {
    case MessageType.Compound:
      if (nesting === 'in-compound') {
        refuse(ctx, 'udp', 'nested_compound', { from });
        return;
      }
      for (const part of msg.body.parts)
        dispatch(ctx, part, from, depth + 1, budget, 'in-compound');
      return;
    case MessageType.Compress: {
      const inner = decompress(ctx, msg.body.algo, msg.body.buf, budget, from);
      if (inner.length > 0) dispatch(ctx, inner, from, depth + 1, budget, 'in-compress');
      return;
    }
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
        FROM_PACKET,
      );
      return;
    case MessageType.Dead: {
      const name = msg.body.node;
      const before = ctx.table?.get(name)?.state;
      handleDead(
        ctx,
        { name, incarnation: msg.body.incarnation, from: msg.body.from },
        bytes.slice(),
        FROM_PACKET,
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

/**
 * Decompress a `compress` message body (LZW) within the packet's remaining budget (charged);
 * undecodable or over-budget input is counted and dropped (an empty result).
 */
export function decompress(
  ctx: NodeContext,
  algo: number,
  buf: Uint8Array,
  budget: PacketBudget,
  from: string,
): Uint8Array {
  try {
    const out = decompressBody({ algo, buf }, budget.decompress);
    budget.decompress -= out.length;
    return out;
  } catch (error) {
    budget.decompress = 0;
    const reason = reasonOf(error);
    refuse(ctx, 'udp', reason === 'too_large' ? 'decompress_budget' : reason, {
      err: error,
      from,
    });
    return EMPTY;
  }
}

/**
 * True when the address belongs to an alive or suspect member (for `userMessagesFrom: 'members'`).
 */
function isMemberAddress(ctx: NodeContext, address: string): boolean {
  const t = ctx.table;
  if (t === undefined) return false;
  for (const rec of t.records()) {
    if (rec.address === address && (rec.state === 'alive' || rec.state === 'suspect')) return true;
  }
  return false;
}

/**
 * Deliver a user message: enveloped application broadcasts to the broadcast channel, anything
 * else to `message` handlers. With `userMessagesFrom: 'members'`, a sender address that is not a
 * live member's is refused (`reason="user_message_sender"`). A UDP user message's sender is the
 * packet's source address; a reliable (stream) message's is the connection's source, which is
 * the peer's gossip address only for Ring dialers behind the TCP-only transport, so with
 * `'members'` reliable messages are matched by IP.
 */
export function deliverUser(
  ctx: NodeContext,
  payload: Uint8Array,
  from: string,
  transport: RefusalTransport = 'udp',
): void {
  if (ctx.options.userMessagesFrom === 'members' && !isKnownSender(ctx, from, transport)) {
    refuse(ctx, transport, 'user_message_sender', { from });
    return;
  }
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
    FROM_PACKET,
  );
}

/** A user message's sender is a live member: same address (packets), same IP (streams, which come from an ephemeral port). */
function isKnownSender(ctx: NodeContext, from: string, transport: RefusalTransport): boolean {
  if (isMemberAddress(ctx, from)) return true;
  if (transport === 'udp') return false;
  const ip = hostOf(from);
  const t = ctx.table;
  if (t === undefined) return false;
  for (const rec of t.records()) {
    if ((rec.state === 'alive' || rec.state === 'suspect') && hostOf(rec.address) === ip)
      return true;
  }
  return false;
}

/** The host part of `host:port` / `[v6]:port`. */
function hostOf(address: string): string {
  const i = address.lastIndexOf(':');
  return i < 0 ? address : address.slice(0, i);
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
