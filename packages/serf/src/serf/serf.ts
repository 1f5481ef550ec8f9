/**
 * The Serf member: owns a swim node (memberlist layer) and Serf's parts on top of it — the
 * membership (member clock and table), user events, queries and timers — and wires swim's hooks
 * (node meta = tags, push/pull user state, user messages and broadcasts) to them.
 */
import { swimInternals } from '@ring/swim/internal';
import type { Clock } from '@ring/base';
import { noopLogger, noopMetrics } from '@ring/swim';
import type { Logger, Metrics, SwimNode } from '@ring/swim';
import { SerfError } from '../errors.js';
import { SerfEventHub } from '../events/events.js';
import type { SerfEvent, SerfEventMap } from '../events/events.js';
import type { SerfUserEvents } from '../events/user-events.js';
import type { SerfMember } from '../members/member.js';
import type { SerfMembership } from '../members/membership.js';
import { resolveSerfOptions } from '../options.js';
import type { ResolvedSerfOptions } from '../options.js';
import type { SerfQueries } from '../queries/queries.js';
import type { SerfQueryHandler, SerfQueryOptions } from '../queries/queries.js';
import type { SerfQueryResult } from '../queries/query-result.js';
import { encodeSerfTags } from '../wire/tags.js';
import type { SerfConfig, SerfState } from './config.js';
import { SerfInbound, decodeErrorReporter } from './inbound.js';
import { createSerfParts } from './parts.js';
import { createSerfSwimNode } from './swim-node.js';
import { SerfTimers } from './timers.js';

/** A member of a Serf cluster. Create with {@link createSerf}. */
export class Serf {
  readonly #cfg: SerfConfig;
  readonly #o: ResolvedSerfOptions;
  readonly #clock: Clock;
  readonly #logger: Logger;
  readonly #metrics: Metrics;
  readonly #node: SwimNode;
  readonly #hub: SerfEventHub;
  readonly #timers: SerfTimers;
  readonly #membership: SerfMembership;
  readonly #userEvents: SerfUserEvents;
  readonly #queries: SerfQueries;
  readonly #inbound: SerfInbound;
  #tags: Readonly<Record<string, string>>;
  #state: SerfState = 'idle';

  constructor(cfg: SerfConfig) {
    this.#cfg = cfg;
    this.#o = resolveSerfOptions(cfg.options);
    this.#clock = cfg.clock ?? cfg.transport.clock;
    this.#logger = cfg.logger ?? noopLogger;
    this.#metrics = cfg.metrics ?? noopMetrics;
    this.#tags = Object.freeze({ ...(cfg.tags ?? {}) });
    this.#hub = new SerfEventHub((err, type) =>
      this.#logger.error({ err, event: type }, 'serf event handler threw'),
    );
    this.#timers = new SerfTimers(this.#clock, this.#logger, () => this.#state === 'shutdown');
    const decodeError = decodeErrorReporter(this.#metrics, this.#logger);
    const parts = createSerfParts({
      cfg,
      options: this.#o,
      clock: this.#clock,
      logger: this.#logger,
      metrics: this.#metrics,
      hub: this.#hub,
      timers: this.#timers,
      node: () => this.#node,
      tags: () => this.#tags,
      stopped: () => this.#state === 'shutdown',
      decodeError,
    });
    this.#membership = parts.membership;
    this.#userEvents = parts.userEvents;
    this.#queries = parts.queries;
    this.#inbound = new SerfInbound({
      parts,
      hub: this.#hub,
      timers: this.#timers,
      clock: this.#clock,
      options: this.#o,
      metrics: this.#metrics,
      logger: this.#logger,
      decodeError,
      node: () => this.#node,
      state: () => this.#state,
    });
    this.#node = createSerfSwimNode(
      cfg,
      this.#o,
      encodeSerfTags(this.#tags),
      this.#inbound.delegate(),
    );
    this.#inbound.attach(this.#node);
  }

  /** This node's name. */
  get name(): string {
    return this.#cfg.name;
  }

  /** Lifecycle state. */
  get state(): SerfState {
    return this.#state;
  }

  /** The underlying swim node (memberlist layer), for address, health and metrics. */
  get swim(): SwimNode {
    return this.#node;
  }

  /** The resolved options. */
  get options(): ResolvedSerfOptions {
    return this.#o;
  }

  /** Current values of the member, event and query Lamport clocks. */
  get clocks(): { readonly member: number; readonly event: number; readonly query: number } {
    return {
      member: this.#membership.clock.time(),
      event: this.#userEvents.clock.time(),
      query: this.#queries.clock.time(),
    };
  }

  /** This node's tags. */
  get tags(): Readonly<Record<string, string>> {
    return this.#tags;
  }

  /**
   * Start the swim node and the reaper. Idempotent.
   *
   * @throws SerfError `ERR_SHUTDOWN` after shutdown; transport errors from binding.
   */
  async start(): Promise<void> {
    if (this.#state === 'shutdown') throw new SerfError('ERR_SHUTDOWN', 'serf was shut down');
    if (this.#state !== 'idle') return;
    await this.#node.start();
    this.#state = 'alive';
    this.#membership.table.nodeJoined(this.#membership.info(this.#node.localMember));
    this.#inbound.flush();
    this.#inbound.startReaper();
  }

  /**
   * Join a cluster through seed addresses, then gossip our join intent (Serf `Join`).
   *
   * @param seeds - `host:port` addresses of members.
   * @param options - `ignoreOld`: do not replay user events older than the join.
   * @returns how many seeds answered.
   * @throws SerfError `ERR_NOT_STARTED`, `ERR_LEFT`; SwimError `ERR_JOIN_FAILED` (no seed
   *   answered; the causes are in `cause`) or `ERR_NAME_CONFLICT` (our name is held elsewhere).
   */
  async join(seeds: readonly string[], options: { ignoreOld?: boolean } = {}): Promise<number> {
    this.#requireAlive();
    if (options.ignoreOld === true) this.#userEvents.ignoreOldOnJoin = true;
    let n: number;
    try {
      n = await this.#node.join(seeds);
    } finally {
      this.#userEvents.ignoreOldOnJoin = false;
    }
    if (n > 0) this.#membership.broadcastJoin(this.#membership.clock.time());
    return n;
  }

  /** Every known member (alive, leaving, left, failed), self included. */
  members(): SerfMember[] {
    return this.#membership.table.members();
  }

  /** One member by name. */
  member(name: string): SerfMember | undefined {
    return this.#membership.table.get(name);
  }

  /** Add an event listener. */
  on<K extends keyof SerfEventMap>(type: K, handler: SerfEventMap[K]): this {
    this.#hub.on(type, handler);
    return this;
  }

  /** Remove an event listener. */
  off<K extends keyof SerfEventMap>(type: K, handler: SerfEventMap[K]): this {
    this.#hub.off(type, handler);
    return this;
  }

  /**
   * Every event as an async iterator: the current members as `member-join` first, then every
   * event until `signal` aborts or the member shuts down.
   */
  events(options: { signal?: AbortSignal } = {}): AsyncGenerator<SerfEvent, void, undefined> {
    const initial: SerfEvent[] = this.#membership.table
      .members()
      .filter((m) => m.status === 'alive' || m.status === 'leaving')
      .map((member) => ({ type: 'member-join', member }));
    return this.#hub.subscribe(initial, options.signal);
  }

  /**
   * Answer incoming (non-internal) queries: a handler returning bytes responds with them.
   *
   * @returns a function that removes the handler.
   */
  onQuery(handler: SerfQueryHandler): () => void {
    return this.#queries.onQuery(handler);
  }

  /**
   * Gossip a user event to every member (Serf `UserEvent`).
   *
   * @param name - event name.
   * @param payload - event payload.
   * @param options - `coalesce`: receivers may coalesce events of this name. @default true
   * @throws SerfError `ERR_TOO_LARGE` over `userEventSizeLimit`, `ERR_NOT_STARTED`, `ERR_LEFT`.
   */
  async userEvent(
    name: string,
    payload: Uint8Array,
    options: { coalesce?: boolean } = {},
  ): Promise<void> {
    this.#requireAlive();
    const raw = this.#userEvents.create(name, payload, options.coalesce ?? true);
    swimInternals(this.#node).queueUserBroadcast(raw);
    this.#hub.drain();
    await Promise.resolve();
  }

  /**
   * Send a query to the cluster (Serf `Query`). Responses arrive on the result's `responses()`
   * until the timeout.
   *
   * @throws SerfError `ERR_UNSUPPORTED` below protocol 4, `ERR_TOO_LARGE` over
   *   `querySizeLimit`, `ERR_INVALID_OPTION` for a bad relay factor, `ERR_NOT_STARTED`, `ERR_LEFT`.
   */
  async query(
    name: string,
    payload: Uint8Array,
    options: SerfQueryOptions = {},
  ): Promise<SerfQueryResult> {
    this.#requireAlive();
    const { result, raw } = this.#queries.create(name, payload, options, () =>
      this.defaultQueryTimeoutMs(),
    );
    swimInternals(this.#node).queueUserBroadcast(raw);
    this.#hub.drain();
    await Promise.resolve();
    return result;
  }

  /** Serf's default query timeout for the current cluster size (ms). */
  defaultQueryTimeoutMs(): number {
    const n = this.#node.numMembers();
    return (
      this.#node.options.gossipIntervalMs * this.#o.queryTimeoutMult * Math.ceil(Math.log10(n + 1))
    );
  }

  /**
   * Replace this node's tags and gossip them (a `member-update` everywhere).
   *
   * @throws SerfError `ERR_TOO_LARGE` beyond 512 bytes encoded, `ERR_INVALID_OPTION`, `ERR_NOT_STARTED`, `ERR_LEFT`.
   */
  async setTags(tags: Readonly<Record<string, string>>): Promise<void> {
    this.#requireAlive();
    const meta = encodeSerfTags(tags);
    this.#tags = Object.freeze({ ...tags });
    await this.#node.updateMeta(meta);
  }

  /**
   * Leave gracefully (Serf `Leave`): gossip a leave intent and wait for it to be sent (at most
   * `broadcastTimeoutMs`), leave the memberlist layer, then wait `leavePropagateDelayMs`.
   * Others see this node `leaving`, then `left`. Idempotent once left.
   *
   * @throws SerfError `ERR_NOT_STARTED` before start, `ERR_SHUTDOWN` after shutdown.
   */
  async leave(): Promise<void> {
    if (this.#state === 'left' || this.#state === 'leaving') return;
    if (this.#state === 'shutdown') throw new SerfError('ERR_SHUTDOWN', 'serf was shut down');
    if (this.#state === 'idle') throw new SerfError('ERR_NOT_STARTED', 'serf not started');
    this.#state = 'leaving';
    const intent = this.#membership.leaveSelf();
    this.#inbound.flush();
    if (this.#membership.table.hasAliveMembers()) {
      let done: () => void = () => undefined;
      const sent = new Promise<void>((resolve) => (done = resolve));
      swimInternals(this.#node).queueUserBroadcast(intent, () => done());
      await Promise.race([sent, this.#timers.sleep(this.#o.broadcastTimeoutMs)]);
    }
    await this.#node.leave(this.#o.broadcastTimeoutMs);
    await this.#timers.sleep(this.#o.leavePropagateDelayMs);
    if ((this.#state as SerfState) !== 'shutdown') this.#state = 'left';
  }

  /** Stop everything (without leaving: others will see this node fail). Idempotent. */
  async shutdown(): Promise<void> {
    if (this.#state === 'shutdown') return;
    this.#state = 'shutdown';
    this.#timers.cancelAll();
    this.#queries.closeAll();
    this.#hub.close();
    await this.#node.shutdown();
  }

  #requireAlive(): void {
    if (this.#state === 'idle') throw new SerfError('ERR_NOT_STARTED', 'serf not started');
    if (this.#state === 'shutdown') throw new SerfError('ERR_SHUTDOWN', 'serf was shut down');
    if (this.#state !== 'alive') throw new SerfError('ERR_LEFT', 'serf has left the cluster');
  }
}

/**
 * Create a Serf member. Nothing happens on the network until {@link Serf.start}.
 *
 * @throws SerfError `ERR_INVALID_OPTION`, `ERR_TOO_LARGE` (tags over 512 bytes).
 */
export function createSerf(config: SerfConfig): Serf {
  return new Serf(config);
}
