/**
 * Push/pull anti-entropy (join, periodic exchange, partition-heal reconnects) and inbound streams
 * (push/pull, TCP ping, reliable user messages).
 */
import type { Stream } from '@ring/transport';
import { SwimError } from '../../errors.js';
import { MessageType, NodeStateType } from '../../wire/index.js';
import type { PushPull, WireMessage } from '../../wire/index.js';
import { readStreamMessage } from './stream-io.js';
import { pushPullScaleMs } from '../../core/timing.js';
import { wireToAddress } from '../../core/membership/wire-address.js';
import { pushNodeStates, verifyProtocol } from '../../core/membership/push-pull.js';
import type { NodeContext, SwimNodeState } from '../node-context.js';
import { EMPTY, countIn, countOut, randomOthers, schedule } from '../node-context.js';
import { FROM_INBOUND_STREAM, handleAlive, handleDead, handleSuspect } from '../state-changes.js';
import type { ClaimSource } from '../state-changes.js';
import { deliverUser } from '../packet-io.js';
import { reasonOf, refuse } from '../../core/refusals.js';
import type { StreamReader } from '../../config/layers.js';
import type { InboundEntry } from './inbound-streams.js';

/** Most confirmation push/pulls (for implausible incarnation claims) in flight at once. */
const MAX_CONFIRMATIONS = 4;

/** Periodic anti-entropy: push/pull with one random alive member, then re-arm at the size-scaled interval. */
export function pushPullTick(ctx: NodeContext): void {
  const t = ctx.table!;
  if (ctx.state === 'running') {
    const [peer] = randomOthers(ctx, 1, (r) => r.state === 'alive');
    if (peer !== undefined) {
      pushPull(ctx, peer.address, false, peer.name).catch((error: unknown) =>
        ctx.logger.debug({ err: error, peer: peer.name }, 'push/pull failed'),
      );
    }
  }
  schedule(ctx, () => pushPullTick(ctx), pushPullScaleMs(ctx.options.pushPullIntervalMs, t.size));
}

/**
 * Partition heal: memberlist never re-merges two halves that declared each other dead. Every
 * `reconnectIntervalMs` we push/pull with one random member that failed within
 * `reconnectTimeoutMs` (or a seed that is not a live member): if it is reachable again, the
 * exchange brings both sides' state together and gossip spreads it.
 */
export function reconnectTick(ctx: NodeContext): void {
  const now = ctx.clock.now();
  if (ctx.state === 'running') {
    const candidates: string[] = [];
    for (const [name, f] of ctx.failed) {
      if (now - f.at > ctx.options.reconnectTimeoutMs) {
        ctx.failed.delete(name);
        continue;
      }
      const rec = ctx.table!.get(name);
      if (rec === undefined || rec.state === 'dead') candidates.push(f.address);
    }
    if (candidates.length > 0 || ctx.table!.liveCount <= 1) {
      for (const s of ctx.seedAddresses) if (s !== ctx.localAddress) candidates.push(s);
    }
    if (candidates.length > 0) {
      const addr = candidates[ctx.random.int(candidates.length)]!;
      pushPull(ctx, addr, false).catch((error: unknown) =>
        ctx.logger.debug({ err: error, peer: addr }, 'reconnect push/pull failed'),
      );
    }
  }
  schedule(ctx, () => reconnectTick(ctx), ctx.options.reconnectIntervalMs);
}

/** Our side of a push/pull: every known member plus the delegate's application state. */
export function localState(ctx: NodeContext, join: boolean): PushPull {
  let userState: Uint8Array = EMPTY;
  if (ctx.delegate.localState !== undefined) {
    try {
      userState = ctx.delegate.localState(join);
    } catch (error) {
      ctx.logger.error({ err: error }, 'delegate localState threw');
    }
  }
  return { join, nodes: pushNodeStates(ctx.table!.records()), userState };
}

/**
 * An implausible incarnation claim about `name` arrived from a third party: ask `name` itself.
 * A push/pull we dial to its known address returns its own record, which is accepted whatever
 * its incarnation (that is the confirmation); the unconfirmed claim itself is never applied.
 * At most one confirmation per member and {@link MAX_CONFIRMATIONS} in all are in flight.
 *
 * @param ctx - the node.
 * @param name - the member the claim was about.
 */
export function confirmIncarnation(ctx: NodeContext, name: string): void {
  const rec = ctx.table?.get(name);
  if (rec === undefined || ctx.state !== 'running') return;
  if (ctx.confirming.has(name) || ctx.confirming.size >= MAX_CONFIRMATIONS) return;
  ctx.confirming.add(name);
  ctx.metrics.increment('ring_swim_incarnation_confirmations_total');
  pushPull(ctx, rec.address, false, name)
    .catch((error: unknown) =>
      ctx.logger.debug({ err: error, node: name }, 'incarnation confirmation push/pull failed'),
    )
    .finally(() => ctx.confirming.delete(name));
}

/**
 * Dial `address`, send our state, read and merge theirs (memberlist `pushPullNode`).
 *
 * @param dialedPeer - the member we believe lives at `address`: its own entry in the reply
 *   confirms its incarnation, and names in the reply are not rate-limited.
 * @throws SwimError `ERR_REMOTE` (errResp), `ERR_DECODE`, `ERR_TIMEOUT`, `ERR_PROTOCOL_VERSION`; transport errors from the dial.
 */
export async function pushPull(
  ctx: NodeContext,
  address: string,
  join: boolean,
  dialedPeer = '',
): Promise<void> {
  const stream = await ctx.transport.dial(address, { timeoutMs: ctx.options.tcpTimeoutMs });
  ctx.streams.add(stream);
  try {
    const bytes = ctx.streamLayers.encode(
      { type: MessageType.PushPull, body: localState(ctx, join) },
      true,
    );
    await stream.write(bytes);
    countOut(ctx, MessageType.PushPull, bytes.length);
    const reply = await readStreamMessage(
      stream,
      ctx.streamLayers.reader(false),
      ctx.clock,
      ctx.options.tcpTimeoutMs,
    );
    if (reply.type === MessageType.Err)
      throw new SwimError('ERR_REMOTE', `remote error: ${reply.body.error}`);
    if (reply.type !== MessageType.PushPull)
      throw new SwimError('ERR_DECODE', `expected a push/pull reply, got type ${reply.type}`);
    if (ctx.state === 'shutdown') return;
    if (join) refuseNameConflict(ctx, reply.body, address);
    mergeRemote(ctx, reply.body, { transport: 'tcp', dialedPeer });
  } finally {
    stream.close();
    ctx.streams.delete(stream);
  }
}

/**
 * On join, refuse a cluster where an alive member already holds our name at another address: the
 * two nodes would otherwise refute each other's alive messages for ever (each sees the other as
 * itself), and the second would report a one-member cluster. Nothing is merged.
 *
 * @throws SwimError `ERR_NAME_CONFLICT` naming the address that holds the name.
 */
function refuseNameConflict(ctx: NodeContext, pp: PushPull, seed: string): void {
  const name = ctx.table!.localName;
  for (const n of pp.nodes) {
    if (n.name !== name || n.state !== NodeStateType.Alive) continue;
    let address: string;
    try {
      address = wireToAddress(n.addr, n.port || ctx.localWire.port);
    } catch {
      continue;
    }
    if (address === ctx.localAddress) continue;
    throw new SwimError(
      'ERR_NAME_CONFLICT',
      `the name '${name}' is already held by the alive member at ${address} (seen through ${seed}); give this node another name`,
    );
  }
}

/** Merge a remote push/pull (memberlist `mergeState`), counting it as one inbound push/pull: alive → alive claim, left → leave, dead/suspect → only our own suspicion; then the delegate state. */
export function mergeRemote(ctx: NodeContext, pp: PushPull, source: ClaimSource): void {
  const t = ctx.table!;
  countIn(ctx, MessageType.PushPull, 0);
  verifyProtocol(t.records(), pp.nodes);
  for (const n of pp.nodes) {
    let address: string;
    try {
      address = wireToAddress(n.addr, n.port || ctx.localWire.port);
    } catch {
      continue;
    }
    switch (n.state) {
      case NodeStateType.Alive:
        handleAlive(
          ctx,
          { name: n.name, address, meta: n.meta ?? EMPTY, incarnation: n.incarnation, vsn: n.vsn },
          undefined,
          source,
          'push-pull',
        );
        break;
      case NodeStateType.Left:
        handleDead(
          ctx,
          { name: n.name, incarnation: n.incarnation, from: n.name },
          undefined,
          source,
          'push-pull',
        );
        break;
      case NodeStateType.Dead:
      case NodeStateType.Suspect:
        // A peer's verdict only makes us suspicious; we never kill a node on hearsay.
        handleSuspect(
          ctx,
          { name: n.name, incarnation: n.incarnation, from: t.localName },
          undefined,
          source,
          'push-pull',
        );
        break;
      default:
        break;
    }
  }
  if (ctx.delegate.mergeRemoteState !== undefined && pp.userState.length > 0) {
    try {
      ctx.delegate.mergeRemoteState(pp.userState, pp.join);
    } catch (error) {
      ctx.logger.error({ err: error }, 'delegate mergeRemoteState threw');
    }
  }
  ctx.events.drain();
}

/**
 * Accept an inbound stream: serve one request, then close it. Beyond `maxInboundStreams` it
 * waits for a slot, or evicts the oldest stream still sending (see {@link InboundStreams}).
 */
export function onStream(ctx: NodeContext, stream: Stream): void {
  if (ctx.state === 'shutdown' || ctx.table === undefined) {
    stream.close();
    return;
  }
  ctx.streams.add(stream);
  ctx.inbound.admit(stream, ctx.clock.now());
}

/** Serve an admitted inbound stream; when done, free its slot for the next waiter. */
export function serveInbound(ctx: NodeContext, entry: InboundEntry): void {
  const stream = entry.stream;
  serveStream(ctx, stream, entry)
    .catch((error: unknown) =>
      ctx.logger.debug({ err: error, from: stream.remoteAddress }, 'inbound stream failed'),
    )
    .finally(() => {
      stream.close();
      ctx.streams.delete(stream);
      ctx.inbound.remove(entry, ctx.clock.now());
    });
}

/** A reader that charges what it buffers to the node's inbound byte budget. */
function budgetedReader(ctx: NodeContext, inner: StreamReader, entry: InboundEntry): StreamReader {
  return {
    push(chunk) {
      if (!ctx.inbound.charge(entry, chunk.length)) {
        throw new BudgetExceeded(
          `inbound streams would buffer more than ${ctx.options.maxInboundStreamBytes} bytes`,
        );
      }
      const msgs = inner.push(chunk);
      if (msgs.length > 0) ctx.inbound.settle(entry);
      return msgs;
    },
  };
}

/** The inbound stream budget is exhausted (the peer gets an errResp naming it, then the close). */
class BudgetExceeded extends Error {
  readonly code = 'ERR_STREAM_BUFFER_BUDGET';
}

/** Read one request from an inbound stream and answer it (push/pull reply before merging, TCP ping ack, reliable user message); unreadable input gets an errResp. */
export async function serveStream(
  ctx: NodeContext,
  stream: Stream,
  entry: InboundEntry,
): Promise<void> {
  let msg: WireMessage;
  const reader = budgetedReader(ctx, ctx.streamLayers.reader(true), entry);
  try {
    msg = await readStreamMessage(stream, reader, ctx.clock, ctx.options.inboundStreamTimeoutMs);
  } catch (error) {
    if (!entry.evicted)
      refuse(ctx, 'tcp', streamRefusalReason(error), { err: error, from: stream.remoteAddress });
    if (error instanceof SwimError && error.code === 'ERR_DECODE') {
      const reason = error.cause instanceof Error ? error.cause.message : error.message;
      await stream
        .write(ctx.streamLayers.encode({ type: MessageType.Err, body: { error: reason } }, false))
        .catch(() => undefined);
    }
    throw error;
  } finally {
    ctx.inbound.settle(entry);
  }
  if (ctx.state === 'shutdown') return;
  switch (msg.type) {
    case MessageType.PushPull: {
      // Reply with our state (echoing Join) before merging theirs, as memberlist does.
      const bytes = ctx.streamLayers.encode(
        { type: MessageType.PushPull, body: localState(ctx, msg.body.join) },
        false,
      );
      await stream.write(bytes);
      countOut(ctx, MessageType.PushPull, bytes.length);
      await stream.end().catch(() => undefined);
      if ((ctx.state as SwimNodeState) !== 'shutdown')
        mergeRemote(ctx, msg.body, FROM_INBOUND_STREAM);
      return;
    }
    case MessageType.Ping: {
      if (msg.body.node !== '' && msg.body.node !== ctx.name) return;
      await stream.write(
        ctx.streamLayers.encode(
          { type: MessageType.AckResp, body: { seqNo: msg.body.seqNo, payload: null } },
          false,
        ),
      );
      await stream.end().catch(() => undefined);
      return;
    }
    case MessageType.User:
      countIn(ctx, MessageType.User, msg.body.payload.length);
      deliverUser(ctx, msg.body.payload, stream.remoteAddress, 'tcp');
      ctx.events.drain();
      return;
    default:
      ctx.logger.debug({ type: msg.type }, 'unexpected stream message');
  }
}

/** The refusal reason of a failed inbound read: the wire error's code, the budget, or the deadline. */
function streamRefusalReason(error: unknown): string {
  if (error instanceof SwimError) {
    if (error.code === 'ERR_TIMEOUT') return 'timeout';
    if (error.code === 'ERR_SEND') return 'connection';
    const cause = error.cause;
    if (cause instanceof BudgetExceeded) return 'stream_buffer_budget';
    if (cause !== undefined) return reasonOf(cause);
    return 'incomplete';
  }
  return reasonOf(error);
}
