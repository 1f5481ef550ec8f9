/**
 * Failure detection: the probe round (direct ping, indirect pings with nacks, TCP fallback,
 * Lifeguard awareness and buddy system) and answering pings and indirect pings.
 */
import type { Stream } from '@ring/transport';
import { MessageType, encodeCompound, encodeMessage } from '../wire/index.js';
import type { IndirectPingReq, Ping } from '../wire/index.js';
import type { MemberRecord } from '../core/membership/member-table.js';
import { readStreamMessage } from './streams/stream-io.js';
import { addressToWire, wireToAddress } from '../core/membership/wire-address.js';
import type { NodeContext } from './node-context.js';
import {
  applyAwareness,
  nextSeq,
  peerMax,
  pingBody,
  randomOthers,
  replyAddress,
  schedule,
  updateGauges,
} from './node-context.js';
import { handleSuspect, suspectMessage } from './state-changes.js';
import { sendRaw, sendWithPiggyback } from './packet-io.js';
import { recordAck, recordHistory } from '../observe/explain-member.js';

/**
 * Fraction of the probe timeout a failed probe waits for late nacks before it updates the health
 * score (Lifeguard). Not part of memberlist, whose score misses nacks that arrive after the probe
 * interval; the wire and the suspicion timing are unchanged.
 */
export const LATE_NACK_GRACE = 0.2;

/** Answer a ping addressed to us (or to anyone) with an ack, piggybacking gossip. */
export function onPing(ctx: NodeContext, ping: Ping, from: string): void {
  if (ping.node !== '' && ping.node !== ctx.name) {
    ctx.logger.debug({ node: ping.node, from }, 'ping for another node');
    return;
  }
  const to = replyAddress(ctx, ping.sourceAddr, ping.sourcePort, from);
  const ack = encodeMessage({
    type: MessageType.AckResp,
    body: { seqNo: ping.seqNo, payload: null },
  });
  sendWithPiggyback(ctx, to, ack, peerMax(ctx, ping.sourceNode));
}

/** Act as a relay: ping the target with our own sequence number; ack the requester on success, nack it after the probe timeout if asked. */
export function onIndirectPing(ctx: NodeContext, req: IndirectPingReq, from: string): void {
  const requester = replyAddress(ctx, req.sourceAddr, req.sourcePort, from);
  let target: string;
  try {
    target = wireToAddress(req.target, req.port || ctx.localWire.port);
  } catch {
    return;
  }
  const seq = nextSeq(ctx);
  const ping = encodeMessage({ type: MessageType.Ping, body: pingBody(ctx, seq, req.node) });
  let done = false;
  const finish = (): void => {
    done = true;
    const w = ctx.acks.get(seq);
    w?.timer.cancel();
    ctx.acks.delete(seq);
  };
  const timer = ctx.clock.setTimeout(() => {
    if (done) return;
    finish();
    if (req.nack)
      sendWithPiggyback(
        ctx,
        requester,
        encodeMessage({ type: MessageType.NackResp, body: { seqNo: req.seqNo } }),
        peerMax(ctx, req.sourceNode),
      );
  }, ctx.options.probeTimeoutMs);
  ctx.acks.set(seq, {
    onAck: () => {
      if (done) return;
      finish();
      sendWithPiggyback(
        ctx,
        requester,
        encodeMessage({ type: MessageType.AckResp, body: { seqNo: req.seqNo, payload: null } }),
        peerMax(ctx, req.sourceNode),
      );
    },
    onNack: () => undefined,
    timer,
  });
  sendWithPiggyback(ctx, target, ping, peerMax(ctx, req.node));
}

/** The probe loop: probe one member, then re-arm after the (health-scaled) probe interval. */
export function probeTick(ctx: NodeContext): void {
  const interval = ctx.options.lifeguard
    ? ctx.awareness.scaleTimeout(ctx.options.probeIntervalMs)
    : ctx.options.probeIntervalMs;
  if (ctx.state === 'running' || ctx.state === 'leaving') probeOnce(ctx, interval);
  updateGauges(ctx);
  schedule(ctx, () => probeTick(ctx), interval);
}

/** Pick the next member in shuffled round-robin order (reaping members dead longer than `gossipToTheDeadTimeMs` at round boundaries) and probe it. */
export function probeOnce(ctx: NodeContext, intervalMs: number): void {
  const t = ctx.table!;
  const now = ctx.clock.now();
  const reapAfter = ctx.options.gossipToTheDeadTimeMs;
  const name = ctx.probeOrder.next(
    (n) => {
      const r = t.get(n);
      return r !== undefined && (r.state === 'alive' || r.state === 'suspect');
    },
    (n) => {
      const r = t.get(n);
      if (r === undefined) return false;
      if ((r.state === 'dead' || r.state === 'left') && now - r.stateChangeAt > reapAfter) {
        t.remove(n);
        ctx.history.forget(n);
        return false;
      }
      return true;
    },
  );
  if (name === undefined) return;
  const target = t.get(name)!;
  probe(ctx, target, intervalMs);
}

/** Probe one member: ping (with the buddy-system suspect if it is suspect), indirect pings and a TCP fallback after the probe timeout, suspect it if nothing answered by the end of the interval. */
export function probe(ctx: NodeContext, target: MemberRecord, intervalMs: number): void {
  const o = ctx.options;
  const seq = nextSeq(ctx);
  const start = ctx.clock.now();
  ctx.metrics.increment('ring_swim_probes_total');
  let acked = false;
  let nacks = 0;
  let expectedNacks = 0;
  let finished = false;
  let ackVia: 'direct' | 'indirect' | 'tcp' = 'direct';
  const ping = encodeMessage({ type: MessageType.Ping, body: pingBody(ctx, seq, target.name) });
  const pmax = target.vsn[1] ?? 0;
  const finish = (success: boolean): void => {
    if (finished) return;
    finished = true;
    const w = ctx.acks.get(seq);
    w?.timer.cancel();
    ctx.acks.delete(seq);
    if (success) {
      applyAwareness(ctx, -1);
      const now = ctx.clock.now();
      recordAck(ctx, target.name, { at: now, rttMs: now - start, via: ackVia });
      return;
    }
    if (expectedNacks > 0 && nacks < expectedNacks) {
      // Relays nack `probeTimeout` after our indirect ping, which left `probeTimeout` after the
      // ping, so with interval = 2 × timeout their nacks land a few link latencies after this
      // deadline. Counted on arrival, they would always be missing when the target is really
      // dead, and every prober of a crashed member would raise its own health score (and probe
      // less often). So the score waits LATE_NACK_GRACE of the timeout for them; the suspicion
      // below is not delayed.
      const grace = ctx.clock.setTimeout(() => {
        ctx.acks.delete(seq);
        applyAwareness(ctx, Math.max(0, expectedNacks - nacks));
      }, o.probeTimeoutMs * LATE_NACK_GRACE);
      const late = (): void => {
        nacks++;
        ctx.metrics.increment('ring_swim_nacks_total');
      };
      ctx.acks.set(seq, { onAck: () => undefined, onNack: late, timer: grace });
    } else {
      applyAwareness(ctx, expectedNacks > 0 ? 0 : 1);
    }
    const rec = ctx.table!.get(target.name);
    if (rec !== undefined && ctx.state !== 'shutdown')
      recordHistory(ctx, rec, 'probe-failed', { via: 'probe', probe: { nacks, expectedNacks } });
    if (
      rec === undefined ||
      (rec.state !== 'alive' && rec.state !== 'suspect') ||
      ctx.state === 'shutdown'
    )
      return;
    ctx.logger.debug({ node: target.name }, 'probe failed, suspecting');
    handleSuspect(
      ctx,
      { name: rec.name, incarnation: rec.incarnation, from: ctx.name },
      undefined,
      undefined,
      'probe',
    );
    ctx.events.drain();
  };
  const deadline = ctx.clock.setTimeout(() => finish(acked), intervalMs);
  ctx.acks.set(seq, {
    onAck: () => {
      if (acked) return;
      acked = true;
      ctx.metrics.increment('ring_swim_acks_total');
      finish(true);
    },
    onNack: () => {
      nacks++;
      ctx.metrics.increment('ring_swim_nacks_total');
    },
    timer: deadline,
  });
  if (target.state === 'suspect' && o.lifeguard) {
    // Buddy system: tell the suspect at once so it can refute.
    const suspect = suspectMessage({
      name: target.name,
      incarnation: target.incarnation,
      from: ctx.name,
    });
    sendRaw(ctx, target.address, encodeCompound([ping, suspect]), pmax, MessageType.Ping, [
      suspect,
    ]);
  } else {
    sendWithPiggyback(ctx, target.address, ping, pmax);
  }
  // Tracked by `schedule` so that shutdown cancels it (it outlives an early ack otherwise).
  schedule(
    ctx,
    () => {
      if (finished || acked) return;
      ackVia = 'indirect';
      // Indirect probes through k random live members.
      const relays = randomOthers(ctx, o.indirectChecks, (r) => r.state === 'alive', target.name);
      const w = addressToWire(target.address);
      for (const relay of relays) {
        const nack = (relay.vsn[1] ?? 0) >= 4;
        if (nack) expectedNacks++;
        const req: IndirectPingReq = {
          seqNo: seq,
          target: w.ip,
          port: w.port,
          node: target.name,
          nack,
          sourceAddr: ctx.localWire.ip,
          sourcePort: ctx.localWire.port,
          sourceNode: ctx.name,
        };
        sendWithPiggyback(
          ctx,
          relay.address,
          encodeMessage({ type: MessageType.IndirectPing, body: req }),
          relay.vsn[1] ?? 0,
        );
      }
      if (!o.disableTcpPings && pmax >= 3) {
        const remaining = start + intervalMs - ctx.clock.now();
        if (remaining > 0) {
          tcpPing(ctx, target, seq, remaining).then(
            (ok) => {
              if (ok && !finished) {
                ctx.logger.warn(
                  { node: target.name },
                  'node answered a TCP ping but not UDP; check UDP connectivity',
                );
                acked = true;
                ackVia = 'tcp';
                finish(true);
              }
            },
            () => undefined,
          );
        }
      }
    },
    o.probeTimeoutMs,
  );
}

/** TCP fallback ping: the same ping over a stream; true when the matching ack came back in time. */
export async function tcpPing(
  ctx: NodeContext,
  target: MemberRecord,
  seq: number,
  timeoutMs: number,
): Promise<boolean> {
  let stream: Stream | undefined;
  try {
    stream = await ctx.transport.dial(target.address, { timeoutMs });
    ctx.streams.add(stream);
    await stream.write(
      ctx.streamLayers.encode(
        { type: MessageType.Ping, body: pingBody(ctx, seq, target.name) },
        true,
      ),
    );
    const reply = await readStreamMessage(
      stream,
      ctx.streamLayers.reader(false),
      ctx.clock,
      timeoutMs,
    );
    return reply.type === MessageType.AckResp && reply.body.seqNo === seq;
  } catch {
    return false;
  } finally {
    if (stream !== undefined) {
      stream.close();
      ctx.streams.delete(stream);
    }
  }
}
