import { AsyncChannel } from './async-channel.js';

/** One response to a query. */
export interface SerfQueryResponse {
  readonly from: string;
  readonly payload: Uint8Array;
}

/**
 * The pending result of `serf.query()`: responses (and acks, when requested) as async iterables
 * that end at the deadline. Each member's response and ack count once, however often relays
 * deliver them.
 */
export class SerfQueryResult {
  /** The query's Lamport time. */
  readonly ltime: number;
  /** The query's random id. */
  readonly id: number;
  /** Clock time (ms) at which the query closes. */
  readonly deadline: number;
  readonly #responses = new AsyncChannel<SerfQueryResponse>();
  readonly #acks = new AsyncChannel<string>();
  readonly #responded = new Set<string>();
  readonly #acked = new Set<string>();

  /** @internal */
  constructor(ltime: number, id: number, deadline: number) {
    this.ltime = ltime;
    this.id = id;
    this.deadline = deadline;
  }

  /** Responses until the deadline. */
  responses(): AsyncIterable<SerfQueryResponse> {
    return this.#responses;
  }

  /** Names of members that acknowledged (with `requestAck`) until the deadline. */
  acks(): AsyncIterable<string> {
    return this.#acks;
  }

  /** Members that responded so far. */
  get respondedBy(): ReadonlySet<string> {
    return this.#responded;
  }

  /** Members that acknowledged so far. */
  get ackedBy(): ReadonlySet<string> {
    return this.#acked;
  }

  /** Whether the deadline passed (or the member shut down). */
  get finished(): boolean {
    return this.#responses.closed;
  }

  /** @internal record a response; false when duplicate or finished. */
  addResponse(from: string, payload: Uint8Array): boolean {
    if (this.finished || this.#responded.has(from)) return false;
    this.#responded.add(from);
    this.#responses.push({ from, payload });
    return true;
  }

  /** @internal record an ack; false when duplicate or finished. */
  addAck(from: string): boolean {
    if (this.finished || this.#acked.has(from)) return false;
    this.#acked.add(from);
    this.#acks.push(from);
    return true;
  }

  /** @internal close both iterables. */
  close(): void {
    this.#responses.close();
    this.#acks.close();
  }
}
