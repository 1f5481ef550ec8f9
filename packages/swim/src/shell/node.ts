import { META_MAX_SIZE } from '../config/constants.js';
import { SwimError } from '../errors.js';
import type { MemberEvent, SwimEventMap } from '../observe/events.js';
import type { Member } from '../core/membership/member.js';
import type { MemberTable } from '../core/membership/member-table.js';
import { splitNodeConfig } from '../config/node-config.js';
import type { SwimComponents, SwimNodeConfig, SwimNodeInit } from '../config/node-config.js';
import { resolveOptions } from '../config/options.js';
import type { ResolvedSwimOptions } from '../config/options.js';
import { fitPacketBudget } from '../config/packet-budget.js';
import { explainMember } from '../observe/explain-member.js';
import type { MemberExplanation } from '../observe/explain-member.js';
import { MAX_HISTORY_SIZE } from '../observe/member-history.js';
import { createNodeEnv } from './node-env.js';
import type { NodeEnv } from './node-env.js';
import { createInternals } from './node-internals.js';
import type { SwimInternals } from './node-internals.js';
import { EMPTY } from './run-context.js';
import type { SwimNodeState } from './run-context.js';
import { RunningState } from './running-state.js';
import { sendBestEffort, sendReliable, sendToAddress } from './user-messages.js';

export type { SwimNodeState } from './run-context.js';

/** The plumbing of every node, for {@link swimInternals}. */
const internals = new WeakMap<SwimNode, SwimInternals>();

/**
 * A SWIM + Lifeguard cluster member speaking hashicorp/memberlist's protocol. Create it with
 * {@link createSwimNode}.
 */
export class SwimNode {
  readonly #env: NodeEnv;
  readonly #initialMeta: Uint8Array;
  /** The lifecycle before start and after a shutdown that came before it. */
  #phase: 'idle' | 'starting' | 'shutdown' = 'idle';
  /** Created by {@link SwimNode.start} once the transport is bound. */
  #running: RunningState | undefined;
  #starting: Promise<void> | undefined;

  /**
   * @param init - name, metadata, preset, options and wire set-up.
   * @param components - transport and injected services.
   * @throws SwimError `ERR_INVALID_OPTION` for bad options, `ERR_META_TOO_LARGE` for meta > 512 bytes.
   */
  constructor(init: SwimNodeInit, components: SwimComponents) {
    if (typeof init.name !== 'string' || init.name.length === 0)
      throw new SwimError('ERR_INVALID_OPTION', 'name must be a non-empty string');
    if (components.transport === undefined)
      throw new SwimError('ERR_INVALID_OPTION', 'transport is required');
    const options = fitPacketBudget(
      resolveOptions(init.preset ?? 'lan', init.options ?? {}),
      components.transport.maxPacketSize,
    );
    const historySize = init.historySize;
    if (
      historySize !== undefined &&
      (!Number.isInteger(historySize) || historySize < 0 || historySize > MAX_HISTORY_SIZE)
    )
      throw new SwimError(
        'ERR_INVALID_OPTION',
        `historySize must be an integer in [0, ${MAX_HISTORY_SIZE}], got ${String(historySize)}`,
      );
    this.#initialMeta = checkMeta(init.meta ?? EMPTY);
    // The broadcast queues size their retransmit limit by the member table, which exists from start on.
    this.#env = createNodeEnv(init, components, options, () => this.#running?.table.size ?? 1);
    internals.set(this, createInternals(this.#env));
  }

  /** This node's name. */
  get name(): string {
    return this.#env.name;
  }

  /** The resolved options (preset + overrides). */
  get options(): ResolvedSwimOptions {
    return this.#env.options;
  }

  /** Current lifecycle state. */
  get state(): SwimNodeState {
    return this.#running?.phase ?? this.#phase;
  }

  /** Lifeguard's local health score: 0 is healthy, up to `awarenessMaxMultiplier - 1`. */
  get healthScore(): number {
    return this.#env.awareness.score;
  }

  /**
   * This node as a member.
   * @throws SwimError `ERR_NOT_STARTED` before {@link SwimNode.start}.
   */
  get localMember(): Member {
    const t = this.#requireRunning(false).table;
    return t.snapshot(t.local);
  }

  /** The transport's advertised address (after start). */
  get address(): string {
    return this.#running?.localAddress ?? '';
  }

  /** Alive and suspect members, self included. Empty before start. */
  members(): Member[] {
    const t = this.#running?.table;
    if (t === undefined) return [];
    const out: Member[] = [];
    for (const rec of t.records())
      if (rec.state === 'alive' || rec.state === 'suspect') out.push(t.snapshot(rec));
    return out;
  }

  /** Every known member in any state (dead and left until forgotten), self included. */
  allMembers(): Member[] {
    const t = this.#running?.table;
    if (t === undefined) return [];
    return [...t.records()].map((r) => t.snapshot(r));
  }

  /**
   * A member by name, in any state, or undefined.
   *
   * @param name - node name.
   */
  member(name: string): Member | undefined {
    const t = this.#running?.table;
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
    const run = this.#running;
    return run === undefined ? undefined : explainMember(this.#env, run.table, name);
  }

  /** Number of alive and suspect members, self included. */
  numMembers(): number {
    return this.#running?.table.liveCount ?? 0;
  }

  /** Application (user) broadcasts still being retransmitted (memberlist's `GetBroadcasts` queue). */
  get userQueueDepth(): number {
    return this.#env.userQueue.size;
  }

  /**
   * Subscribe to an event. Handlers run after the state change is committed, in order, never
   * re-entrantly: calling any method of the node from a handler is safe.
   *
   * @param type - `join`, `leave`, `update`, `suspect`, `alive` or `message`.
   * @param handler - receives a {@link Member} (or a {@link UserMessage} for `message`).
   */
  on<K extends keyof SwimEventMap>(type: K, handler: SwimEventMap[K]): this {
    this.#env.events.on(type, handler);
    return this;
  }

  /**
   * Remove a handler.
   *
   * @param type - event name.
   * @param handler - the function given to {@link SwimNode.on}.
   */
  off<K extends keyof SwimEventMap>(type: K, handler: SwimEventMap[K]): this {
    this.#env.events.off(type, handler);
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
    return this.#env.events.subscribe(() => this.members(), options.signal);
  }

  /**
   * Bind the transport and start probing, gossip and push/pull. Idempotent: concurrent calls share
   * one start; after a failed start (the node is `idle` again) it may be retried.
   *
   * @throws SwimError `ERR_SHUTDOWN` after shutdown, or when {@link SwimNode.shutdown} was called
   *   while starting; transport errors (`ERR_BIND`) pass through.
   */
  async start(): Promise<void> {
    if (this.state === 'shutdown') throw new SwimError('ERR_SHUTDOWN', 'node was shut down');
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
    this.#phase = 'starting';
    const env = this.#env;
    let running: RunningState;
    try {
      await env.transport.start({
        onPacket: (p) => this.#running?.packets.onPacket(p),
        onStream: (s) => {
          if (this.#running === undefined) s.close();
          else this.#running.streams.onStream(s);
        },
      });
      // shutdown() may have run while the transport was starting.
      if ((this.#phase as SwimNodeState) === 'shutdown')
        throw new SwimError('ERR_SHUTDOWN', 'node was shut down while starting');
      running = new RunningState(env, env.transport.localAddress(), this.#initialMeta);
    } catch (error) {
      if (this.#phase === 'starting') this.#phase = 'idle';
      throw error;
    }
    this.#running = running;
    running.begin();
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
    return this.#requireRunning().join(seeds);
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
    const run = this.#requireRunning();
    if (run.phase === 'leaving' || run.phase === 'left')
      throw new SwimError('ERR_LEFT', 'node has left the cluster');
    const t = run.table;
    t.updateLocalMeta(meta.slice());
    run.claims.enqueueAlive(t.local);
    this.#env.events.queue('update', t.snapshot(t.local));
    this.#env.events.drain();
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
    await sendBestEffort(this.#env, this.#requireTable(), name, payload);
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
    await sendToAddress(this.#env, address, payload);
  }

  /**
   * Send a reliable (stream) user message to a member.
   *
   * @param name - the member.
   * @param payload - bytes.
   * @throws SwimError `ERR_UNKNOWN_MEMBER`, `ERR_NOT_STARTED`, `ERR_SEND`.
   */
  async sendReliable(name: string, payload: Uint8Array): Promise<void> {
    await sendReliable(this.#env, this.#requireTable(), name, payload);
  }

  /**
   * Leave gracefully: gossip our departure and wait until it was transmitted its full retransmit
   * count, or `timeoutMs` passed. Probing and gossip keep running until {@link SwimNode.shutdown}.
   *
   * @param timeoutMs - most time to wait for the broadcast.
   * @throws SwimError `ERR_NOT_STARTED` before start, `ERR_SHUTDOWN` after shutdown.
   */
  async leave(timeoutMs: number): Promise<void> {
    const run = this.#requireRunning();
    if (run.phase === 'left' || run.phase === 'leaving') return;
    if (run.phase !== 'running')
      throw new SwimError('ERR_NOT_STARTED', `cannot leave in state ${run.phase}`);
    await run.leave(timeoutMs);
  }

  /** Stop everything: timers, pending probes, streams, the transport. Idempotent. */
  async shutdown(): Promise<void> {
    if (this.state === 'shutdown') return;
    if (this.#running !== undefined) this.#running.stop();
    else this.#phase = 'shutdown';
    const env = this.#env;
    env.gossipQueue.reset();
    env.userQueue.reset();
    env.events.close();
    await env.transport.close();
  }

  /**
   * The running state.
   * @param live - also refuse a node that was shut down.
   * @throws SwimError `ERR_NOT_STARTED` before start, `ERR_SHUTDOWN` after shutdown (when `live`).
   */
  #requireRunning(live = true): RunningState {
    const run = this.#running;
    if (run === undefined) throw new SwimError('ERR_NOT_STARTED', 'node not started');
    if (live && run.phase === 'shutdown') throw new SwimError('ERR_SHUTDOWN', 'node was shut down');
    return run;
  }

  #requireTable(): MemberTable {
    return this.#requireRunning().table;
  }
}

/**
 * The plumbing of a node (for Ring's own packages, through `@ring/swim/internal`).
 *
 * @param node - a swim node.
 */
export function swimInternals(node: SwimNode): SwimInternals {
  return internals.get(node)!;
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
 * @param config - name, transport, preset, options and components in one object (see
 *   {@link SwimNodeInit} and {@link SwimComponents} for the two halves `new SwimNode` takes).
 * @throws SwimError `ERR_INVALID_OPTION` for bad options, `ERR_META_TOO_LARGE` for meta > 512 bytes.
 */
export function createSwimNode(config: SwimNodeConfig): SwimNode {
  const { init, components } = splitNodeConfig(config);
  return new SwimNode(init, components);
}
