import type { Clock, Random, Stream, TimerHandle, Transport } from '@ring/transport';
import { systemRandom } from '@ring/transport';
import { TransmitLimitedQueue } from '@ring/broadcast';
import { TokenBucket } from '../core/admission.js';
import { InboundStreams } from './streams/inbound-streams.js';
import type { InboundEntry } from './streams/inbound-streams.js';
import { refuse } from '../core/refusals.js';
import { Awareness } from '../core/awareness.js';
import {
  INBOUND_STREAM_GRACE_MS,
  PROTOCOL_VERSION,
  PROTOCOL_VERSION_MAX,
  PROTOCOL_VERSION_MIN,
} from '../config/constants.js';
import { EventHub } from '../observe/events.js';
import { MemberHistory } from '../observe/member-history.js';
import { createLayers } from '../config/layers.js';
import type { PacketLayers, StreamLayers } from '../config/layers.js';
import type { AliveClaim, MemberRecord, MemberTable } from '../core/membership/member-table.js';
import type { SwimDelegate, SwimNodeConfig } from '../config/node-config.js';
import { noopLogger, noopMetrics } from '../observe/observability.js';
import type { Logger, Metrics } from '../observe/observability.js';
import type { ResolvedSwimOptions } from '../config/options.js';
import { ProbeOrder } from '../core/probe-order.js';
import { systemResolver } from './seeds.js';
import type { HostResolver } from './seeds.js';
import { suspicionConfirmations, suspicionTimeoutMs } from '../core/timing.js';
import { packetTypeLabels } from '../observe/packet-labels.js';
import { wireToAddress } from '../core/membership/wire-address.js';
import type { Ping } from '../wire/index.js';

/** Lifecycle of a `SwimNode`. */
export type SwimNodeState = 'idle' | 'starting' | 'running' | 'leaving' | 'left' | 'shutdown';

/** An outstanding probe or relayed ping, by sequence number. */
export interface AckWaiter {
  onAck: () => void;
  onNack: () => void;
  timer: TimerHandle;
}

/** A member that failed, remembered for partition healing. */
export interface FailedPeer {
  readonly address: string;
  readonly at: number;
}

/** The empty byte array (shared, never written). */
export const EMPTY = new Uint8Array(0);

/**
 * Everything a swim node's parts share: components, options, the member table and the
 * bookkeeping of probes, timers and streams. Internal: the node shell (`node.ts`) owns one and
 * hands it to the protocol modules (`probe.ts`, `packet-io.ts`, `state-changes.ts`,
 * `anti-entropy.ts`, `user-messages.ts`), which are plain functions over it.
 */
export interface NodeContext {
  readonly name: string;
  readonly options: ResolvedSwimOptions;
  readonly transport: Transport;
  readonly clock: Clock;
  readonly random: Random;
  readonly logger: Logger;
  readonly metrics: Metrics;
  readonly resolver: HostResolver;
  readonly delegate: SwimDelegate;
  readonly packetLayers: PacketLayers;
  readonly streamLayers: StreamLayers;
  readonly events: EventHub;
  readonly awareness: Awareness;
  /** Per-member evidence for `explainMember` (bounded). */
  readonly history: MemberHistory;
  readonly probeOrder: ProbeOrder;
  readonly gossipQueue: TransmitLimitedQueue;
  readonly userQueue: TransmitLimitedQueue;
  table: MemberTable | undefined;
  state: SwimNodeState;
  seqNo: number;
  readonly acks: Map<number, AckWaiter>;
  readonly suspicionTimers: Map<string, TimerHandle>;
  readonly timers: Set<TimerHandle>;
  readonly failed: Map<string, FailedPeer>;
  seedAddresses: string[];
  readonly streams: Set<Stream>;
  localAddress: string;
  localWire: { ip: Uint8Array; port: number };
  readonly vsn: Uint8Array;
  userBroadcastSink: ((payload: Uint8Array, from: string) => void) | undefined;
  /** New member names admitted from unauthenticated sources (`newMembersPerSecond`). */
  readonly newMembers: TokenBucket;
  /** Inbound streams being served and the bytes they hold (limits: `maxInboundStream*`). */
  readonly inbound: InboundStreams;
  /** Members whose implausible incarnation claim awaits a confirming push/pull. */
  readonly confirming: Set<string>;
  /** Serve an admitted inbound stream (installed by `onStream`'s module). */
  serveInbound: (entry: InboundEntry) => void;
  /** Canonicalises an alive claim's fields before the table keeps them (identity by default). */
  readonly intern: (claim: AliveClaim) => AliveClaim;
}

/**
 * Build a node's context from its config and resolved options: components (with their no-op
 * and system defaults), packet/stream layers, broadcast queues sized by the live member table,
 * and empty bookkeeping. Nothing touches the network.
 *
 * @param config - the node's config (name and transport already validated).
 * @param options - the resolved options.
 * @throws WireError `ERR_ENCODE` for a label over 255 bytes (from `createLayers`).
 */
export function createNodeContext(
  config: SwimNodeConfig,
  options: ResolvedSwimOptions,
): NodeContext {
  const layers =
    config.layers ??
    createLayers({
      compression: config.compression ?? true,
      keyring: config.keyring,
      label: config.label,
    });
  const random = config.random ?? systemRandom;
  const logger = config.logger ?? noopLogger;
  const o = options;
  // The queues size their retransmit limit by the member table, which exists from start on.
  const numNodes = (): number => ctx.table?.size ?? 1;
  const onCallbackError = (error: unknown): void =>
    logger.error({ err: error }, 'broadcast callback threw');
  const budget = o.packetBudgetBytes;
  const interner = config.interner;
  const ctx: NodeContext = {
    name: config.name,
    options,
    transport: config.transport,
    clock: config.clock ?? config.transport.clock,
    random,
    logger,
    metrics: config.metrics ?? noopMetrics,
    resolver: config.resolver ?? systemResolver,
    delegate: config.delegate ?? {},
    packetLayers: layers.packet,
    streamLayers: layers.stream,
    events: new EventHub(logger),
    awareness: new Awareness(o.awarenessMaxMultiplier),
    history: new MemberHistory(config.historySize),
    probeOrder: new ProbeOrder(random),
    gossipQueue: new TransmitLimitedQueue(
      { numNodes, onCallbackError },
      { retransmitMult: o.retransmitMult, packetBudgetBytes: budget, maxQueueDepth: Infinity },
    ),
    userQueue: new TransmitLimitedQueue(
      { numNodes, onCallbackError },
      { retransmitMult: o.retransmitMult, packetBudgetBytes: budget },
    ),
    table: undefined,
    state: 'idle',
    seqNo: 0,
    acks: new Map(),
    suspicionTimers: new Map(),
    timers: new Set(),
    failed: new Map(),
    seedAddresses: [],
    streams: new Set(),
    localAddress: '',
    localWire: { ip: EMPTY, port: 0 },
    vsn: Uint8Array.of(
      PROTOCOL_VERSION_MIN,
      PROTOCOL_VERSION_MAX,
      PROTOCOL_VERSION,
      o.delegateProtocolMin,
      o.delegateProtocolMax,
      o.delegateProtocolVersion,
    ),
    userBroadcastSink: undefined,
    newMembers: new TokenBucket(
      o.newMembersPerSecond,
      o.newMembersBurst,
      (config.clock ?? config.transport.clock).now(),
    ),
    inbound: new InboundStreams({
      maxStreams: o.maxInboundStreams,
      maxWaiting: o.maxWaitingInboundStreams,
      maxBytes: o.maxInboundStreamBytes,
      graceMs: Math.min(INBOUND_STREAM_GRACE_MS, o.inboundStreamTimeoutMs),
      timeoutMs: o.inboundStreamTimeoutMs,
      onEvict: (entry, reason) => {
        refuse(ctx, 'tcp', reason, { from: entry.stream.remoteAddress, held: entry.held });
        entry.stream.close();
        ctx.streams.delete(entry.stream);
      },
      // Set by the node shell (anti-entropy's serveStream); streams are only admitted after start.
      onServe: (entry) => ctx.serveInbound(entry),
    }),
    confirming: new Set(),
    serveInbound: (entry) => entry.stream.close(),
    intern: interner === undefined ? (c) => c : (c) => interner.claim(c),
  };
  return ctx;
}

/** Run `fn` after `delayMs` on the node's clock, tracked so that shutdown cancels it; exceptions are logged. */
export function schedule(ctx: NodeContext, fn: () => void, delayMs: number): void {
  const handle = ctx.clock.setTimeout(() => {
    ctx.timers.delete(handle);
    if (ctx.state === 'shutdown') return;
    try {
      fn();
    } catch (error) {
      ctx.logger.error({ err: error }, 'swim timer callback threw');
    }
  }, delayMs);
  ctx.timers.add(handle);
}

/** Count an outgoing message of `type` (`ring_swim_packets_out_total`, `ring_swim_bytes_out_total`). */
export function countOut(ctx: NodeContext, type: number, bytes: number): void {
  const labels = packetTypeLabels(type);
  ctx.metrics.increment('ring_swim_packets_out_total', 1, labels);
  ctx.metrics.increment('ring_swim_bytes_out_total', bytes, labels);
}

/** Count an incoming message of `type` (`ring_swim_packets_in_total`, `ring_swim_bytes_in_total`). */
export function countIn(ctx: NodeContext, type: number, bytes: number): void {
  const labels = packetTypeLabels(type);
  ctx.metrics.increment('ring_swim_packets_in_total', 1, labels);
  ctx.metrics.increment('ring_swim_bytes_in_total', bytes, labels);
}

/** Publish the gauges: health score, members, queue depths. */
export function updateGauges(ctx: NodeContext): void {
  ctx.metrics.gauge('ring_swim_health_score', ctx.awareness.score);
  ctx.metrics.gauge('ring_swim_members', ctx.table?.liveCount ?? 0);
  ctx.metrics.gauge('ring_swim_gossip_queue_depth', ctx.gossipQueue.size);
  ctx.metrics.gauge('ring_swim_user_queue_depth', ctx.userQueue.size);
  ctx.metrics.gauge('ring_swim_inbound_streams', ctx.inbound.count);
  ctx.metrics.gauge('ring_swim_inbound_stream_bytes', ctx.inbound.bytes);
}

/** Change the Lifeguard health score by `delta` (no-op with Lifeguard off). */
export function applyAwareness(ctx: NodeContext, delta: number): void {
  if (!ctx.options.lifeguard) return;
  ctx.awareness.applyDelta(delta);
}

/**
 * Insert a new member into the probe order, which is also the list random samples are drawn from
 * (one list per member instead of two plus an index: at N members this is N² entries in a
 * simulator).
 */
export function trackOther(ctx: NodeContext, name: string): void {
  if (name === ctx.name) return;
  ctx.probeOrder.add(name);
}

/** Up to `k` random other members for which `ok` holds, without scanning the whole list. */
export function randomOthers(
  ctx: NodeContext,
  k: number,
  ok: (rec: MemberRecord) => boolean,
  exclude?: string,
): MemberRecord[] {
  const t = ctx.table!;
  const order = ctx.probeOrder;
  const n = order.size;
  const out: MemberRecord[] = [];
  if (n === 0 || k === 0) return out;
  const picked = new Set<string>();
  for (let tries = 0; tries < 3 * n && out.length < k && tries < 64 + 4 * k; tries++) {
    const name = order.at(ctx.random.int(n));
    if (name === exclude || picked.has(name)) continue;
    const rec = t.get(name);
    if (rec === undefined || !ok(rec)) continue;
    picked.add(name);
    out.push(rec);
  }
  return out;
}

/** Suspicion parameters for the current cluster size: k confirmations, min and max timeout (fixed min with Lifeguard off). */
export function suspicionParams(ctx: NodeContext): { k: number; minMs: number; maxMs: number } {
  const n = ctx.table!.size;
  const o = ctx.options;
  const minMs = suspicionTimeoutMs(o.suspicionMult, n, o.probeIntervalMs);
  if (!o.lifeguard) return { k: 0, minMs, maxMs: minMs };
  return {
    k: suspicionConfirmations(o.suspicionMult, n),
    minMs,
    maxMs: o.suspicionMaxTimeoutMult * minMs,
  };
}

/** Where to answer a ping or indirect ping: its `Source*` fields when set, else the packet's source address. */
export function replyAddress(
  ctx: NodeContext,
  sourceAddr: Uint8Array | null,
  sourcePort: number,
  from: string,
): string {
  if (sourceAddr !== null && sourceAddr.length > 0 && sourcePort > 0) {
    try {
      return wireToAddress(sourceAddr, sourcePort);
    } catch {
      return from;
    }
  }
  return from;
}

/** The member name behind a source address, or the address itself (user messages carry no sender). */
export function nameOf(ctx: NodeContext, address: string): string {
  const t = ctx.table;
  if (t === undefined) return address;
  // Reverse lookup only for user messages; cheap enough (rare) and avoids an extra index.
  for (const rec of t.records()) if (rec.address === address) return rec.name;
  return address;
}

/** A member's highest protocol version (0 if unknown): decides CRC and nack support. */
export function peerMax(ctx: NodeContext, name: string): number {
  return ctx.table?.get(name)?.vsn[1] ?? 0;
}

/** The next probe sequence number (uint32, never 0). */
export function nextSeq(ctx: NodeContext): number {
  ctx.seqNo = (ctx.seqNo + 1) >>> 0;
  if (ctx.seqNo === 0) ctx.seqNo = 1;
  return ctx.seqNo;
}

/** A ping to `node` carrying our address and name, so the reply comes back to our gossip address. */
export function pingBody(ctx: NodeContext, seqNo: number, node: string): Ping {
  return {
    seqNo,
    node,
    sourceAddr: ctx.localWire.ip,
    sourcePort: ctx.localWire.port,
    sourceNode: ctx.name,
  };
}
