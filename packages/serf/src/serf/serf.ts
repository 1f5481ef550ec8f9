/**
 * The Serf member: owns a swim node (memberlist layer) and Serf's state on top of it — three
 * Lamport clocks, the member table, recent events and queries, pending query results — and wires
 * swim's hooks (node meta = tags, push/pull user state, user messages and broadcasts) to them.
 */
import { systemRandom } from '@ring/transport';
import type { Clock, Random, TimerHandle, Transport } from '@ring/transport';
import { createSwimNode, noopLogger, noopMetrics } from '@ring/swim';
import type { Logger, Member, Metrics, SwimNode, SwimOptions, SwimPreset } from '@ring/swim';
import type { Keyring } from '@ring/swim/wire';
import { SerfError } from '../errors.js';
import { SerfEventHub } from '../events/events.js';
import type { SerfEvent, SerfEventMap, SerfIncomingQuery, SerfUserEvent } from '../events/events.js';
import { addressToIp, ipToAddress } from '../wire/ip-bytes.js';
import { LamportClock } from '../members/lamport-clock.js';
import type { SerfMember } from '../members/member.js';
import { SerfMemberTable } from '../members/member-table.js';
import type { NodeInfo } from '../members/member-table.js';
import {
  QUERY_FLAG_ACK,
  QUERY_FLAG_NO_BROADCAST,
  SerfMessageType,
  decodeSerfMessage,
  encodeJoin,
  encodeLeave,
  encodePushPull,
  encodeQuery,
  encodeQueryResponse,
  encodeRelayedResponse,
  encodeUserEvent,
} from '../wire/messages.js';
import { encodeConflictResponse } from '../queries/conflict-response.js';
import type {
  BufferedEvent,
  PushPullState,
  QueryMessage,
  QueryResponseMessage,
  UserEventMessage,
} from '../wire/messages.js';
import {
  INTERNAL_QUERY_PREFIX,
  SERF_PROTOCOL_MAX,
  SERF_PROTOCOL_MIN,
  USER_EVENT_SIZE_HARD_LIMIT,
  resolveSerfOptions,
} from '../options.js';
import type { ResolvedSerfOptions, SerfOptions } from '../options.js';
import { encodeNodeFilter, encodeTagFilter, shouldProcessQuery } from '../queries/query-filter.js';
import { SerfQueryResult } from '../queries/query-result.js';
import { KEY_QUERIES, answerKeyQuery } from '../queries/key-queries.js';
import { RecentBuffer } from '../events/recent-buffer.js';
import { UserEventCoalescer } from '../events/user-coalescer.js';
import { decodeSerfTags, encodeSerfTags } from '../wire/tags.js';

/** Lifecycle of a Serf member (Serf `SerfState`, plus `idle` before start). */
export type SerfState = 'idle' | 'alive' | 'leaving' | 'left' | 'shutdown';

/** Everything {@link createSerf} accepts. */
export interface SerfConfig {
  /** Unique node name. */
  readonly name: string;
  /** The network (UDP + TCP on one port for Go interop). */
  readonly transport: Transport;
  /** Tags, carried in node meta (≤ 512 bytes encoded). @default {} */
  readonly tags?: Readonly<Record<string, string>>;
  /** Serf tunables (Serf's defaults). */
  readonly options?: SerfOptions;
  /** memberlist timing preset. @default 'lan' */
  readonly preset?: SwimPreset;
  /** Overrides of swim options (the delegate version window is set by Serf). */
  readonly swimOptions?: SwimOptions;
  /** Encryption keyring (`-encrypt` clusters). */
  readonly keyring?: Keyring;
  /** memberlist cluster label (memberlist v0.3.0+; the Debian agent has none). */
  readonly label?: string;
  /** @default the transport's clock */
  readonly clock?: Clock;
  /** @default systemRandom */
  readonly random?: Random;
  /** @default no-op */
  readonly logger?: Logger;
  /** `ring_serf_*` counters, plus swim's. @default no-op */
  readonly metrics?: Metrics;
}

/** Options of {@link Serf.query}. */
export interface SerfQueryOptions {
  /** Only these nodes answer. */
  readonly filterNodes?: readonly string[];
  /** Only nodes whose tag values match these regular expressions answer. */
  readonly filterTags?: Readonly<Record<string, string>>;
  /** Ask every receiver for an ack. @default false */
  readonly requestAck?: boolean;
  /** Extra members each responder relays its answer through (Serf ≥ 5). @default 0 */
  readonly relayFactor?: number;
  /** @default gossip interval × queryTimeoutMult × ceil(log10(n + 1)) */
  readonly timeoutMs?: number;
}

/** An answer for {@link Serf.onQuery}: bytes to respond with, or nothing. */
export type SerfQueryHandler = (
  query: SerfIncomingQuery,
) => Uint8Array | undefined | Promise<Uint8Array | undefined>;

const EMPTY = new Uint8Array(0);

function eventsEqual(a: BufferedEvent, b: BufferedEvent): boolean {
  if (a.name !== b.name || a.payload.length !== b.payload.length) return false;
  for (let i = 0; i < a.payload.length; i++) if (a.payload[i] !== b.payload[i]) return false;
  return true;
}

/** A member of a Serf cluster. Create with {@link createSerf}. */
export class Serf {
  readonly #cfg: SerfConfig;
  readonly #o: ResolvedSerfOptions;
  readonly #clock: Clock;
  readonly #logger: Logger;
  readonly #metrics: Metrics;
  readonly #node: SwimNode;
  readonly #memberClock = new LamportClock(1);
  readonly #eventClock = new LamportClock(1);
  readonly #queryClock = new LamportClock(1);
  readonly #table: SerfMemberTable;
  readonly #events: RecentBuffer<BufferedEvent>;
  readonly #queries: RecentBuffer<number>;
  readonly #pending = new Map<number, SerfQueryResult>();
  readonly #hub: SerfEventHub;
  readonly #handlers = new Set<SerfQueryHandler>();
  readonly #timers = new Set<TimerHandle>();
  readonly #sleepers = new Set<() => void>();
  #tags: Readonly<Record<string, string>>;
  #state: SerfState = 'idle';
  #eventMinTime = 0;
  readonly #coalescer: UserEventCoalescer | undefined;
  #eventJoinIgnore = false;

  constructor(cfg: SerfConfig) {
    this.#cfg = cfg;
    this.#o = resolveSerfOptions(cfg.options);
    this.#clock = cfg.clock ?? cfg.transport.clock;
    this.#logger = cfg.logger ?? noopLogger;
    this.#metrics = cfg.metrics ?? noopMetrics;
    this.#tags = Object.freeze({ ...(cfg.tags ?? {}) });
    this.#table = new SerfMemberTable(cfg.name, this.#memberClock);
    this.#events = new RecentBuffer(this.#o.eventBuffer, eventsEqual);
    this.#queries = new RecentBuffer(this.#o.queryBuffer, (a, b) => a === b);
    this.#hub = new SerfEventHub((err, type) =>
      this.#logger.error({ err, event: type }, 'serf event handler threw'),
    );
    this.#coalescer =
      this.#o.userCoalescePeriodMs > 0
        ? new UserEventCoalescer(
            this.#clock,
            this.#o.userCoalescePeriodMs,
            this.#o.userQuiescentPeriodMs,
            (event) => {
              if (this.#state === 'shutdown') return;
              this.#hub.queue({ type: 'user', event });
              this.#hub.drain();
            },
          )
        : undefined;
    this.#node = createSwimNode({
      name: cfg.name,
      transport: cfg.transport,
      preset: cfg.preset ?? 'lan',
      options: {
        ...cfg.swimOptions,
        delegateProtocolMin: SERF_PROTOCOL_MIN,
        delegateProtocolMax: SERF_PROTOCOL_MAX,
        delegateProtocolVersion: this.#o.protocolVersion,
      },
      meta: encodeSerfTags(this.#tags),
      ...(cfg.clock === undefined ? {} : { clock: cfg.clock }),
      ...(cfg.random === undefined ? {} : { random: cfg.random }),
      ...(cfg.logger === undefined ? {} : { logger: cfg.logger }),
      ...(cfg.metrics === undefined ? {} : { metrics: cfg.metrics }),
      ...(cfg.keyring === undefined ? {} : { keyring: cfg.keyring }),
      ...(cfg.label === undefined ? {} : { label: cfg.label }),
      delegate: {
        localState: () => this.#localState(),
        mergeRemoteState: (buf, join) => this.#mergeRemoteState(buf, join),
      },
    });
    this.#node.on('join', (m) => this.#onSwim('join', m));
    this.#node.on('leave', (m) => this.#onSwim('leave', m));
    this.#node.on('update', (m) => this.#onSwim('update', m));
    this.#node.on('message', (msg) => this.#onMessage(msg.payload, msg.from));
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
      member: this.#memberClock.time(),
      event: this.#eventClock.time(),
      query: this.#queryClock.time(),
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
    this.#table.nodeJoined(this.#info(this.#node.localMember));
    this.#flushTable();
    this.#schedule(() => this.#reapTick(), this.#o.reapIntervalMs);
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
    if (options.ignoreOld === true) this.#eventJoinIgnore = true;
    let n: number;
    try {
      n = await this.#node.join(seeds);
    } finally {
      this.#eventJoinIgnore = false;
    }
    if (n > 0) this.#broadcastJoin(this.#memberClock.time());
    return n;
  }

  /** Every known member (alive, leaving, left, failed), self included. */
  members(): SerfMember[] {
    return this.#table.members();
  }

  /** One member by name. */
  member(name: string): SerfMember | undefined {
    return this.#table.get(name);
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
    const initial: SerfEvent[] = this.#table
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
    this.#handlers.add(handler);
    return () => this.#handlers.delete(handler);
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
    const before = new TextEncoder().encode(name).length + payload.length;
    const limit = Math.min(this.#o.userEventSizeLimit, USER_EVENT_SIZE_HARD_LIMIT);
    if (before > limit)
      throw new SerfError('ERR_TOO_LARGE', `user event exceeds the limit of ${limit} bytes`);
    const msg: UserEventMessage = {
      ltime: this.#eventClock.time(),
      name,
      payload: payload.slice(),
      cc: options.coalesce ?? true,
    };
    const raw = encodeUserEvent(msg);
    if (raw.length > limit)
      throw new SerfError('ERR_TOO_LARGE', `encoded user event exceeds ${limit} bytes`);
    this.#eventClock.increment();
    this.#handleUserEvent(msg);
    this.#node.queueUserBroadcast(raw);
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
    if (this.#o.protocolVersion < 4)
      throw new SerfError('ERR_UNSUPPORTED', 'queries need Serf protocol 4 or later');
    const relayFactor = options.relayFactor ?? 0;
    if (!Number.isInteger(relayFactor) || relayFactor < 0 || relayFactor > 255)
      throw new SerfError('ERR_INVALID_OPTION', 'relayFactor must be an integer in [0, 255]');
    const timeoutMs = options.timeoutMs ?? this.defaultQueryTimeoutMs();
    if (!Number.isFinite(timeoutMs) || timeoutMs <= 0)
      throw new SerfError('ERR_INVALID_OPTION', 'timeoutMs must be positive');
    const filters: Uint8Array[] = [];
    if (options.filterNodes !== undefined && options.filterNodes.length > 0)
      filters.push(encodeNodeFilter(options.filterNodes));
    for (const [tag, expr] of Object.entries(options.filterTags ?? {}))
      filters.push(encodeTagFilter(tag, expr));
    const local = addressToIp(this.#node.address);
    const q: QueryMessage = {
      ltime: this.#queryClock.time(),
      id: this.#random().int(0x7fff_ffff),
      addr: local.ip,
      port: local.port,
      sourceNode: this.name,
      filters,
      flags: options.requestAck === true ? QUERY_FLAG_ACK : 0,
      relayFactor,
      timeoutNs: Math.round(timeoutMs * 1_000_000),
      name,
      payload: payload.slice(),
    };
    const raw = encodeQuery(q);
    if (raw.length > this.#o.querySizeLimit)
      throw new SerfError('ERR_TOO_LARGE', `query exceeds ${this.#o.querySizeLimit} bytes`);
    const result = new SerfQueryResult(q.ltime, q.id, this.#clock.now() + timeoutMs);
    this.#pending.set(q.ltime, result);
    this.#schedule(() => {
      if (this.#pending.get(q.ltime) === result) this.#pending.delete(q.ltime);
      result.close();
    }, timeoutMs);
    this.#handleQuery(q);
    this.#node.queueUserBroadcast(raw);
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
    const msg = { ltime: this.#memberClock.time(), node: this.name, prune: false };
    this.#memberClock.increment();
    this.#table.leaveIntent(msg.node, msg.ltime, false, this.#clock.now(), false);
    this.#flushTable();
    if (this.#table.hasAliveMembers()) {
      let done: () => void = () => undefined;
      const sent = new Promise<void>((resolve) => (done = resolve));
      this.#node.queueUserBroadcast(encodeLeave(msg), () => done());
      await Promise.race([sent, this.#sleep(this.#o.broadcastTimeoutMs)]);
    }
    await this.#node.leave(this.#o.broadcastTimeoutMs);
    await this.#sleep(this.#o.leavePropagateDelayMs);
    if ((this.#state as SerfState) !== 'shutdown') this.#state = 'left';
  }

  /** Stop everything (without leaving: others will see this node fail). Idempotent. */
  async shutdown(): Promise<void> {
    if (this.#state === 'shutdown') return;
    this.#state = 'shutdown';
    for (const t of this.#timers) t.cancel();
    this.#timers.clear();
    for (const wake of [...this.#sleepers]) wake();
    for (const r of this.#pending.values()) r.close();
    this.#pending.clear();
    this.#hub.close();
    await this.#node.shutdown();
  }

  // ------------------------------------------------------------------ internals

  #random(): Random {
    return this.#cfg.random ?? systemRandom;
  }

  #requireAlive(): void {
    if (this.#state === 'idle') throw new SerfError('ERR_NOT_STARTED', 'serf not started');
    if (this.#state === 'shutdown') throw new SerfError('ERR_SHUTDOWN', 'serf was shut down');
    if (this.#state !== 'alive') throw new SerfError('ERR_LEFT', 'serf has left the cluster');
  }

  #schedule(fn: () => void, ms: number): void {
    const h = this.#clock.setTimeout(() => {
      this.#timers.delete(h);
      if (this.#state === 'shutdown') return;
      try {
        fn();
      } catch (err) {
        this.#logger.error({ err }, 'serf timer threw');
      }
    }, ms);
    this.#timers.add(h);
  }

  /** Wait `ms` on the injected clock; shutdown ends every wait at once (a leave never hangs). */
  #sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        this.#timers.delete(h);
        this.#sleepers.delete(done);
        resolve();
      };
      const h = this.#clock.setTimeout(done, ms);
      this.#timers.add(h);
      this.#sleepers.add(done);
    });
  }

  #reapTick(): void {
    this.#table.reap(this.#clock.now(), this.#o);
    this.#flushTable();
    this.#schedule(() => this.#reapTick(), this.#o.reapIntervalMs);
  }

  #info(m: Member): NodeInfo {
    let tags: Record<string, string>;
    try {
      tags = decodeSerfTags(m.meta);
    } catch (err) {
      this.#metrics.increment('ring_serf_decode_errors_total', 1, { what: 'tags' });
      this.#logger.debug({ err, node: m.name }, 'cannot decode tags');
      tags = {};
    }
    return {
      name: m.name,
      address: m.address,
      tags,
      protocol: [m.protocol.min, m.protocol.max, m.protocol.cur],
      delegate: [m.delegate.min, m.delegate.max, m.delegate.cur],
    };
  }

  #onSwim(kind: 'join' | 'leave' | 'update', m: Member): void {
    if (this.#state === 'shutdown') return;
    if (kind === 'join') this.#table.nodeJoined(this.#info(m));
    else if (kind === 'update') this.#table.nodeUpdated(this.#info(m));
    else this.#table.nodeLeft(m.name, this.#clock.now());
    this.#flushTable();
  }

  #flushTable(): void {
    for (const e of this.#table.takeEvents()) this.#hub.queue({ type: e.kind, member: e.member });
    this.#hub.drain();
  }

  #broadcastJoin(ltime: number): void {
    this.#memberClock.witness(ltime);
    this.#table.joinIntent(this.name, ltime, this.#clock.now());
    this.#node.queueUserBroadcast(encodeJoin({ ltime, node: this.name }));
  }

  #decodeError(err: unknown, from: string): void {
    this.#metrics.increment('ring_serf_decode_errors_total', 1, { what: 'message' });
    this.#logger.debug({ err, from }, 'cannot decode Serf message');
  }

  #onMessage(buf: Uint8Array, from: string): void {
    if (this.#state === 'shutdown' || buf.length === 0) return;
    let msg;
    try {
      msg = decodeSerfMessage(buf);
    } catch (err) {
      this.#decodeError(err, from);
      return;
    }
    this.#metrics.increment('ring_serf_messages_in_total', 1, { type: String(msg.type) });
    let rebroadcast = false;
    const now = this.#clock.now();
    switch (msg.type) {
      case SerfMessageType.Leave: {
        const out = this.#table.leaveIntent(
          msg.body.node,
          msg.body.ltime,
          msg.body.prune,
          now,
          this.#state === 'alive',
        );
        if (out.refute) this.#broadcastJoin(this.#memberClock.time());
        rebroadcast = out.rebroadcast;
        break;
      }
      case SerfMessageType.Join:
        rebroadcast = this.#table.joinIntent(msg.body.node, msg.body.ltime, now).rebroadcast;
        break;
      case SerfMessageType.UserEvent:
        rebroadcast = this.#handleUserEvent(msg.body);
        break;
      case SerfMessageType.Query:
        rebroadcast = this.#handleQuery(msg.body);
        break;
      case SerfMessageType.QueryResponse:
        this.#handleQueryResponse(msg.body);
        break;
      case SerfMessageType.Relay: {
        let dest: string;
        try {
          dest = ipToAddress(msg.body.destIp, msg.body.destPort);
        } catch (err) {
          this.#decodeError(err, from);
          break;
        }
        this.#node
          .sendToAddress(dest, msg.body.message)
          .catch((err: unknown) => this.#logger.debug({ err, dest }, 'relay failed'));
        break;
      }
      default:
        this.#logger.debug({ type: msg.type, from }, 'unexpected Serf message');
    }
    if (rebroadcast) this.#node.queueUserBroadcast(buf.slice());
    this.#flushTable();
  }

  #handleUserEvent(m: UserEventMessage): boolean {
    this.#eventClock.witness(m.ltime);
    if (m.ltime < this.#eventMinTime) return false;
    if (!this.#events.add(m.ltime, { name: m.name, payload: m.payload }, this.#eventClock.time()))
      return false;
    const event: SerfUserEvent = {
      ltime: m.ltime,
      name: m.name,
      payload: m.payload,
      coalesce: m.cc,
    };
    if (this.#coalescer === undefined) this.#hub.queue({ type: 'user', event });
    else this.#coalescer.add(event);
    return true;
  }

  #handleQuery(q: QueryMessage): boolean {
    this.#queryClock.witness(q.ltime);
    if (!this.#queries.add(q.ltime, q.id, this.#queryClock.time())) return false;
    const rebroadcast = (q.flags & QUERY_FLAG_NO_BROADCAST) === 0;
    if (!shouldProcessQuery(q.filters, this.name, this.#tags)) return rebroadcast;
    let dest: string;
    try {
      dest = ipToAddress(q.addr, q.port);
    } catch (err) {
      this.#decodeError(err, q.sourceNode);
      return rebroadcast;
    }
    if ((q.flags & QUERY_FLAG_ACK) !== 0) {
      const ack: QueryResponseMessage = {
        ltime: q.ltime,
        id: q.id,
        from: this.name,
        flags: QUERY_FLAG_ACK,
        payload: EMPTY,
      };
      this.#sendResponse(dest, q, ack);
    }
    const timeoutMs = q.timeoutNs / 1_000_000;
    let answered = false;
    const incoming: SerfIncomingQuery = {
      ltime: q.ltime,
      id: q.id,
      name: q.name,
      payload: q.payload,
      sourceNode: q.sourceNode,
      deadline: this.#clock.now() + timeoutMs,
      respond: async (payload: Uint8Array): Promise<void> => {
        if (answered) throw new SerfError('ERR_INVALID_OPTION', 'response already sent');
        if (this.#clock.now() > incoming.deadline)
          throw new SerfError('ERR_TIMEOUT', 'response is past the deadline');
        const resp: QueryResponseMessage = {
          ltime: q.ltime,
          id: q.id,
          from: this.name,
          flags: 0,
          payload,
        };
        if (encodeQueryResponse(resp).length > this.#o.queryResponseSizeLimit)
          throw new SerfError(
            'ERR_TOO_LARGE',
            `response exceeds ${this.#o.queryResponseSizeLimit} bytes`,
          );
        answered = true;
        this.#sendResponse(dest, q, resp);
        await Promise.resolve();
      },
    };
    if (q.name.startsWith(INTERNAL_QUERY_PREFIX)) {
      this.#internalQuery(incoming);
      return rebroadcast;
    }
    this.#hub.queue({ type: 'query', query: incoming });
    for (const h of this.#handlers) {
      void Promise.resolve()
        .then(() => h(incoming))
        .then(async (answer) => {
          if (answer !== undefined && !answered) await incoming.respond(answer);
        })
        .catch((err: unknown) =>
          this.#logger.debug({ err, query: q.name }, 'query handler failed'),
        );
    }
    return rebroadcast;
  }

  #internalQuery(q: SerfIncomingQuery): void {
    const name = q.name.slice(INTERNAL_QUERY_PREFIX.length);
    if (name === 'ping') return; // an ack (when asked) is the whole answer
    if (name === 'conflict') {
      const node = new TextDecoder().decode(q.payload);
      if (node === this.name) return;
      const answer = encodeConflictResponse(this.#table.get(node));
      q.respond(answer).catch((err: unknown) =>
        this.#logger.debug({ err }, 'conflict response failed'),
      );
      return;
    }
    if (KEY_QUERIES.has(name)) {
      const limit = this.#o.queryResponseSizeLimit;
      const answer = answerKeyQuery(name, q.payload, this.#cfg.keyring, (p) => {
        const resp = { ltime: q.ltime, id: q.id, from: this.name, flags: 0, payload: p };
        return encodeQueryResponse(resp).length <= limit;
      });
      q.respond(answer).catch((err: unknown) =>
        this.#logger.debug({ err, query: q.name }, 'key query response failed'),
      );
      return;
    }
    this.#logger.debug({ query: q.name }, 'unknown internal query');
  }

  #sendResponse(dest: string, q: QueryMessage, resp: QueryResponseMessage): void {
    const raw = encodeQueryResponse(resp);
    this.#node
      .sendToAddress(dest, raw)
      .catch((err: unknown) => this.#logger.debug({ err, dest }, 'query response failed'));
    if (q.relayFactor === 0) return;
    const members = this.#table.members();
    if (members.length < q.relayFactor + 1) return;
    const relayRaw = encodeRelayedResponse({ ip: q.addr, port: q.port, name: q.sourceNode }, resp);
    if (relayRaw.length > this.#o.queryResponseSizeLimit) return;
    const candidates = members.filter(
      (m) => m.status === 'alive' && m.protocol[1] >= 5 && m.name !== this.name,
    );
    for (let i = 0; i < q.relayFactor && candidates.length > 0; i++) {
      const j = this.#random().int(candidates.length);
      const [m] = candidates.splice(j, 1);
      this.#node
        .sendToAddress(m!.address, relayRaw)
        .catch((err: unknown) => this.#logger.debug({ err }, 'relay send failed'));
    }
  }

  #handleQueryResponse(r: QueryResponseMessage): void {
    const pending = this.#pending.get(r.ltime);
    if (pending?.id !== r.id) return;
    if ((r.flags & QUERY_FLAG_ACK) !== 0) pending.addAck(r.from);
    else pending.addResponse(r.from, r.payload);
  }

  #localState(): Uint8Array {
    const state: PushPullState = {
      ltime: this.#memberClock.time(),
      statusLTimes: this.#table.statusLTimes(),
      leftMembers: this.#table.leftMembers(),
      eventLTime: this.#eventClock.time(),
      events: this.#events
        .slots()
        .map((s) => (s === null ? null : { ltime: s.ltime, events: s.items })),
      queryLTime: this.#queryClock.time(),
    };
    return encodePushPull(state);
  }

  #mergeRemoteState(buf: Uint8Array, join: boolean): void {
    if (this.#state === 'shutdown') return;
    let msg;
    try {
      msg = decodeSerfMessage(buf);
    } catch (err) {
      this.#decodeError(err, 'push/pull');
      return;
    }
    if (msg.type !== SerfMessageType.PushPull) {
      this.#decodeError(
        new SerfError('ERR_DECODE', `push/pull state of type ${msg.type}`),
        'push/pull',
      );
      return;
    }
    const pp = msg.body;
    if (pp.ltime > 0) this.#memberClock.witness(pp.ltime - 1);
    if (pp.eventLTime > 0) this.#eventClock.witness(pp.eventLTime - 1);
    if (pp.queryLTime > 0) this.#queryClock.witness(pp.queryLTime - 1);
    const now = this.#clock.now();
    const left = new Set(pp.leftMembers);
    for (const name of left) {
      const out = this.#table.leaveIntent(
        name,
        (pp.statusLTimes.get(name) ?? 0) + 1,
        false,
        now,
        this.#state === 'alive',
      );
      if (out.refute) this.#broadcastJoin(this.#memberClock.time());
    }
    for (const [name, ltime] of pp.statusLTimes) {
      if (!left.has(name)) this.#table.joinIntent(name, ltime, now);
    }
    if (join && this.#eventJoinIgnore && pp.eventLTime > this.#eventMinTime)
      this.#eventMinTime = pp.eventLTime;
    for (const slot of pp.events) {
      if (slot === null) continue;
      for (const e of slot.events)
        this.#handleUserEvent({ ltime: slot.ltime, name: e.name, payload: e.payload, cc: false });
    }
    this.#flushTable();
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
