/**
 * Serf's queries: the query Lamport clock, the recent-queries window, sending a query (filters,
 * acks, relay factor, timeout), answering received ones (acks, user handlers, internal queries,
 * responses relayed through other members) and collecting responses to our own.
 */
import type { Clock, Random } from '@ring/base';
import type { Logger } from '@ring/swim';
import type { Keyring } from '@ring/swim/wire';
import { SerfError } from '../errors.js';
import type { SerfEvent, SerfIncomingQuery } from '../events/events.js';
import { RecentBuffer } from '../events/recent-buffer.js';
import { LamportClock } from '../members/lamport-clock.js';
import type { SerfMemberTable } from '../members/member-table.js';
import { INTERNAL_QUERY_PREFIX } from '../options.js';
import type { ResolvedSerfOptions } from '../options.js';
import { addressToIp, ipToAddress } from '../wire/ip-bytes.js';
import {
  QUERY_FLAG_ACK,
  QUERY_FLAG_NO_BROADCAST,
  encodeQuery,
  encodeQueryResponse,
  encodeRelayedResponse,
} from '../wire/messages.js';
import type { PushPullState, QueryMessage, QueryResponseMessage } from '../wire/messages.js';
import { answerInternalQuery } from './internal-queries.js';
import { encodeNodeFilter, encodeTagFilter, shouldProcessQuery } from './query-filter.js';
import { SerfQueryResult } from './query-result.js';

/** Options of `serf.query()`. */
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

/** An answer for `serf.onQuery()`: bytes to respond with, or nothing. */
export type SerfQueryHandler = (
  query: SerfIncomingQuery,
) => Uint8Array | undefined | Promise<Uint8Array | undefined>;

/** What the query layer needs from the member that owns it. */
export interface QueriesDeps {
  /** This node's name. */
  readonly name: string;
  readonly options: ResolvedSerfOptions;
  readonly clock: Clock;
  readonly random: Random;
  readonly logger: Logger;
  readonly keyring: Keyring | undefined;
  /** The member table (responders for relays, our view for conflict queries). */
  readonly table: SerfMemberTable;
  /** Our `host:port` (where responses come back). */
  localAddress(): string;
  /** Our current tags (for tag filters). */
  tags(): Readonly<Record<string, string>>;
  /** Send a Serf message straight to an address (memberlist `SendToAddress`). */
  send(address: string, raw: Uint8Array): Promise<void>;
  /** Queue an event for delivery. */
  emit(event: SerfEvent): void;
  /** Run `fn` after `ms` on the member's timers. */
  schedule(fn: () => void, ms: number): void;
  /** Count and log a malformed input. */
  decodeError(err: unknown, from: string): void;
}

const EMPTY = new Uint8Array(0);

/** The query state of one Serf member. */
export class SerfQueries {
  /** The query Lamport clock. */
  readonly clock = new LamportClock(1);
  readonly #deps: QueriesDeps;
  readonly #recent: RecentBuffer<number>;
  readonly #pending = new Map<number, SerfQueryResult>();
  readonly #handlers = new Set<SerfQueryHandler>();

  /** @param deps - see {@link QueriesDeps}. */
  constructor(deps: QueriesDeps) {
    this.#deps = deps;
    this.#recent = new RecentBuffer(deps.options.queryBuffer, (a, b) => a === b);
  }

  /** Add a handler for user queries; returns its removal. */
  onQuery(handler: SerfQueryHandler): () => void {
    this.#handlers.add(handler);
    return () => this.#handlers.delete(handler);
  }

  /**
   * A new query of ours: validated, stamped, registered until its timeout, handled locally.
   *
   * @returns the pending result and the encoded query to gossip.
   * @throws SerfError `ERR_UNSUPPORTED`, `ERR_INVALID_OPTION`, `ERR_TOO_LARGE`.
   */
  create(
    name: string,
    payload: Uint8Array,
    options: SerfQueryOptions,
    defaultTimeoutMs: () => number,
  ): { result: SerfQueryResult; raw: Uint8Array } {
    const o = this.#deps.options;
    if (o.protocolVersion < 4)
      throw new SerfError('ERR_UNSUPPORTED', 'queries need Serf protocol 4 or later');
    const relayFactor = options.relayFactor ?? 0;
    if (!Number.isInteger(relayFactor) || relayFactor < 0 || relayFactor > 255)
      throw new SerfError('ERR_INVALID_OPTION', 'relayFactor must be an integer in [0, 255]');
    const timeoutMs = options.timeoutMs ?? defaultTimeoutMs();
    if (!Number.isFinite(timeoutMs) || timeoutMs <= 0)
      throw new SerfError('ERR_INVALID_OPTION', 'timeoutMs must be positive');
    const filters: Uint8Array[] = [];
    if (options.filterNodes !== undefined && options.filterNodes.length > 0)
      filters.push(encodeNodeFilter(options.filterNodes));
    for (const [tag, expr] of Object.entries(options.filterTags ?? {}))
      filters.push(encodeTagFilter(tag, expr));
    const local = addressToIp(this.#deps.localAddress());
    const q: QueryMessage = {
      ltime: this.clock.time(),
      id: this.#deps.random.int(0x7fff_ffff),
      addr: local.ip,
      port: local.port,
      sourceNode: this.#deps.name,
      filters,
      flags: options.requestAck === true ? QUERY_FLAG_ACK : 0,
      relayFactor,
      timeoutNs: Math.round(timeoutMs * 1_000_000),
      name,
      payload: payload.slice(),
    };
    const raw = encodeQuery(q);
    if (raw.length > o.querySizeLimit)
      throw new SerfError('ERR_TOO_LARGE', `query exceeds ${o.querySizeLimit} bytes`);
    const result = new SerfQueryResult(q.ltime, q.id, this.#deps.clock.now() + timeoutMs);
    this.#pending.set(q.ltime, result);
    this.#deps.schedule(() => {
      if (this.#pending.get(q.ltime) === result) this.#pending.delete(q.ltime);
      result.close();
    }, timeoutMs);
    this.handle(q);
    return { result, raw };
  }

  /**
   * A query (ours or received): acked and answered once when the filters select us.
   *
   * @returns whether it was new and may be re-broadcast.
   */
  handle(q: QueryMessage): boolean {
    this.clock.witness(q.ltime);
    if (!this.#recent.add(q.ltime, q.id, this.clock.time())) return false;
    const rebroadcast = (q.flags & QUERY_FLAG_NO_BROADCAST) === 0;
    if (!shouldProcessQuery(q.filters, this.#deps.name, this.#deps.tags())) return rebroadcast;
    let dest: string;
    try {
      dest = ipToAddress(q.addr, q.port);
    } catch (err) {
      this.#deps.decodeError(err, q.sourceNode);
      return rebroadcast;
    }
    if ((q.flags & QUERY_FLAG_ACK) !== 0) {
      const ack: QueryResponseMessage = {
        ltime: q.ltime,
        id: q.id,
        from: this.#deps.name,
        flags: QUERY_FLAG_ACK,
        payload: EMPTY,
      };
      this.#sendResponse(dest, q, ack);
    }
    const { incoming, answered } = this.#incoming(q, dest);
    if (q.name.startsWith(INTERNAL_QUERY_PREFIX)) {
      answerInternalQuery(incoming, {
        name: this.#deps.name,
        keyring: this.#deps.keyring,
        queryResponseSizeLimit: this.#deps.options.queryResponseSizeLimit,
        logger: this.#deps.logger,
        member: (name) => this.#deps.table.get(name),
      });
      return rebroadcast;
    }
    this.#deps.emit({ type: 'query', query: incoming });
    for (const h of this.#handlers) {
      void Promise.resolve()
        .then(() => h(incoming))
        .then(async (answer) => {
          if (answer !== undefined && !answered()) await incoming.respond(answer);
        })
        .catch((err: unknown) =>
          this.#deps.logger.debug({ err, query: q.name }, 'query handler failed'),
        );
    }
    return rebroadcast;
  }

  /** A response (or ack) to one of our queries. */
  handleResponse(r: QueryResponseMessage): void {
    const pending = this.#pending.get(r.ltime);
    if (pending?.id !== r.id) return;
    if ((r.flags & QUERY_FLAG_ACK) !== 0) pending.addAck(r.from);
    else pending.addResponse(r.from, r.payload);
  }

  /** Witness a peer's query clock (push/pull). */
  mergeRemoteState(pp: PushPullState): void {
    if (pp.queryLTime > 0) this.clock.witness(pp.queryLTime - 1);
  }

  /** End every pending result (shutdown). */
  closeAll(): void {
    for (const r of this.#pending.values()) r.close();
    this.#pending.clear();
  }

  /** The query as handed to handlers: `respond` sends at most one response before the deadline. */
  #incoming(
    q: QueryMessage,
    dest: string,
  ): { incoming: SerfIncomingQuery; answered: () => boolean } {
    const deps = this.#deps;
    let answered = false;
    const incoming: SerfIncomingQuery = {
      ltime: q.ltime,
      id: q.id,
      name: q.name,
      payload: q.payload,
      sourceNode: q.sourceNode,
      deadline: deps.clock.now() + q.timeoutNs / 1_000_000,
      respond: async (payload: Uint8Array): Promise<void> => {
        if (answered) throw new SerfError('ERR_INVALID_OPTION', 'response already sent');
        if (deps.clock.now() > incoming.deadline)
          throw new SerfError('ERR_TIMEOUT', 'response is past the deadline');
        const resp: QueryResponseMessage = {
          ltime: q.ltime,
          id: q.id,
          from: deps.name,
          flags: 0,
          payload,
        };
        const limit = deps.options.queryResponseSizeLimit;
        if (encodeQueryResponse(resp).length > limit)
          throw new SerfError('ERR_TOO_LARGE', `response exceeds ${limit} bytes`);
        answered = true;
        this.#sendResponse(dest, q, resp);
        await Promise.resolve();
      },
    };
    return { incoming, answered: () => answered };
  }

  /** Send a response to the querier, and through `relayFactor` other members (Serf ≥ 5). */
  #sendResponse(dest: string, q: QueryMessage, resp: QueryResponseMessage): void {
    const { logger, options } = this.#deps;
    const raw = encodeQueryResponse(resp);
    this.#deps
      .send(dest, raw)
      .catch((err: unknown) => logger.debug({ err, dest }, 'query response failed'));
    if (q.relayFactor === 0) return;
    const members = this.#deps.table.members();
    if (members.length < q.relayFactor + 1) return;
    const relayRaw = encodeRelayedResponse({ ip: q.addr, port: q.port, name: q.sourceNode }, resp);
    if (relayRaw.length > options.queryResponseSizeLimit) return;
    const candidates = members.filter(
      (m) => m.status === 'alive' && m.protocol[1] >= 5 && m.name !== this.#deps.name,
    );
    for (let i = 0; i < q.relayFactor && candidates.length > 0; i++) {
      const j = this.#deps.random.int(candidates.length);
      const [m] = candidates.splice(j, 1);
      this.#deps
        .send(m!.address, relayRaw)
        .catch((err: unknown) => logger.debug({ err }, 'relay send failed'));
    }
  }
}
