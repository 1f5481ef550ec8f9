import type { Clock, Packet, Random, Stream, TimerHandle, Transport } from '@ring/transport';
import { systemRandom } from '@ring/transport';
import { TransmitLimitedQueue } from '@ring/broadcast';
import type { DoneReason } from '@ring/broadcast';
import { COMPOUND_HEADER_OVERHEAD, COMPOUND_PART_OVERHEAD, DEFAULT_PORT, MAX_COMPOUND_PARTS, META_MAX_SIZE, PROTOCOL_VERSION, PROTOCOL_VERSION_MAX, PROTOCOL_VERSION_MIN } from './constants.js';
import { SwimError } from './errors.js';
import { EventHub } from './events.js';
import type { MemberEvent, SwimEventMap } from './events.js';
import type { Member } from './member.js';
import { MemberTable } from './member-table.js';
import type { Accusation, AliveClaim, MemberRecord } from './member-table.js';
import type { SwimDelegate, SwimNodeConfig } from './node-options.js';
import { noopLogger, noopMetrics } from './observability.js';
import type { Logger, Metrics } from './observability.js';
import { resolveOptions } from './options.js';
import type { ResolvedSwimOptions } from './options.js';
import { Awareness } from './awareness.js';
import { ProbeOrder } from './probe-order.js';
import { resolveSeeds, systemResolver } from './seeds.js';
import type { HostResolver } from './seeds.js';
import { readStreamMessage } from './stream-io.js';
import type { Suspicion } from './suspicion.js';
import { pushPullScaleMs, suspicionConfirmations, suspicionTimeoutMs } from './timing.js';
import { addressToWire, wireToAddress } from './wire-address.js';
import { createLayers } from './layers.js';
import type { PacketLayers, StreamLayers } from './layers.js';
import { MessageType, NodeStateType, decodeMessage, decompressBody, encodeCompound, encodeMessage } from './wire/index.js';
import type { Alive, IndirectPingReq, Ping, PushPull, WireMessage } from './wire/index.js';
import { packetTypeLabels } from './packet-labels.js';
import { pushNodeStates, verifyProtocol } from './push-pull.js';
import { USER_BROADCAST_MAGIC } from './broadcast-envelope.js';

/** Lifecycle of a {@link SwimNode}. */
export type SwimNodeState = 'idle' | 'starting' | 'running' | 'leaving' | 'left' | 'shutdown';

interface AckWaiter {
  onAck: () => void;
  onNack: () => void;
  timer: TimerHandle;
}

interface FailedPeer {
  readonly address: string;
  readonly at: number;
}

const EMPTY = new Uint8Array(0);
// A packet is at most 64 KiB; LZW expands at most ~10×, so this bounds decompression bombs.
const MAX_DECOMPRESSED_PACKET = 1 << 20;

/**
 * A SWIM + Lifeguard cluster member speaking hashicorp/memberlist's protocol. Create it with
 * {@link createSwimNode}.
 */
export class SwimNode {
  /** This node's name. */
  readonly name: string;
  /** The resolved options (preset + overrides). */
  readonly options: ResolvedSwimOptions;
  readonly #transport: Transport;
  readonly #clock: Clock;
  readonly #random: Random;
  readonly #logger: Logger;
  readonly #metrics: Metrics;
  readonly #resolver: HostResolver;
  readonly #delegate: SwimDelegate;
  readonly #packetLayers: PacketLayers;
  readonly #streamLayers: StreamLayers;
  readonly #events: EventHub;
  readonly #awareness: Awareness;
  readonly #probeOrder: ProbeOrder;
  readonly #gossipQueue: TransmitLimitedQueue;
  readonly #userQueue: TransmitLimitedQueue;
  #table: MemberTable | undefined;
  #initialMeta: Uint8Array;
  #state: SwimNodeState = 'idle';
  #seqNo = 0;
  readonly #acks = new Map<number, AckWaiter>();
  readonly #suspicionTimers = new Map<string, TimerHandle>();
  readonly #timers = new Set<TimerHandle>();
  readonly #others: string[] = [];
  readonly #othersIndex = new Map<string, number>();
  readonly #failed = new Map<string, FailedPeer>();
  #seedAddresses: string[] = [];
  readonly #streams = new Set<Stream>();
  #localAddress = '';
  #localWire: { ip: Uint8Array; port: number } = { ip: EMPTY, port: 0 };
  readonly #vsn: Uint8Array;

  /** @param config - see {@link createSwimNode}. */
  constructor(config: SwimNodeConfig) {
    if (typeof config.name !== 'string' || config.name.length === 0) throw new SwimError('ERR_INVALID_OPTION', 'name must be a non-empty string');
    if (config.transport === undefined) throw new SwimError('ERR_INVALID_OPTION', 'transport is required');
    this.name = config.name;
    this.options = resolveOptions(config.preset ?? 'lan', config.options ?? {});
    this.#transport = config.transport;
    this.#clock = config.clock ?? config.transport.clock;
    this.#random = config.random ?? systemRandom;
    this.#logger = config.logger ?? noopLogger;
    this.#metrics = config.metrics ?? noopMetrics;
    this.#resolver = config.resolver ?? systemResolver;
    this.#delegate = config.delegate ?? {};
    const layers = config.layers ?? createLayers({ compression: config.compression ?? true, keyring: config.keyring, label: config.label });
    this.#packetLayers = layers.packet;
    this.#streamLayers = layers.stream;
    this.#initialMeta = checkMeta(config.meta ?? EMPTY);
    this.#events = new EventHub(this.#logger);
    this.#awareness = new Awareness(this.options.awarenessMaxMultiplier);
    this.#probeOrder = new ProbeOrder(this.#random);
    const o = this.options;
    this.#vsn = Uint8Array.of(PROTOCOL_VERSION_MIN, PROTOCOL_VERSION_MAX, PROTOCOL_VERSION, o.delegateProtocolMin, o.delegateProtocolMax, o.delegateProtocolVersion);
    const numNodes = (): number => this.#table?.size ?? 1;
    const onCallbackError = (error: unknown): void => this.#logger.error({ err: error }, 'broadcast callback threw');
    const budget = o.packetBudgetBytes;
    this.#gossipQueue = new TransmitLimitedQueue({ numNodes, onCallbackError }, { retransmitMult: o.retransmitMult, packetBudgetBytes: budget, maxQueueDepth: Infinity });
    this.#userQueue = new TransmitLimitedQueue({ numNodes, onCallbackError }, { retransmitMult: o.retransmitMult, packetBudgetBytes: budget });
  }

  // ---------------------------------------------------------------- public surface

  /** Current lifecycle state. */
  get state(): SwimNodeState {
    return this.#state;
  }

  /** Lifeguard's local health score: 0 is healthy, up to `awarenessMaxMultiplier - 1`. */
  get healthScore(): number {
    return this.#awareness.score;
  }

  /**
   * This node as a member.
   * @throws SwimError `ERR_NOT_STARTED` before {@link SwimNode.start}.
   */
  get localMember(): Member {
    const t = this.#requireTable();
    return t.snapshot(t.local);
  }

  /** The transport's advertised address (after start). */
  get address(): string {
    return this.#localAddress;
  }

  /** Alive and suspect members, self included. Empty before start. */
  members(): Member[] {
    const t = this.#table;
    if (t === undefined) return [];
    const out: Member[] = [];
    for (const rec of t.records()) if (rec.state === 'alive' || rec.state === 'suspect') out.push(t.snapshot(rec));
    return out;
  }

  /** Every known member in any state (dead and left until forgotten), self included. */
  allMembers(): Member[] {
    const t = this.#table;
    if (t === undefined) return [];
    return [...t.records()].map((r) => t.snapshot(r));
  }

  /**
   * A member by name, in any state, or undefined.
   *
   * @param name - node name.
   */
  member(name: string): Member | undefined {
    const t = this.#table;
    const rec = t?.get(name);
    return rec === undefined ? undefined : t!.snapshot(rec);
  }

  /** Number of alive and suspect members, self included. */
  numMembers(): number {
    return this.#table?.liveCount ?? 0;
  }

  /** Membership broadcasts waiting to be gossiped. */
  get gossipQueueDepth(): number {
    return this.#gossipQueue.size;
  }

  /**
   * Drop every pending membership broadcast. For simulators that bootstrap a large cluster to a
   * converged state and want to measure from a quiet one: a mass join queues N² re-broadcasts (as
   * memberlist does), which take many gossip rounds to drain. Not needed in production.
   */
  discardPendingGossip(): void {
    this.#gossipQueue.reset();
  }

  /**
   * Subscribe to an event. Handlers run after the state change is committed, in order, never
   * re-entrantly: calling any method of the node from a handler is safe.
   *
   * @param type - `join`, `leave`, `update`, `suspect`, `alive` or `message`.
   * @param handler - receives a {@link Member} (or a {@link UserMessage} for `message`).
   */
  on<K extends keyof SwimEventMap>(type: K, handler: SwimEventMap[K]): this {
    this.#events.on(type, handler);
    return this;
  }

  /**
   * Remove a handler.
   *
   * @param type - event name.
   * @param handler - the function given to {@link SwimNode.on}.
   */
  off<K extends keyof SwimEventMap>(type: K, handler: SwimEventMap[K]): this {
    this.#events.off(type, handler);
    return this;
  }

  /**
   * Membership changes as an async iterator: the current members first (as `join` events), then
   * every change, until `signal` aborts.
   *
   * @param options - `signal` ends the iteration.
   */
  events(options: { signal?: AbortSignal } = {}): AsyncGenerator<MemberEvent, void, undefined> {
    return this.#events.subscribe(this.members(), options.signal);
  }

  /**
   * Bind the transport and start probing, gossip and push/pull. Idempotent.
   *
   * @throws SwimError `ERR_SHUTDOWN` after shutdown; transport errors (`ERR_BIND`) pass through.
   */
  async start(): Promise<void> {
    if (this.#state === 'shutdown') throw new SwimError('ERR_SHUTDOWN', 'node was shut down');
    if (this.#state !== 'idle') return;
    this.#state = 'starting';
    await this.#transport.start({
      onPacket: (p) => this.#onPacket(p),
      onStream: (s) => this.#onStream(s),
    });
    this.#localAddress = this.#transport.localAddress();
    this.#localWire = addressToWire(this.#localAddress);
    const now = this.#clock.now();
    this.#table = new MemberTable({ name: this.name, address: this.#localAddress, meta: this.#initialMeta, incarnation: 1, vsn: this.#vsn }, now);
    this.#state = 'running';
    this.#enqueueAlive(this.#table.local);
    this.#events.queue('join', this.#table.snapshot(this.#table.local));
    this.#events.drain();
    const o = this.options;
    this.#schedule(() => this.#probeTick(), this.#random.int(o.probeIntervalMs) + 1);
    this.#schedule(() => this.#gossipTick(), this.#random.int(o.gossipIntervalMs) + 1);
    this.#schedule(() => this.#pushPullTick(), this.#random.int(o.pushPullIntervalMs) + 1);
    if (o.reconnectIntervalMs > 0) this.#schedule(() => this.#reconnectTick(), this.#random.int(o.reconnectIntervalMs) + 1);
    this.#updateGauges();
  }

  /**
   * Join a cluster through seeds: `host:port`, `[v6]:port` or DNS names (a bounded random subset
   * of their addresses). Each contacted seed exchanges full state with us (push/pull).
   *
   * @param seeds - seed addresses.
   * @returns how many seeds were contacted successfully.
   * @throws SwimError `ERR_JOIN_FAILED` when none answered (the causes are in `cause`),
   *   `ERR_INVALID_ADDRESS` for a malformed seed, `ERR_NOT_STARTED` before start.
   */
  async join(seeds: readonly string[]): Promise<number> {
    this.#requireRunning();
    const port = this.#localWire.port || DEFAULT_PORT;
    const { addresses, failures } = await resolveSeeds(seeds, { resolver: this.#resolver, random: this.#random, maxPerName: this.options.joinMaxAddresses, defaultPort: port });
    for (const a of addresses) if (!this.#seedAddresses.includes(a)) this.#seedAddresses.push(a);
    const targets = addresses.filter((a) => a !== this.#localAddress);
    const errors: unknown[] = failures.map((f) => f.error);
    const results = await Promise.allSettled(targets.map((a) => this.#pushPull(a, true)));
    let ok = 0;
    for (const r of results) {
      if (r.status === 'fulfilled') ok++;
      else errors.push(r.reason);
    }
    if (ok === 0) {
      throw new SwimError('ERR_JOIN_FAILED', `could not join any of ${seeds.length} seed(s): ${errors.map(String).join('; ')}`, { cause: errors });
    }
    return ok;
  }

  /**
   * Replace this node's metadata and gossip it (an `update` event everywhere).
   *
   * @param meta - new metadata, ≤ 512 bytes.
   * @throws SwimError `ERR_META_TOO_LARGE`, `ERR_NOT_STARTED`.
   */
  async updateMeta(meta: Uint8Array): Promise<void> {
    checkMeta(meta);
    const t = this.#requireRunning();
    t.updateLocalMeta(meta.slice());
    this.#enqueueAlive(t.local);
    this.#events.queue('update', t.snapshot(t.local));
    this.#events.drain();
    await Promise.resolve();
  }

  /**
   * Send a best-effort (UDP) user message to a member.
   *
   * @param name - the member.
   * @param payload - bytes; delivered to the peer's `message` handlers.
   * @throws SwimError `ERR_UNKNOWN_MEMBER`, `ERR_NOT_STARTED`, `ERR_SEND`.
   */
  async sendBestEffort(name: string, payload: Uint8Array): Promise<void> {
    const t = this.#requireRunning();
    const rec = t.get(name);
    if (rec === undefined) throw new SwimError('ERR_UNKNOWN_MEMBER', `unknown member ${name}`);
    const msg = new Uint8Array(payload.length + 1);
    msg[0] = MessageType.User;
    msg.set(payload, 1);
    try {
      await this.#transport.sendPacket(rec.address, this.#packetLayers.wrap(msg, rec.vsn[1] ?? 0));
      this.#countOut(MessageType.User, msg.length);
    } catch (cause) {
      throw new SwimError('ERR_SEND', `cannot send to ${name}`, { cause });
    }
  }

  /**
   * Send a reliable (stream) user message to a member.
   *
   * @param name - the member.
   * @param payload - bytes.
   * @throws SwimError `ERR_UNKNOWN_MEMBER`, `ERR_NOT_STARTED`, `ERR_SEND`.
   */
  async sendReliable(name: string, payload: Uint8Array): Promise<void> {
    const t = this.#requireRunning();
    const rec = t.get(name);
    if (rec === undefined) throw new SwimError('ERR_UNKNOWN_MEMBER', `unknown member ${name}`);
    let stream: Stream | undefined;
    try {
      stream = await this.#transport.dial(rec.address, { timeoutMs: this.options.tcpTimeoutMs });
      const bytes = this.#streamLayers.encode({ type: MessageType.User, body: { payload } }, true);
      await stream.write(bytes);
      await stream.end();
      this.#countOut(MessageType.User, bytes.length);
    } catch (cause) {
      throw new SwimError('ERR_SEND', `cannot send to ${name}`, { cause });
    } finally {
      stream?.close();
    }
  }

  /**
   * Queue an application broadcast to piggyback on gossip (memberlist `GetBroadcasts`). Used by
   * `createBroadcastChannel`.
   *
   * @param message - a complete user payload.
   * @param onDone - told when it leaves the queue.
   * @throws BroadcastError `ERR_BROADCAST_TOO_LARGE` when it can never fit a packet.
   */
  queueUserBroadcast(message: Uint8Array, onDone?: (reason: DoneReason) => void): void {
    const framed = new Uint8Array(message.length + 1);
    framed[0] = MessageType.User;
    framed.set(message, 1);
    this.#userQueue.enqueue({ message: framed, unique: true, ...(onDone === undefined ? {} : { onDone }) });
    this.#metrics.gauge('ring_swim_user_queue_depth', this.#userQueue.size);
  }

  /**
   * Leave gracefully: gossip our departure and wait until it was transmitted its full retransmit
   * count, or `timeoutMs` passed. Probing and gossip keep running until {@link SwimNode.shutdown}.
   *
   * @param timeoutMs - most time to wait for the broadcast.
   * @throws SwimError `ERR_NOT_STARTED`.
   */
  async leave(timeoutMs: number): Promise<void> {
    const t = this.#requireTable();
    if (this.#state === 'left' || this.#state === 'leaving') return;
    if (this.#state !== 'running') throw new SwimError('ERR_NOT_STARTED', `cannot leave in state ${this.#state}`);
    this.#state = 'leaving';
    t.markLeaving();
    const d: Accusation = { name: this.name, incarnation: t.local.incarnation, from: this.name };
    const anyAlive = t.liveCount > 1;
    let resolveSent: () => void = () => undefined;
    const sent = new Promise<void>((resolve) => {
      resolveSent = resolve;
    });
    const out = t.applyDead(d, this.#clock.now());
    if (out.kind === 'applied') {
      this.#gossipQueue.enqueue({ message: encodeMessage({ type: MessageType.Dead, body: { incarnation: d.incarnation, node: d.name, from: d.from } }), name: d.name, onDone: () => resolveSent() });
    }
    if (anyAlive) {
      let timer: TimerHandle | undefined;
      await Promise.race([
        sent,
        new Promise<void>((resolve) => {
          timer = this.#clock.setTimeout(resolve, timeoutMs);
        }),
      ]);
      timer?.cancel();
    }
    if (this.#state === 'leaving') this.#state = 'left';
  }

  /** Stop everything: timers, pending probes, streams, the transport. Idempotent. */
  async shutdown(): Promise<void> {
    if (this.#state === 'shutdown') return;
    this.#state = 'shutdown';
    for (const t of this.#timers) t.cancel();
    this.#timers.clear();
    for (const t of this.#suspicionTimers.values()) t.cancel();
    this.#suspicionTimers.clear();
    for (const w of this.#acks.values()) w.timer.cancel();
    this.#acks.clear();
    for (const s of this.#streams) s.close();
    this.#streams.clear();
    this.#gossipQueue.reset();
    this.#userQueue.reset();
    await this.#transport.close();
  }

  // ---------------------------------------------------------------- helpers

  #requireTable(): MemberTable {
    if (this.#table === undefined) throw new SwimError('ERR_NOT_STARTED', 'node not started');
    return this.#table;
  }

  #requireRunning(): MemberTable {
    const t = this.#requireTable();
    if (this.#state === 'shutdown') throw new SwimError('ERR_SHUTDOWN', 'node was shut down');
    return t;
  }

  #schedule(fn: () => void, delayMs: number): void {
    const handle = this.#clock.setTimeout(() => {
      this.#timers.delete(handle);
      if (this.#state === 'shutdown') return;
      try {
        fn();
      } catch (error) {
        this.#logger.error({ err: error }, 'swim timer callback threw');
      }
    }, delayMs);
    this.#timers.add(handle);
  }

  #countOut(type: number, bytes: number): void {
    const labels = packetTypeLabels(type);
    this.#metrics.increment('ring_swim_packets_out_total', 1, labels);
    this.#metrics.increment('ring_swim_bytes_out_total', bytes, labels);
  }

  #countIn(type: number, bytes: number): void {
    const labels = packetTypeLabels(type);
    this.#metrics.increment('ring_swim_packets_in_total', 1, labels);
    this.#metrics.increment('ring_swim_bytes_in_total', bytes, labels);
  }

  #updateGauges(): void {
    this.#metrics.gauge('ring_swim_health_score', this.#awareness.score);
    this.#metrics.gauge('ring_swim_members', this.numMembers());
    this.#metrics.gauge('ring_swim_gossip_queue_depth', this.#gossipQueue.size);
    this.#metrics.gauge('ring_swim_user_queue_depth', this.#userQueue.size);
  }

  #applyAwareness(delta: number): void {
    if (!this.options.lifeguard) return;
    this.#awareness.applyDelta(delta);
  }

  #trackOther(name: string): void {
    if (name === this.name || this.#othersIndex.has(name)) return;
    this.#othersIndex.set(name, this.#others.length);
    this.#others.push(name);
    this.#probeOrder.add(name);
  }

  #untrackOther(name: string): void {
    const i = this.#othersIndex.get(name);
    if (i === undefined) return;
    const last = this.#others.pop()!;
    if (last !== name) {
      this.#others[i] = last;
      this.#othersIndex.set(last, i);
    }
    this.#othersIndex.delete(name);
  }

  /** Up to `k` random other members for which `ok` holds, without scanning the whole list. */
  #randomOthers(k: number, ok: (rec: MemberRecord) => boolean, exclude?: string): MemberRecord[] {
    const t = this.#table!;
    const n = this.#others.length;
    const out: MemberRecord[] = [];
    if (n === 0 || k === 0) return out;
    const picked = new Set<string>();
    for (let tries = 0; tries < 3 * n && out.length < k && tries < 64 + 4 * k; tries++) {
      const name = this.#others[this.#random.int(n)]!;
      if (name === exclude || picked.has(name)) continue;
      const rec = t.get(name);
      if (rec === undefined || !ok(rec)) continue;
      picked.add(name);
      out.push(rec);
    }
    return out;
  }

  #suspicionParams(): { k: number; minMs: number; maxMs: number } {
    const n = this.#table!.size;
    const o = this.options;
    const minMs = suspicionTimeoutMs(o.suspicionMult, n, o.probeIntervalMs);
    if (!o.lifeguard) return { k: 0, minMs, maxMs: minMs };
    return { k: suspicionConfirmations(o.suspicionMult, n), minMs, maxMs: o.suspicionMaxTimeoutMult * minMs };
  }

  // ---------------------------------------------------------------- state changes

  #aliveMessage(rec: MemberRecord): Uint8Array {
    const w = addressToWire(rec.address);
    return encodeMessage({ type: MessageType.Alive, body: { incarnation: rec.incarnation, node: rec.name, addr: w.ip, port: w.port, meta: rec.meta, vsn: rec.vsn } });
  }

  #enqueueAlive(rec: MemberRecord): void {
    this.#gossipQueue.enqueue({ message: this.#aliveMessage(rec), name: rec.name });
  }

  #refuted(): void {
    const t = this.#table!;
    this.#metrics.increment('ring_swim_refutations_total');
    this.#applyAwareness(1);
    this.#enqueueAlive(t.local);
  }

  #handleAlive(claim: AliveClaim, raw: Uint8Array | undefined): void {
    const t = this.#table!;
    const out = t.applyAlive(claim, this.#clock.now(), this.options.deadNodeReclaimTimeMs);
    switch (out.kind) {
      case 'ignored':
        return;
      case 'conflict':
        this.#logger.warn({ node: claim.name, address: claim.address }, 'conflicting address for a known node name');
        return;
      case 'refute':
        this.#refuted();
        return;
      case 'applied': {
        this.#cancelSuspicionTimer(claim.name);
        if (out.isNew) this.#trackOther(claim.name);
        this.#failed.delete(claim.name);
        this.#gossipQueue.enqueue({ message: raw ?? this.#aliveMessage(out.record), name: claim.name });
        if (out.event !== undefined) this.#events.queue(out.event, t.snapshot(out.record));
        return;
      }
    }
  }

  #handleSuspect(s: Accusation, raw: Uint8Array | undefined): void {
    const t = this.#table!;
    const out = t.applySuspect(s, this.#clock.now(), this.#suspicionParams());
    const message = (): Uint8Array => raw ?? encodeMessage({ type: MessageType.Suspect, body: { incarnation: s.incarnation, node: s.name, from: s.from } });
    switch (out.kind) {
      case 'ignored':
        return;
      case 'refute':
        this.#refuted();
        return;
      case 'confirmed':
        this.#gossipQueue.enqueue({ message: message(), name: s.name });
        this.#armSuspicionTimer(s.name, out.suspicion);
        return;
      case 'applied':
        this.#metrics.increment('ring_swim_suspicions_total');
        this.#gossipQueue.enqueue({ message: message(), name: s.name });
        this.#armSuspicionTimer(s.name, out.suspicion);
        this.#events.queue('suspect', t.snapshot(out.record));
        return;
    }
  }

  #handleDead(d: Accusation, raw: Uint8Array | undefined): void {
    const t = this.#table!;
    const out = t.applyDead(d, this.#clock.now());
    switch (out.kind) {
      case 'ignored':
        return;
      case 'refute':
        this.#refuted();
        return;
      case 'applied': {
        this.#cancelSuspicionTimer(d.name);
        this.#gossipQueue.enqueue({ message: raw ?? encodeMessage({ type: MessageType.Dead, body: { incarnation: d.incarnation, node: d.name, from: d.from } }), name: d.name });
        if (out.record.state === 'dead') this.#failed.set(d.name, { address: out.record.address, at: this.#clock.now() });
        this.#events.queue('leave', t.snapshot(out.record));
        return;
      }
    }
  }

  #cancelSuspicionTimer(name: string): void {
    const h = this.#suspicionTimers.get(name);
    if (h !== undefined) {
      h.cancel();
      this.#suspicionTimers.delete(name);
    }
  }

  #armSuspicionTimer(name: string, suspicion: Suspicion): void {
    this.#cancelSuspicionTimer(name);
    const delay = Math.max(0, suspicion.deadline() - this.#clock.now());
    const handle = this.#clock.setTimeout(() => {
      if (this.#suspicionTimers.get(name) === handle) this.#suspicionTimers.delete(name);
      if (this.#state === 'shutdown') return;
      const accusation = this.#table!.suspicionExpired(name, suspicion);
      if (accusation === undefined) return;
      this.#logger.info({ node: name }, 'suspicion timed out, declaring dead');
      this.#handleDead(accusation, undefined);
      this.#events.drain();
    }, delay);
    this.#suspicionTimers.set(name, handle);
  }

  // ---------------------------------------------------------------- packets out

  /** Send `message`, topped up with queued broadcasts into a compound when they fit. */
  #sendWithPiggyback(to: string, message: Uint8Array, peerProtocolMax: number): void {
    const budget = this.options.packetBudgetBytes - this.#packetLayers.overhead - message.length - COMPOUND_HEADER_OVERHEAD - COMPOUND_PART_OVERHEAD;
    const extra = budget > 0 ? this.#collectBroadcasts(budget, MAX_COMPOUND_PARTS - 1) : [];
    const bytes = extra.length === 0 ? message : encodeCompound([message, ...extra]);
    this.#sendRaw(to, bytes, peerProtocolMax, message[0]!, extra);
  }

  #collectBroadcasts(limit: number, maxParts: number): Uint8Array[] {
    const parts = this.#gossipQueue.getBroadcasts(COMPOUND_PART_OVERHEAD, limit);
    let used = 0;
    for (const p of parts) used += p.length + COMPOUND_PART_OVERHEAD;
    if (limit - used > COMPOUND_PART_OVERHEAD + 1 && this.#userQueue.size > 0) {
      for (const p of this.#userQueue.getBroadcasts(COMPOUND_PART_OVERHEAD, limit - used)) parts.push(p);
    }
    return parts.length > maxParts ? parts.slice(0, maxParts) : parts;
  }

  #sendRaw(to: string, bytes: Uint8Array, peerProtocolMax: number, mainType: number, extra: readonly Uint8Array[]): void {
    let wrapped: Uint8Array;
    try {
      wrapped = this.#packetLayers.wrap(bytes, peerProtocolMax);
    } catch (error) {
      this.#logger.error({ err: error, to }, 'cannot wrap packet');
      return;
    }
    this.#countOut(mainType, bytes.length);
    for (const e of extra) this.#countOut(e[0]!, e.length);
    this.#transport.sendPacket(to, wrapped).catch((error: unknown) => {
      this.#metrics.increment('ring_swim_send_errors_total');
      this.#logger.debug({ err: error, to }, 'packet send failed');
    });
  }

  #replyAddress(sourceAddr: Uint8Array | null, sourcePort: number, from: string): string {
    if (sourceAddr !== null && sourceAddr.length > 0 && sourcePort > 0) {
      try {
        return wireToAddress(sourceAddr, sourcePort);
      } catch {
        return from;
      }
    }
    return from;
  }

  // ---------------------------------------------------------------- packets in

  #onPacket(p: Packet): void {
    if (this.#state === 'shutdown' || this.#table === undefined) return;
    let inner: Uint8Array;
    try {
      inner = this.#packetLayers.unwrap(p.data);
    } catch (error) {
      this.#metrics.increment('ring_swim_decode_errors_total');
      this.#logger.debug({ err: error, from: p.from }, 'dropping packet');
      return;
    }
    this.#dispatch(inner, p.from, 0);
    this.#events.drain();
  }

  #dispatch(bytes: Uint8Array, from: string, depth: number): void {
    if (bytes.length === 0 || depth > 4) return;
    const type = bytes[0]!;
    this.#countIn(type, bytes.length);
    if (type === MessageType.User) {
      this.#deliverUser(bytes.slice(1), from);
      return;
    }
    let msg: WireMessage;
    try {
      msg = decodeMessage(bytes);
    } catch (error) {
      this.#metrics.increment('ring_swim_decode_errors_total');
      this.#logger.debug({ err: error, from, type }, 'cannot decode message');
      return;
    }
    switch (msg.type) {
      case MessageType.Compound:
        for (const part of msg.body.parts) this.#dispatch(part, from, depth + 1);
        return;
      case MessageType.Compress:
        this.#dispatch(this.#decompress(msg.body.algo, msg.body.buf), from, depth + 1);
        return;
      case MessageType.Ping:
        this.#onPing(msg.body, from);
        return;
      case MessageType.IndirectPing:
        this.#onIndirectPing(msg.body, from);
        return;
      case MessageType.AckResp: {
        const w = this.#acks.get(msg.body.seqNo);
        if (w !== undefined) w.onAck();
        return;
      }
      case MessageType.NackResp: {
        const w = this.#acks.get(msg.body.seqNo);
        if (w !== undefined) w.onNack();
        return;
      }
      case MessageType.Alive:
        this.#onAliveMessage(msg.body, bytes, from);
        return;
      case MessageType.Suspect:
        this.#handleSuspect({ name: msg.body.node, incarnation: msg.body.incarnation, from: msg.body.from }, bytes.slice());
        return;
      case MessageType.Dead:
        this.#handleDead({ name: msg.body.node, incarnation: msg.body.incarnation, from: msg.body.from }, bytes.slice());
        return;
      default:
        this.#logger.debug({ type: msg.type, from }, 'unexpected message type in a packet');
    }
  }

  #decompress(algo: number, buf: Uint8Array): Uint8Array {
    try {
      return decompressBody({ algo, buf }, MAX_DECOMPRESSED_PACKET);
    } catch (error) {
      this.#metrics.increment('ring_swim_decode_errors_total');
      this.#logger.debug({ err: error }, 'cannot decompress packet');
      return EMPTY;
    }
  }

  #deliverUser(payload: Uint8Array, from: string): void {
    if (payload.length > 0 && payload[0] === USER_BROADCAST_MAGIC) {
      this.#userBroadcastSink?.(payload, from);
      return;
    }
    this.#events.queueMessage({ from: this.#nameOf(from), payload });
  }

  /** Set by `createBroadcastChannel`: receives enveloped application broadcasts. */
  #userBroadcastSink: ((payload: Uint8Array, from: string) => void) | undefined;

  /**
   * Attach the receiver of enveloped application broadcasts (one per node; used by
   * `createBroadcastChannel`).
   *
   * @param sink - called with the enveloped payload and the sender's address.
   */
  setBroadcastSink(sink: ((payload: Uint8Array, from: string) => void) | undefined): void {
    this.#userBroadcastSink = sink;
  }

  #nameOf(address: string): string {
    const t = this.#table;
    if (t === undefined) return address;
    // Reverse lookup only for user messages; cheap enough (rare) and avoids an extra index.
    for (const rec of t.records()) if (rec.address === address) return rec.name;
    return address;
  }

  #onAliveMessage(a: Alive, raw: Uint8Array, from: string): void {
    let address: string;
    try {
      address = wireToAddress(a.addr, a.port);
    } catch (error) {
      this.#logger.debug({ err: error, from }, 'alive with an invalid address');
      return;
    }
    this.#handleAlive({ name: a.node, address, meta: a.meta ?? EMPTY, incarnation: a.incarnation, vsn: a.vsn }, raw.slice());
  }

  #onPing(ping: Ping, from: string): void {
    if (ping.node !== '' && ping.node !== this.name) {
      this.#logger.debug({ node: ping.node, from }, 'ping for another node');
      return;
    }
    const to = this.#replyAddress(ping.sourceAddr, ping.sourcePort, from);
    const ack = encodeMessage({ type: MessageType.AckResp, body: { seqNo: ping.seqNo, payload: null } });
    this.#sendWithPiggyback(to, ack, this.#peerMax(ping.sourceNode));
  }

  #peerMax(name: string): number {
    return this.#table?.get(name)?.vsn[1] ?? 0;
  }

  #onIndirectPing(req: IndirectPingReq, from: string): void {
    const requester = this.#replyAddress(req.sourceAddr, req.sourcePort, from);
    let target: string;
    try {
      target = wireToAddress(req.target, req.port || this.#localWire.port);
    } catch {
      return;
    }
    const seq = this.#nextSeq();
    const ping = encodeMessage({ type: MessageType.Ping, body: this.#pingBody(seq, req.node) });
    let done = false;
    const finish = (): void => {
      done = true;
      const w = this.#acks.get(seq);
      w?.timer.cancel();
      this.#acks.delete(seq);
    };
    const timer = this.#clock.setTimeout(() => {
      if (done) return;
      finish();
      if (req.nack) this.#sendWithPiggyback(requester, encodeMessage({ type: MessageType.NackResp, body: { seqNo: req.seqNo } }), this.#peerMax(req.sourceNode));
    }, this.options.probeTimeoutMs);
    this.#acks.set(seq, {
      onAck: () => {
        if (done) return;
        finish();
        this.#sendWithPiggyback(requester, encodeMessage({ type: MessageType.AckResp, body: { seqNo: req.seqNo, payload: null } }), this.#peerMax(req.sourceNode));
      },
      onNack: () => undefined,
      timer,
    });
    this.#sendWithPiggyback(target, ping, this.#peerMax(req.node));
  }

  #nextSeq(): number {
    this.#seqNo = (this.#seqNo + 1) >>> 0;
    if (this.#seqNo === 0) this.#seqNo = 1;
    return this.#seqNo;
  }

  #pingBody(seqNo: number, node: string): Ping {
    return { seqNo, node, sourceAddr: this.#localWire.ip, sourcePort: this.#localWire.port, sourceNode: this.name };
  }

  // ---------------------------------------------------------------- probing

  #probeTick(): void {
    const interval = this.options.lifeguard ? this.#awareness.scaleTimeout(this.options.probeIntervalMs) : this.options.probeIntervalMs;
    if (this.#state === 'running' || this.#state === 'leaving') this.#probeOnce(interval);
    this.#updateGauges();
    this.#schedule(() => this.#probeTick(), interval);
  }

  #probeOnce(intervalMs: number): void {
    const t = this.#table!;
    const now = this.#clock.now();
    const reapAfter = this.options.gossipToTheDeadTimeMs;
    const name = this.#probeOrder.next(
      (n) => {
        const r = t.get(n);
        return r !== undefined && (r.state === 'alive' || r.state === 'suspect');
      },
      (n) => {
        const r = t.get(n);
        if (r === undefined) return false;
        if ((r.state === 'dead' || r.state === 'left') && now - r.stateChangeAt > reapAfter) {
          t.remove(n);
          this.#untrackOther(n);
          return false;
        }
        return true;
      },
    );
    if (name === undefined) return;
    const target = t.get(name)!;
    this.#probe(target, intervalMs);
  }

  #probe(target: MemberRecord, intervalMs: number): void {
    const o = this.options;
    const seq = this.#nextSeq();
    const start = this.#clock.now();
    this.#metrics.increment('ring_swim_probes_total');
    let acked = false;
    let nacks = 0;
    let expectedNacks = 0;
    let finished = false;
    const ping = encodeMessage({ type: MessageType.Ping, body: this.#pingBody(seq, target.name) });
    const pmax = target.vsn[1] ?? 0;
    const finish = (success: boolean): void => {
      if (finished) return;
      finished = true;
      const w = this.#acks.get(seq);
      w?.timer.cancel();
      this.#acks.delete(seq);
      if (success) {
        this.#applyAwareness(-1);
        return;
      }
      this.#applyAwareness(expectedNacks > 0 ? Math.max(0, expectedNacks - nacks) : 1);
      const rec = this.#table!.get(target.name);
      if (rec === undefined || (rec.state !== 'alive' && rec.state !== 'suspect') || this.#state === 'shutdown') return;
      this.#logger.debug({ node: target.name }, 'probe failed, suspecting');
      this.#handleSuspect({ name: rec.name, incarnation: rec.incarnation, from: this.name }, undefined);
      this.#events.drain();
    };
    const deadline = this.#clock.setTimeout(() => finish(acked), intervalMs);
    this.#acks.set(seq, {
      onAck: () => {
        if (acked) return;
        acked = true;
        this.#metrics.increment('ring_swim_acks_total');
        finish(true);
      },
      onNack: () => {
        nacks++;
        this.#metrics.increment('ring_swim_nacks_total');
      },
      timer: deadline,
    });
    if (target.state === 'suspect' && o.lifeguard) {
      // Buddy system: tell the suspect at once so it can refute.
      const suspect = encodeMessage({ type: MessageType.Suspect, body: { incarnation: target.incarnation, node: target.name, from: this.name } });
      this.#sendRaw(target.address, encodeCompound([ping, suspect]), pmax, MessageType.Ping, [suspect]);
    } else {
      this.#sendWithPiggyback(target.address, ping, pmax);
    }
    this.#clock.setTimeout(() => {
      if (finished || acked || this.#state === 'shutdown') return;
      // Indirect probes through k random live members.
      const relays = this.#randomOthers(o.indirectChecks, (r) => r.state === 'alive', target.name);
      const w = addressToWire(target.address);
      for (const relay of relays) {
        const nack = (relay.vsn[1] ?? 0) >= 4;
        if (nack) expectedNacks++;
        const req: IndirectPingReq = { seqNo: seq, target: w.ip, port: w.port, node: target.name, nack, sourceAddr: this.#localWire.ip, sourcePort: this.#localWire.port, sourceNode: this.name };
        this.#sendWithPiggyback(relay.address, encodeMessage({ type: MessageType.IndirectPing, body: req }), relay.vsn[1] ?? 0);
      }
      if (!o.disableTcpPings && pmax >= 3) {
        const remaining = start + intervalMs - this.#clock.now();
        if (remaining > 0) {
          this.#tcpPing(target, seq, remaining).then(
            (ok) => {
              if (ok && !finished) {
                this.#logger.warn({ node: target.name }, 'node answered a TCP ping but not UDP; check UDP connectivity');
                acked = true;
                finish(true);
              }
            },
            () => undefined,
          );
        }
      }
    }, o.probeTimeoutMs);
  }

  async #tcpPing(target: MemberRecord, seq: number, timeoutMs: number): Promise<boolean> {
    let stream: Stream | undefined;
    try {
      stream = await this.#transport.dial(target.address, { timeoutMs });
      this.#streams.add(stream);
      await stream.write(this.#streamLayers.encode({ type: MessageType.Ping, body: this.#pingBody(seq, target.name) }, true));
      const reply = await readStreamMessage(stream, this.#streamLayers.reader(false), this.#clock, timeoutMs);
      return reply.type === MessageType.AckResp && reply.body.seqNo === seq;
    } catch {
      return false;
    } finally {
      if (stream !== undefined) {
        stream.close();
        this.#streams.delete(stream);
      }
    }
  }

  // ---------------------------------------------------------------- gossip

  #gossipTick(): void {
    this.#gossipOnce();
    this.#schedule(() => this.#gossipTick(), this.options.gossipIntervalMs);
  }

  #gossipOnce(): void {
    if (this.#gossipQueue.size === 0 && this.#userQueue.size === 0) return;
    const now = this.#clock.now();
    const toTheDead = this.options.gossipToTheDeadTimeMs;
    const targets = this.#randomOthers(this.options.gossipNodes, (r) => r.state === 'alive' || r.state === 'suspect' || (r.state === 'dead' && now - r.stateChangeAt < toTheDead));
    const budget = this.options.packetBudgetBytes - this.#packetLayers.overhead - COMPOUND_HEADER_OVERHEAD;
    for (const target of targets) {
      const parts = this.#collectBroadcasts(budget, MAX_COMPOUND_PARTS);
      if (parts.length === 0) return;
      const bytes = parts.length === 1 ? parts[0]! : encodeCompound(parts);
      this.#sendRaw(target.address, bytes, target.vsn[1] ?? 0, parts.length === 1 ? parts[0]![0]! : MessageType.Compound, []);
    }
    this.#metrics.gauge('ring_swim_gossip_queue_depth', this.#gossipQueue.size);
  }

  // ---------------------------------------------------------------- push/pull

  #pushPullTick(): void {
    const t = this.#table!;
    if (this.#state === 'running') {
      const [peer] = this.#randomOthers(1, (r) => r.state === 'alive');
      if (peer !== undefined) {
        this.#pushPull(peer.address, false).catch((error: unknown) => this.#logger.debug({ err: error, peer: peer.name }, 'push/pull failed'));
      }
    }
    this.#schedule(() => this.#pushPullTick(), pushPullScaleMs(this.options.pushPullIntervalMs, t.size));
  }

  /**
   * Partition heal: memberlist never re-merges two halves that declared each other dead. Every
   * `reconnectIntervalMs` we push/pull with one random member that failed within
   * `reconnectTimeoutMs` (or a seed that is not a live member): if it is reachable again, the
   * exchange brings both sides' state together and gossip spreads it.
   */
  #reconnectTick(): void {
    const now = this.#clock.now();
    if (this.#state === 'running') {
      const candidates: string[] = [];
      for (const [name, f] of this.#failed) {
        if (now - f.at > this.options.reconnectTimeoutMs) {
          this.#failed.delete(name);
          continue;
        }
        const rec = this.#table!.get(name);
        if (rec === undefined || rec.state === 'dead') candidates.push(f.address);
      }
      if (candidates.length > 0 || this.#table!.liveCount <= 1) {
        for (const s of this.#seedAddresses) if (s !== this.#localAddress) candidates.push(s);
      }
      if (candidates.length > 0) {
        const addr = candidates[this.#random.int(candidates.length)]!;
        this.#pushPull(addr, false).catch((error: unknown) => this.#logger.debug({ err: error, peer: addr }, 'reconnect push/pull failed'));
      }
    }
    this.#schedule(() => this.#reconnectTick(), this.options.reconnectIntervalMs);
  }

  #localState(join: boolean): PushPull {
    let userState: Uint8Array = EMPTY;
    if (this.#delegate.localState !== undefined) {
      try {
        userState = this.#delegate.localState(join);
      } catch (error) {
        this.#logger.error({ err: error }, 'delegate localState threw');
      }
    }
    return { join, nodes: pushNodeStates(this.#table!.records()), userState };
  }

  async #pushPull(address: string, join: boolean): Promise<void> {
    const stream = await this.#transport.dial(address, { timeoutMs: this.options.tcpTimeoutMs });
    this.#streams.add(stream);
    try {
      const bytes = this.#streamLayers.encode({ type: MessageType.PushPull, body: this.#localState(join) }, true);
      await stream.write(bytes);
      this.#countOut(MessageType.PushPull, bytes.length);
      const reply = await readStreamMessage(stream, this.#streamLayers.reader(false), this.#clock, this.options.tcpTimeoutMs);
      if (reply.type === MessageType.Err) throw new SwimError('ERR_REMOTE', `remote error: ${reply.body.error}`);
      if (reply.type !== MessageType.PushPull) throw new SwimError('ERR_DECODE', `expected a push/pull reply, got type ${reply.type}`);
      if (this.#state === 'shutdown') return;
      this.#mergeRemote(reply.body);
    } finally {
      stream.close();
      this.#streams.delete(stream);
    }
  }

  #mergeRemote(pp: PushPull): void {
    const t = this.#table!;
    this.#countIn(MessageType.PushPull, 0);
    verifyProtocol(t.records(), pp.nodes);
    for (const n of pp.nodes) {
      let address: string;
      try {
        address = wireToAddress(n.addr, n.port || this.#localWire.port);
      } catch {
        continue;
      }
      switch (n.state) {
        case NodeStateType.Alive:
          this.#handleAlive({ name: n.name, address, meta: n.meta ?? EMPTY, incarnation: n.incarnation, vsn: n.vsn }, undefined);
          break;
        case NodeStateType.Left:
          this.#handleDead({ name: n.name, incarnation: n.incarnation, from: n.name }, undefined);
          break;
        case NodeStateType.Dead:
        case NodeStateType.Suspect:
          // A peer's verdict only makes us suspicious; we never kill a node on hearsay.
          this.#handleSuspect({ name: n.name, incarnation: n.incarnation, from: t.localName }, undefined);
          break;
        default:
          break;
      }
    }
    if (this.#delegate.mergeRemoteState !== undefined && pp.userState.length > 0) {
      try {
        this.#delegate.mergeRemoteState(pp.userState, pp.join);
      } catch (error) {
        this.#logger.error({ err: error }, 'delegate mergeRemoteState threw');
      }
    }
    this.#events.drain();
  }

  // ---------------------------------------------------------------- streams in

  #onStream(stream: Stream): void {
    if (this.#state === 'shutdown' || this.#table === undefined) {
      stream.close();
      return;
    }
    this.#streams.add(stream);
    this.#serveStream(stream)
      .catch((error: unknown) => this.#logger.debug({ err: error, from: stream.remoteAddress }, 'inbound stream failed'))
      .finally(() => {
        stream.close();
        this.#streams.delete(stream);
      });
  }

  async #serveStream(stream: Stream): Promise<void> {
    let msg: WireMessage;
    try {
      msg = await readStreamMessage(stream, this.#streamLayers.reader(true), this.#clock, this.options.tcpTimeoutMs);
    } catch (error) {
      if (error instanceof SwimError && error.code === 'ERR_DECODE') {
        const reason = error.cause instanceof Error ? error.cause.message : error.message;
        await stream.write(this.#streamLayers.encode({ type: MessageType.Err, body: { error: reason } }, false)).catch(() => undefined);
      }
      throw error;
    }
    if (this.#state === 'shutdown') return;
    switch (msg.type) {
      case MessageType.PushPull: {
        this.#countIn(MessageType.PushPull, 0);
        // Reply with our state (echoing Join) before merging theirs, as memberlist does.
        const bytes = this.#streamLayers.encode({ type: MessageType.PushPull, body: this.#localState(msg.body.join) }, false);
        await stream.write(bytes);
        this.#countOut(MessageType.PushPull, bytes.length);
        await stream.end().catch(() => undefined);
        if ((this.#state as SwimNodeState) !== 'shutdown') this.#mergeRemote(msg.body);
        return;
      }
      case MessageType.Ping: {
        if (msg.body.node !== '' && msg.body.node !== this.name) return;
        await stream.write(this.#streamLayers.encode({ type: MessageType.AckResp, body: { seqNo: msg.body.seqNo, payload: null } }, false));
        await stream.end().catch(() => undefined);
        return;
      }
      case MessageType.User:
        this.#countIn(MessageType.User, msg.body.payload.length);
        this.#deliverUser(msg.body.payload, stream.remoteAddress);
        this.#events.drain();
        return;
      default:
        this.#logger.debug({ type: msg.type }, 'unexpected stream message');
    }
  }

  /** Used by the simulator: the record of a member (internal, read-only). */
  protected recordOf(name: string): Readonly<MemberRecord> | undefined {
    return this.#table?.get(name);
  }
}

function checkMeta(meta: Uint8Array): Uint8Array {
  if (!(meta instanceof Uint8Array)) throw new SwimError('ERR_INVALID_OPTION', 'meta must be a Uint8Array');
  if (meta.length > META_MAX_SIZE) throw new SwimError('ERR_META_TOO_LARGE', `node meta is ${meta.length} bytes, the limit is ${META_MAX_SIZE}`);
  return meta;
}

/**
 * Create a swim node. Nothing happens on the network until {@link SwimNode.start}.
 *
 * @param config - name, transport, preset, options and components.
 * @throws SwimError `ERR_INVALID_OPTION` for bad options, `ERR_META_TOO_LARGE` for meta > 512 bytes.
 */
export function createSwimNode(config: SwimNodeConfig): SwimNode {
  return new SwimNode(config);
}
