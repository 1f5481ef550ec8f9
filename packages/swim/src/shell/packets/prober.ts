/**
 * Failure detection: the probe round (direct ping, indirect pings with nacks, TCP fallback,
 * Lifeguard awareness and buddy system) and answering pings and indirect pings. The prober owns
 * the probe sequence numbers and the outstanding acks.
 */
import type { Stream } from '@ring/transport';
import type { TimerHandle } from '@ring/base';
import { MessageType, encodeCompound, encodeMessage } from '../../wire/index.js';
import type { IndirectPingReq, Ping } from '../../wire/index.js';
import type { MemberRecord } from '../../core/membership/member-table.js';
import { addressToWire, wireToAddress } from '../wire-address.js';
import { suspectMessage } from '../member-messages.js';
import { recordAck, recordHistory } from '../../observe/explain-member.js';
import { readStreamMessage } from '../streams/stream-io.js';
import type { PacketSender } from './packet-send.js';
import type { Run } from '../run-context.js';
import { applyAwareness, peerMax, pingBody, randomOthers, replyAddress } from '../run-context.js';
import type { StateChanges } from './state-changes.js';

/** An outstanding probe or relayed ping, by sequence number. */
interface AckWaiter {
  onAck: () => void;
  onNack: () => void;
  timer: TimerHandle;
}

/** Opens and closes the streams of TCP pings (anti-entropy tracks every open stream). */
export interface StreamDialer {
  /** Dial `address`; the stream is tracked until {@link StreamDialer.release}. */
  dial(address: string, timeoutMs: number): Promise<Stream>;
  /** Close and forget a stream from {@link StreamDialer.dial}. */
  release(stream: Stream): void;
}

/**
 * Fraction of the probe timeout a failed probe waits for late nacks before it updates the health
 * score (Lifeguard). Not part of memberlist, whose score misses nacks that arrive after the probe
 * interval; the wire and the suspicion timing are unchanged.
 */
export const LATE_NACK_GRACE = 0.2;

/** The failure detector of a running node. */
export class Prober {
  readonly #run: Run;
  readonly #sender: PacketSender;
  readonly #claims: StateChanges;
  readonly #dialer: StreamDialer;
  readonly #acks = new Map<number, AckWaiter>();
  #seqNo = 0;

  /**
   * @param run - the running node.
   * @param sender - sends pings, acks and nacks.
   * @param claims - suspects a member that did not answer.
   * @param dialer - opens the TCP fallback ping's stream.
   */
  constructor(run: Run, sender: PacketSender, claims: StateChanges, dialer: StreamDialer) {
    this.#run = run;
    this.#sender = sender;
    this.#claims = claims;
    this.#dialer = dialer;
  }

  /** An ack for sequence number `seqNo` arrived. */
  onAck(seqNo: number): void {
    this.#acks.get(seqNo)?.onAck();
  }

  /** A nack for sequence number `seqNo` arrived. */
  onNack(seqNo: number): void {
    this.#acks.get(seqNo)?.onNack();
  }

  /** Cancel every outstanding probe and relayed ping (shutdown). */
  stop(): void {
    for (const w of this.#acks.values()) w.timer.cancel();
    this.#acks.clear();
  }

  /** The next probe sequence number (uint32, never 0). */
  #nextSeq(): number {
    this.#seqNo = (this.#seqNo + 1) >>> 0;
    if (this.#seqNo === 0) this.#seqNo = 1;
    return this.#seqNo;
  }

  /** Answer a ping addressed to us (or to anyone) with an ack, piggybacking gossip. */
  onPing(ping: Ping, from: string): void {
    const env = this.#run.env;
    if (ping.node !== '' && ping.node !== env.name) {
      env.logger.debug({ node: ping.node, from }, 'ping for another node');
      return;
    }
    const to = replyAddress(ping.sourceAddr, ping.sourcePort, from);
    const ack = encodeMessage({
      type: MessageType.AckResp,
      body: { seqNo: ping.seqNo, payload: null },
    });
    this.#sender.sendWithPiggyback(to, ack, peerMax(this.#run.table, ping.sourceNode));
  }

  /** Act as a relay: ping the target with our own sequence number; ack the requester on success, nack it after the probe timeout if asked. */
  onIndirectPing(req: IndirectPingReq, from: string): void {
    const run = this.#run;
    const requester = replyAddress(req.sourceAddr, req.sourcePort, from);
    let target: string;
    try {
      target = wireToAddress(req.target, req.port || run.localWire.port);
    } catch {
      return;
    }
    const seq = this.#nextSeq();
    const ping = encodeMessage({ type: MessageType.Ping, body: pingBody(run, seq, req.node) });
    let done = false;
    const finish = (): void => {
      done = true;
      const w = this.#acks.get(seq);
      w?.timer.cancel();
      this.#acks.delete(seq);
    };
    const timer = run.env.clock.setTimeout(() => {
      if (done) return;
      finish();
      if (req.nack)
        this.#sender.sendWithPiggyback(
          requester,
          encodeMessage({ type: MessageType.NackResp, body: { seqNo: req.seqNo } }),
          peerMax(run.table, req.sourceNode),
        );
    }, run.env.options.probeTimeoutMs);
    this.#acks.set(seq, {
      onAck: () => {
        if (done) return;
        finish();
        this.#sender.sendWithPiggyback(
          requester,
          encodeMessage({ type: MessageType.AckResp, body: { seqNo: req.seqNo, payload: null } }),
          peerMax(run.table, req.sourceNode),
        );
      },
      onNack: () => undefined,
      timer,
    });
    this.#sender.sendWithPiggyback(target, ping, peerMax(run.table, req.node));
  }

  /** The probe loop: probe one member, then re-arm after the (health-scaled) probe interval. */
  tick(): void {
    const run = this.#run;
    const o = run.env.options;
    const interval = o.lifeguard
      ? run.env.awareness.scaleTimeout(o.probeIntervalMs)
      : o.probeIntervalMs;
    if (run.phase === 'running' || run.phase === 'leaving') this.probeOnce(interval);
    run.updateGauges();
    run.timers.schedule(() => this.tick(), interval);
  }

  /** Pick the next member in shuffled round-robin order (reaping members dead longer than `gossipToTheDeadTimeMs` at round boundaries) and probe it. */
  probeOnce(intervalMs: number): void {
    const { env, table: t } = this.#run;
    const now = env.clock.now();
    const reapAfter = env.options.gossipToTheDeadTimeMs;
    const name = env.probeOrder.next(
      (n) => {
        const r = t.get(n);
        return r !== undefined && (r.state === 'alive' || r.state === 'suspect');
      },
      (n) => {
        const r = t.get(n);
        if (r === undefined) return false;
        if ((r.state === 'dead' || r.state === 'left') && now - r.stateChangeAt > reapAfter) {
          t.remove(n);
          env.history.forget(n);
          return false;
        }
        return true;
      },
    );
    if (name === undefined) return;
    const target = t.get(name)!;
    this.probe(target, intervalMs);
  }

  /** Probe one member: ping (with the buddy-system suspect if it is suspect), indirect pings and a TCP fallback after the probe timeout, suspect it if nothing answered by the end of the interval. */
  probe(target: MemberRecord, intervalMs: number): void {
    const run = this.#run;
    const env = run.env;
    const o = env.options;
    const seq = this.#nextSeq();
    const start = env.clock.now();
    env.metrics.increment('ring_swim_probes_total');
    let acked = false;
    let nacks = 0;
    let expectedNacks = 0;
    let finished = false;
    let ackVia: 'direct' | 'indirect' | 'tcp' = 'direct';
    const ping = encodeMessage({ type: MessageType.Ping, body: pingBody(run, seq, target.name) });
    const pmax = target.vsn[1] ?? 0;
    const finish = (success: boolean): void => {
      if (finished) return;
      finished = true;
      const w = this.#acks.get(seq);
      w?.timer.cancel();
      this.#acks.delete(seq);
      if (success) {
        applyAwareness(env, -1);
        const now = env.clock.now();
        recordAck(env, target.name, { at: now, rttMs: now - start, via: ackVia });
        return;
      }
      if (expectedNacks > 0 && nacks < expectedNacks) {
        // Relays nack `probeTimeout` after our indirect ping, which left `probeTimeout` after the
        // ping, so with interval = 2 × timeout their nacks land a few link latencies after this
        // deadline. Counted on arrival, they would always be missing when the target is really
        // dead, and every prober of a crashed member would raise its own health score (and probe
        // less often). So the score waits LATE_NACK_GRACE of the timeout for them; the suspicion
        // below is not delayed.
        const grace = env.clock.setTimeout(() => {
          this.#acks.delete(seq);
          applyAwareness(env, Math.max(0, expectedNacks - nacks));
        }, o.probeTimeoutMs * LATE_NACK_GRACE);
        const late = (): void => {
          nacks++;
          env.metrics.increment('ring_swim_nacks_total');
        };
        this.#acks.set(seq, { onAck: () => undefined, onNack: late, timer: grace });
      } else {
        applyAwareness(env, expectedNacks > 0 ? 0 : 1);
      }
      const rec = run.table.get(target.name);
      if (rec !== undefined && run.phase !== 'shutdown')
        recordHistory(env, rec, 'probe-failed', { via: 'probe', probe: { nacks, expectedNacks } });
      if (
        rec === undefined ||
        (rec.state !== 'alive' && rec.state !== 'suspect') ||
        run.phase === 'shutdown'
      )
        return;
      env.logger.debug({ node: target.name }, 'probe failed, suspecting');
      this.#claims.handleSuspect(
        { name: rec.name, incarnation: rec.incarnation, from: env.name },
        undefined,
        undefined,
        'probe',
      );
      run.flushUrgent();
      env.events.drain();
    };
    const deadline = env.clock.setTimeout(() => finish(acked), intervalMs);
    this.#acks.set(seq, {
      onAck: () => {
        if (acked) return;
        acked = true;
        env.metrics.increment('ring_swim_acks_total');
        finish(true);
      },
      onNack: () => {
        nacks++;
        env.metrics.increment('ring_swim_nacks_total');
      },
      timer: deadline,
    });
    if (target.state === 'suspect' && o.lifeguard) {
      // Buddy system: tell the suspect at once so it can refute.
      const suspect = suspectMessage({
        name: target.name,
        incarnation: target.incarnation,
        from: env.name,
      });
      this.#sender.sendRaw(
        target.address,
        encodeCompound([ping, suspect]),
        pmax,
        MessageType.Ping,
        [suspect],
      );
    } else {
      this.#sender.sendWithPiggyback(target.address, ping, pmax);
    }
    // Tracked by the node's timers so that shutdown cancels it (it outlives an early ack otherwise).
    run.timers.schedule(() => {
      if (finished || acked) return;
      ackVia = 'indirect';
      // Indirect probes through k random live members.
      const relays = randomOthers(run, o.indirectChecks, (r) => r.state === 'alive', target.name);
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
          sourceAddr: run.localWire.ip,
          sourcePort: run.localWire.port,
          sourceNode: env.name,
        };
        this.#sender.sendWithPiggyback(
          relay.address,
          encodeMessage({ type: MessageType.IndirectPing, body: req }),
          relay.vsn[1] ?? 0,
        );
      }
      if (!o.disableTcpPings && pmax >= 3) {
        const remaining = start + intervalMs - env.clock.now();
        if (remaining > 0) {
          this.#tcpPing(target, seq, remaining).then(
            (ok) => {
              if (ok && !finished) {
                env.logger.warn(
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
    }, o.probeTimeoutMs);
  }

  /** TCP fallback ping: the same ping over a stream; true when the matching ack came back in time. */
  async #tcpPing(target: MemberRecord, seq: number, timeoutMs: number): Promise<boolean> {
    const run = this.#run;
    const env = run.env;
    let stream: Stream | undefined;
    try {
      stream = await this.#dialer.dial(target.address, timeoutMs);
      await stream.write(
        env.streamLayers.encode(
          { type: MessageType.Ping, body: pingBody(run, seq, target.name) },
          true,
        ),
      );
      const reply = await readStreamMessage(
        stream,
        env.streamLayers.reader(false),
        env.clock,
        timeoutMs,
      );
      return reply.type === MessageType.AckResp && reply.body.seqNo === seq;
    } catch {
      return false;
    } finally {
      if (stream !== undefined) this.#dialer.release(stream);
    }
  }
}
