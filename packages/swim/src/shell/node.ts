import type { TimerHandle } from '@ring/transport';
import type { DoneReason } from '@ring/broadcast';
import { DEFAULT_PORT, META_MAX_SIZE } from '../config/constants.js';
import { SwimError } from '../errors.js';
import type { MemberEvent, SwimEventMap } from '../observe/events.js';
import type { Member } from '../core/membership/member.js';
import { MemberTable } from '../core/membership/member-table.js';
import type { Accusation } from '../core/membership/member-table.js';
import type { SwimNodeConfig } from '../config/node-config.js';
import { resolveOptions } from '../config/options.js';
import { fitPacketBudget } from '../config/packet-budget.js';
import type { ResolvedSwimOptions } from '../config/options.js';
import { resolveSeeds } from './seeds.js';
import { addressToWire } from '../core/membership/wire-address.js';
import { EMPTY, createNodeContext, schedule, updateGauges } from './node-context.js';
import type { NodeContext, SwimNodeState } from './node-context.js';
import { deadMessage, enqueueAlive } from './state-changes.js';
import { gossipOnce, gossipTick, onPacket } from './packet-io.js';
import { probeTick } from './probe.js';
import { onStream, pushPull, pushPullTick, reconnectTick, serveInbound } from './streams/anti-entropy.js';
import {
  queueUserBroadcast,
  sendBestEffort,
  sendReliable,
  sendToAddress,
} from './user-messages.js';
import { explainMember, recordHistory } from '../observe/explain-member.js';
import type { MemberExplanation } from '../observe/explain-member.js';
import { MAX_HISTORY_SIZE } from '../observe/member-history.js';

export type { SwimNodeState } from './node-context.js';

/**
 * A SWIM + Lifeguard cluster member speaking hashicorp/memberlist's protocol. Create it with
 * {@link createSwimNode}.
 */
export class SwimNode {
  readonly #c: NodeContext;
  readonly #initialMeta: Uint8Array;
  #starting: Promise<void> | undefined;

  /** @param config - see {@link createSwimNode}. */
  constructor(config: SwimNodeConfig) {
    if (typeof config.name !== 'string' || config.name.length === 0)
      throw new SwimError('ERR_INVALID_OPTION', 'name must be a non-empty string');
    if (config.transport === undefined)
      throw new SwimError('ERR_INVALID_OPTION', 'transport is required');
    const options = fitPacketBudget(
      resolveOptions(config.preset ?? 'lan', config.options ?? {}),
      config.transport.maxPacketSize,
    );
    const historySize = config.historySize;
    if (
      historySize !== undefined &&
      (!Number.isInteger(historySize) || historySize < 0 || historySize > MAX_HISTORY_SIZE)
    )
      throw new SwimError(
        'ERR_INVALID_OPTION',
        `historySize must be an integer in [0, ${MAX_HISTORY_SIZE}], got ${String(historySize)}`,
      );
    this.#initialMeta = checkMeta(config.meta ?? EMPTY);
    this.#c = createNodeContext(config, options);
  }

  /** This node's name. */
  get name(): string {
    return this.#c.name;
  }

  /** The resolved options (preset + overrides). */
  get options(): ResolvedSwimOptions {
    return this.#c.options;
  }

  // ---------------------------------------------------------------- public surface

  /** Current lifecycle state. */
  get state(): SwimNodeState {
    return this.#c.state;
  }

  /** Lifeguard's local health score: 0 is healthy, up to `awarenessMaxMultiplier - 1`. */
  get healthScore(): number {
    return this.#c.awareness.score;
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
    return this.#c.localAddress;
  }

  /** Alive and suspect members, self included. Empty before start. */
  members(): Member[] {
    const t = this.#c.table;
    if (t === undefined) return [];
    const out: Member[] = [];
    for (const rec of t.records())
      if (rec.state === 'alive' || rec.state === 'suspect') out.push(t.snapshot(rec));
    return out;
  }

  /** Every known member in any state (dead and left until forgotten), self included. */
  allMembers(): Member[] {
    const t = this.#c.table;
    if (t === undefined) return [];
    return [...t.records()].map((r) => t.snapshot(r));
  }

  /**
   * A member by name, in any state, or undefined.
   *
   * @param name - node name.
   */
  member(name: string): Member | undefined {
    const t = this.#c.table;
    const rec = t?.get(name);
    return rec === undefined ? undefined : t!.snapshot(rec);
  }

  /**
   * Why a member is in its state, as this node saw it: its recent history (state changes with
   * times and incarnations, who suspected it and through which message, the confirmations counted
   * and the Lifeguard timeout that applied, refutations, failed probes), the suspicion in force,
   * the last successful probe and its round-trip time, and our awareness score. Bounded: see
   * `SwimNodeConfig.historySize`.
   *
   * @param name - node name (this node's own name explains our refutations).
   * @returns undefined for a member this node never knew or forgot long ago, and before start.
   */
  explainMember(name: string): MemberExplanation | undefined {
    return explainMember(this.#c, name);
  }

  /** Number of alive and suspect members, self included. */
  numMembers(): number {
    return this.#c.table?.liveCount ?? 0;
  }

  /** Membership broadcasts waiting to be gossiped. */
  get gossipQueueDepth(): number {
    return this.#c.gossipQueue.size;
  }

  /** Application (user) broadcasts still being retransmitted (memberlist's `GetBroadcasts` queue). */
  get userQueueDepth(): number {
    return this.#c.userQueue.size;
  }

  /**
   * Drop every pending membership broadcast. For simulators that bootstrap a large cluster to a
   * converged state and want to measure from a quiet one: a mass join queues N² re-broadcasts (as
   * memberlist does), which take many gossip rounds to drain. Not needed in production.
   */
  discardPendingGossip(): void {
    this.#c.gossipQueue.reset();
  }

  /**
   * Subscribe to an event. Handlers run after the state change is committed, in order, never
   * re-entrantly: calling any method of the node from a handler is safe.
   *
   * @param type - `join`, `leave`, `update`, `suspect`, `alive` or `message`.
   * @param handler - receives a {@link Member} (or a {@link UserMessage} for `message`).
   */
  on<K extends keyof SwimEventMap>(type: K, handler: SwimEventMap[K]): this {
    this.#c.events.on(type, handler);
    return this;
  }

  /**
   * Remove a handler.
   *
   * @param type - event name.
   * @param handler - the function given to {@link SwimNode.on}.
   */
  off<K extends keyof SwimEventMap>(type: K, handler: SwimEventMap[K]): this {
    this.#c.events.off(type, handler);
    return this;
  }

  /**
   * Membership changes as an async iterator: the current members first (as `join` events), then
   * every change, until `signal` aborts or the node shuts down. The members are read when
   * iteration begins (the first `next()`), so nothing that happens in between is missed.
   *
   * @param options - `signal` ends the iteration.
   */
  events(options: { signal?: AbortSignal } = {}): AsyncGenerator<MemberEvent, void, undefined> {
    return this.#c.events.subscribe(() => this.members(), options.signal);
  }

  /**
   * Bind the transport and start probing, gossip and push/pull. Idempotent: concurrent calls share
   * one start; after a failed start (the node is `idle` again) it may be retried.
   *
   * @throws SwimError `ERR_SHUTDOWN` after shutdown, or when {@link SwimNode.shutdown} was called
   *   while starting; transport errors (`ERR_BIND`) pass through.
   */
  async start(): Promise<void> {
    if (this.#c.state === 'shutdown') throw new SwimError('ERR_SHUTDOWN', 'node was shut down');
    if (this.#starting === undefined) {
      const starting = this.#start();
      this.#starting = starting;
      // Forget a failed start so that it can be retried; the caller sees the rejection.
      starting.catch(() => {
        if (this.#starting === starting) this.#starting = undefined;
      });
    }
    await this.#starting;
  }

  async #start(): Promise<void> {
    this.#c.state = 'starting';
    this.#c.serveInbound = (entry) => serveInbound(this.#c, entry);
    try {
      await this.#c.transport.start({
        onPacket: (p) => onPacket(this.#c, p),
        onStream: (s) => onStream(this.#c, s),
      });
      if (this.state === 'shutdown')
        throw new SwimError('ERR_SHUTDOWN', 'node was shut down while starting');
      this.#c.localAddress = this.#c.transport.localAddress();
      this.#c.localWire = addressToWire(this.#c.localAddress);
    } catch (error) {
      if (this.state === 'starting') this.#c.state = 'idle';
      throw error;
    }
    const now = this.#c.clock.now();
    this.#c.table = new MemberTable(
      {
        name: this.#c.name,
        address: this.#c.localAddress,
        meta: this.#initialMeta,
        incarnation: 1,
        vsn: this.#c.vsn,
      },
      now,
      this.#c.options.maxIncarnationJump,
    );
    this.#c.state = 'running';
    enqueueAlive(this.#c, this.#c.table.local);
    this.#c.events.queue('join', this.#c.table.snapshot(this.#c.table.local));
    this.#c.events.drain();
    const o = this.#c.options;
    schedule(this.#c, () => probeTick(this.#c), this.#c.random.int(o.probeIntervalMs) + 1);
    schedule(this.#c, () => gossipTick(this.#c), this.#c.random.int(o.gossipIntervalMs) + 1);
    schedule(this.#c, () => pushPullTick(this.#c), this.#c.random.int(o.pushPullIntervalMs) + 1);
    if (o.reconnectIntervalMs > 0)
      schedule(
        this.#c,
        () => reconnectTick(this.#c),
        this.#c.random.int(o.reconnectIntervalMs) + 1,
      );
    updateGauges(this.#c);
  }

  /**
   * Join a cluster through seeds: `host:port`, `[v6]:port` or DNS names (a bounded random subset
   * of their addresses). Each contacted seed exchanges full state with us (push/pull).
   *
   * @param seeds - seed addresses.
   * @returns how many seeds were contacted successfully.
   * @throws SwimError `ERR_JOIN_FAILED` when none answered (the causes are in `cause`),
   *   `ERR_NAME_CONFLICT` when an alive member already holds this node's name at another address,
   *   `ERR_INVALID_ADDRESS` for a malformed seed, `ERR_NOT_STARTED` before start.
   */
  async join(seeds: readonly string[]): Promise<number> {
    this.#requireRunning();
    const port = this.#c.localWire.port || DEFAULT_PORT;
    const { addresses, failures } = await resolveSeeds(seeds, {
      resolver: this.#c.resolver,
      random: this.#c.random,
      maxPerName: this.#c.options.joinMaxAddresses,
      defaultPort: port,
    });
    for (const a of addresses)
      if (!this.#c.seedAddresses.includes(a)) this.#c.seedAddresses.push(a);
    const targets = addresses.filter((a) => a !== this.#c.localAddress);
    const errors: unknown[] = failures.map((f) => f.error);
    const results = await Promise.allSettled(targets.map((a) => pushPull(this.#c, a, true)));
    let ok = 0;
    for (const r of results) {
      if (r.status === 'fulfilled') ok++;
      else if (r.reason instanceof SwimError && r.reason.code === 'ERR_NAME_CONFLICT')
        throw r.reason;
      else errors.push(r.reason);
    }
    if (ok === 0) {
      throw new SwimError(
        'ERR_JOIN_FAILED',
        `could not join any of ${seeds.length} seed(s): ${errors.map(String).join('; ')}`,
        { cause: errors },
      );
    }
    return ok;
  }

  /**
   * Replace this node's metadata and gossip it (an `update` event everywhere).
   *
   * @param meta - new metadata, ≤ 512 bytes.
   * @throws SwimError `ERR_META_TOO_LARGE`, `ERR_NOT_STARTED`, `ERR_SHUTDOWN`, `ERR_LEFT` after
   *   {@link SwimNode.leave} (a new alive would bring the node back into its peers' views).
   */
  async updateMeta(meta: Uint8Array): Promise<void> {
    checkMeta(meta);
    const t = this.#requireRunning();
    if (this.#c.state === 'leaving' || this.#c.state === 'left')
      throw new SwimError('ERR_LEFT', 'node has left the cluster');
    t.updateLocalMeta(meta.slice());
    enqueueAlive(this.#c, t.local);
    this.#c.events.queue('update', t.snapshot(t.local));
    this.#c.events.drain();
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
    await sendBestEffort(this.#c, this.#requireRunning(), name, payload);
  }

  /**
   * Send a best-effort (UDP) user message to an address, member or not (memberlist
   * `SendToAddress`; `@ring/serf` answers queries this way).
   *
   * @param address - `host:port` or `[v6]:port`.
   * @param payload - bytes; delivered to the peer's `message` handlers.
   * @throws SwimError `ERR_NOT_STARTED`, `ERR_SHUTDOWN`, `ERR_SEND`.
   */
  async sendToAddress(address: string, payload: Uint8Array): Promise<void> {
    this.#requireRunning();
    await sendToAddress(this.#c, address, payload);
  }

  /**
   * Send a reliable (stream) user message to a member.
   *
   * @param name - the member.
   * @param payload - bytes.
   * @throws SwimError `ERR_UNKNOWN_MEMBER`, `ERR_NOT_STARTED`, `ERR_SEND`.
   */
  async sendReliable(name: string, payload: Uint8Array): Promise<void> {
    await sendReliable(this.#c, this.#requireRunning(), name, payload);
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
    queueUserBroadcast(this.#c, message, onDone);
  }

  /**
   * Leave gracefully: gossip our departure and wait until it was transmitted its full retransmit
   * count, or `timeoutMs` passed. Probing and gossip keep running until {@link SwimNode.shutdown}.
   *
   * @param timeoutMs - most time to wait for the broadcast.
   * @throws SwimError `ERR_NOT_STARTED` before start, `ERR_SHUTDOWN` after shutdown.
   */
  async leave(timeoutMs: number): Promise<void> {
    const t = this.#requireRunning();
    if (this.#c.state === 'left' || this.#c.state === 'leaving') return;
    if (this.#c.state !== 'running')
      throw new SwimError('ERR_NOT_STARTED', `cannot leave in state ${this.#c.state}`);
    this.#c.state = 'leaving';
    t.markLeaving();
    const d: Accusation = {
      name: this.#c.name,
      incarnation: t.local.incarnation,
      from: this.#c.name,
    };
    const anyAlive = t.liveCount > 1;
    let resolveSent: () => void = () => undefined;
    const sent = new Promise<void>((resolve) => {
      resolveSent = resolve;
    });
    const out = t.applyDead(d, this.#c.clock.now());
    if (out.kind === 'applied') {
      recordHistory(this.#c, out.record, 'left', { from: d.from, via: 'local' });
      this.#c.gossipQueue.enqueue({
        message: deadMessage(d),
        name: d.name,
        onDone: () => resolveSent(),
      });
      // Send the first round now rather than at the next gossip tick (memberlist waits for it).
      gossipOnce(this.#c);
    }
    if (anyAlive) {
      let timer: TimerHandle | undefined;
      await Promise.race([
        sent,
        new Promise<void>((resolve) => {
          timer = this.#c.clock.setTimeout(resolve, timeoutMs);
        }),
      ]);
      timer?.cancel();
    }
    if (this.#c.state === 'leaving') this.#c.state = 'left';
  }

  /** Stop everything: timers, pending probes, streams, the transport. Idempotent. */
  async shutdown(): Promise<void> {
    if (this.#c.state === 'shutdown') return;
    this.#c.state = 'shutdown';
    for (const t of this.#c.timers) t.cancel();
    this.#c.timers.clear();
    for (const t of this.#c.suspicionTimers.values()) t.cancel();
    this.#c.suspicionTimers.clear();
    for (const w of this.#c.acks.values()) w.timer.cancel();
    this.#c.acks.clear();
    for (const s of this.#c.streams) s.close();
    this.#c.streams.clear();
    this.#c.gossipQueue.reset();
    this.#c.userQueue.reset();
    this.#c.events.close();
    await this.#c.transport.close();
  }

  // ---------------------------------------------------------------- helpers

  #requireTable(): MemberTable {
    if (this.#c.table === undefined) throw new SwimError('ERR_NOT_STARTED', 'node not started');
    return this.#c.table;
  }

  #requireRunning(): MemberTable {
    const t = this.#requireTable();
    if (this.#c.state === 'shutdown') throw new SwimError('ERR_SHUTDOWN', 'node was shut down');
    return t;
  }

  /**
   * Attach the receiver of enveloped application broadcasts (one per node; used by
   * `createBroadcastChannel`).
   *
   * @param sink - called with the enveloped payload and the sender's address.
   */
  setBroadcastSink(sink: ((payload: Uint8Array, from: string) => void) | undefined): void {
    this.#c.userBroadcastSink = sink;
  }
}

function checkMeta(meta: Uint8Array): Uint8Array {
  if (!(meta instanceof Uint8Array))
    throw new SwimError('ERR_INVALID_OPTION', 'meta must be a Uint8Array');
  if (meta.length > META_MAX_SIZE)
    throw new SwimError(
      'ERR_META_TOO_LARGE',
      `node meta is ${meta.length} bytes, the limit is ${META_MAX_SIZE}`,
    );
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
