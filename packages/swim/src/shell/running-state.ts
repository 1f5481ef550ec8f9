/**
 * What `SwimNode.start()` creates once the transport is bound: the member table and the parts
 * that run the protocol, each the one owner of its bookkeeping — the prober (sequence numbers,
 * outstanding acks), the claims (suspicion timers, new-member rate), anti-entropy (failed
 * members, seeds, open streams), the stream server (inbound limits), the packet dispatcher, the
 * sender and gossip round, the join announcer, and the loop timers.
 */
import type { TimerHandle } from '@ring/base';
import type { Accusation } from '../core/membership/member-table.js';
import { MemberTable } from '../core/membership/member-table.js';
import { addressToWire } from './wire-address.js';
import { aliveMessage, deadMessage } from './member-messages.js';
import { recordHistory } from '../observe/explain-member.js';
import type { NodeEnv } from './node-env.js';
import { JoinAnnouncer } from './packets/join-announcer.js';
import { PacketDispatcher } from './packets/packet-dispatch.js';
import { PacketSender } from './packets/packet-send.js';
import { Prober } from './packets/prober.js';
import type { Run, RunningPhase } from './run-context.js';
import { StateChanges } from './packets/state-changes.js';
import { AntiEntropy } from './streams/anti-entropy.js';
import { StreamServer } from './streams/stream-server.js';
import { Timers } from './timers.js';

/** A started node (see the module comment). */
export class RunningState implements Run {
  /** The node's components, options and construction-time parts. */
  readonly env: NodeEnv;
  /** The member table, this node's record included. */
  readonly table: MemberTable;
  /** The transport's advertised address. */
  readonly localAddress: string;
  /** {@link RunningState.localAddress} as wire bytes and port. */
  readonly localWire: { readonly ip: Uint8Array; readonly port: number };
  #phase: RunningPhase = 'running';
  /** Urgent news is queued (see {@link RunningState.markUrgent}). */
  #urgent = false;
  /** The loop timers (probe, gossip, push/pull, reconnect) and probe steps. */
  readonly timers: Timers;
  /** Packets out, piggybacked gossip, the gossip round. */
  readonly sender: PacketSender;
  /** Alive/suspect/dead claims and their suspicion timers. */
  readonly claims: StateChanges;
  /** Join, push/pull, reconnects; failed members, seeds, open streams. */
  readonly antiEntropy: AntiEntropy;
  /** The probe loop; sequence numbers and outstanding acks. */
  readonly prober: Prober;
  /** Inbound streams within their limits. */
  readonly streams: StreamServer;
  /** Inbound packets. */
  readonly packets: PacketDispatcher;
  /** After a join: our alive straight to each member we learned. */
  readonly announcer: JoinAnnouncer;

  /**
   * @param env - the node's environment.
   * @param localAddress - the transport's advertised address.
   * @param meta - this node's metadata.
   * @throws SwimError `ERR_INVALID_ADDRESS` when the address has no wire form.
   */
  constructor(env: NodeEnv, localAddress: string, meta: Uint8Array) {
    this.env = env;
    this.localAddress = localAddress;
    this.localWire = addressToWire(localAddress);
    this.table = new MemberTable(
      { name: env.name, address: localAddress, meta, incarnation: 1, vsn: env.vsn },
      env.clock.now(),
      env.options.maxIncarnationJump,
    );
    this.timers = new Timers(env.clock, env.logger, () => this.#phase === 'shutdown');
    this.sender = new PacketSender(this);
    // The claims report to anti-entropy, which merges through the claims: bound late.
    this.claims = new StateChanges(
      this,
      {
        confirmIncarnation: (name) => this.antiEntropy.confirmIncarnation(name),
        memberAlive: (name) => this.antiEntropy.memberAlive(name),
        memberFailed: (name, address, at) => this.antiEntropy.memberFailed(name, address, at),
      },
      // The sender's protocol version is unknown by address: no CRC, which every version reads.
      (address, record) => this.sender.sendWithPiggyback(address, aliveMessage(record), 0),
    );
    this.antiEntropy = new AntiEntropy(this, this.claims);
    this.prober = new Prober(this, this.sender, this.claims, this.antiEntropy);
    this.streams = new StreamServer(this, this.antiEntropy);
    this.packets = new PacketDispatcher(this, this.prober, this.claims);
    this.announcer = new JoinAnnouncer(this, this.sender);
  }

  /**
   * Join through seeds (see `SwimNode.join`), then announce ourselves to the members we learned.
   *
   * @returns how many seeds answered.
   */
  async join(seeds: readonly string[]): Promise<number> {
    const answered = await this.antiEntropy.join(seeds);
    if (this.#phase === 'running') this.announcer.start(new Set(answered));
    return answered.length;
  }

  /** Where the node is in its life. */
  get phase(): RunningPhase {
    return this.#phase;
  }

  /** Announce this node (its alive, a local `join` event) and start the four loops at random offsets. */
  begin(): void {
    const { env, table } = this;
    this.claims.enqueueAlive(table.local);
    env.events.queue('join', table.snapshot(table.local));
    env.events.drain();
    const o = env.options;
    const random = env.random;
    this.timers.schedule(() => this.prober.tick(), random.int(o.probeIntervalMs) + 1);
    this.sender.startGossip(random.int(o.gossipIntervalMs) + 1);
    const wake = (): void => this.sender.wakeGossip();
    env.gossipQueue.onEnqueue = wake;
    env.userQueue.onEnqueue = wake;
    // memberlist: a random stagger below the (unscaled) interval, then the push/pull loop, whose
    // first exchange waits one interval scaled to the cluster size at that time.
    this.timers.schedule(
      () => this.antiEntropy.pushPullTick(),
      random.int(o.pushPullIntervalMs) + 1,
    );
    if (o.reconnectIntervalMs > 0)
      this.timers.schedule(
        () => this.antiEntropy.reconnectTick(),
        random.int(o.reconnectIntervalMs) + 1,
      );
    this.updateGauges();
  }

  /** See {@link Run.markUrgent}. */
  markUrgent(): void {
    this.#urgent = true;
  }

  /**
   * See {@link Run.flushUrgent}. Failures and departures then spread in network round trips
   * rather than gossip intervals: the same messages and retransmit counts, only the first send of
   * each is earlier. Called where a packet, a probe, a suspicion timeout or a push/pull has been
   * handled completely, so one round carries everything that handling queued.
   */
  flushUrgent(): void {
    if (!this.#urgent) return;
    this.#urgent = false;
    if (this.#phase === 'running') this.sender.gossipOnce();
  }

  /** Publish the gauges: health score, members, queue depths, inbound streams. */
  updateGauges(): void {
    const { metrics, awareness, gossipQueue, userQueue } = this.env;
    metrics.gauge('ring_swim_health_score', awareness.score);
    metrics.gauge('ring_swim_members', this.table.liveCount);
    metrics.gauge('ring_swim_gossip_queue_depth', gossipQueue.size);
    metrics.gauge('ring_swim_user_queue_depth', userQueue.size);
    metrics.gauge('ring_swim_inbound_streams', this.streams.inbound.count);
    metrics.gauge('ring_swim_inbound_stream_bytes', this.streams.inbound.bytes);
  }

  /**
   * Leave gracefully (see `SwimNode.leave`): gossip our departure, send its first round at once,
   * and wait until it was transmitted its full retransmit count or `timeoutMs` passed. The
   * caller checked that the node is running.
   */
  async leave(timeoutMs: number): Promise<void> {
    const { env, table: t } = this;
    this.#phase = 'leaving';
    t.markLeaving();
    const d: Accusation = { name: env.name, incarnation: t.local.incarnation, from: env.name };
    const anyAlive = t.liveCount > 1;
    let resolveSent: () => void = () => undefined;
    const sent = new Promise<void>((resolve) => {
      resolveSent = resolve;
    });
    const out = t.applyDead(d, env.clock.now());
    if (out.kind === 'applied') {
      recordHistory(env, out.record, 'left', { from: d.from, via: 'local' });
      env.gossipQueue.enqueue({
        message: deadMessage(d),
        name: d.name,
        onDone: () => resolveSent(),
      });
      // Send the first round now rather than at the next gossip tick (memberlist waits for it).
      this.sender.gossipOnce();
    }
    if (anyAlive) {
      let timer: TimerHandle | undefined;
      await Promise.race([
        sent,
        new Promise<void>((resolve) => {
          timer = env.clock.setTimeout(resolve, timeoutMs);
        }),
      ]);
      timer?.cancel();
    }
    if (this.#phase === 'leaving') this.#phase = 'left';
  }

  /** Stop the running parts: loop timers, suspicion timers, pending probes, open streams. */
  stop(): void {
    this.#phase = 'shutdown';
    this.env.gossipQueue.onEnqueue = undefined;
    this.env.userQueue.onEnqueue = undefined;
    this.timers.cancelAll();
    this.claims.stop();
    this.prober.stop();
    this.antiEntropy.stop();
  }
}
