import { AsyncChannel } from './async-channel.js';
import type { SerfMember } from '../members/member.js';

/** A user event delivered once per member (de-duplicated by Lamport time, name and payload). */
export interface SerfUserEvent {
  readonly ltime: number;
  readonly name: string;
  readonly payload: Uint8Array;
  /** The sender allowed coalescing (Serf's `CC` flag), carried as is. */
  readonly coalesce: boolean;
}

/** A query received by this member; answer it with {@link SerfIncomingQuery.respond}. */
export interface SerfIncomingQuery {
  readonly ltime: number;
  readonly id: number;
  readonly name: string;
  readonly payload: Uint8Array;
  /** The querying node. */
  readonly sourceNode: string;
  /** Clock time (ms) after which a response is refused. */
  readonly deadline: number;
  /**
   * Send one response (at most one per query).
   *
   * @throws SerfError `ERR_TOO_LARGE` over `queryResponseSizeLimit`, `ERR_TIMEOUT` past the
   *   deadline, `ERR_INVALID_OPTION` when already answered.
   */
  respond(payload: Uint8Array): Promise<void>;
}

/** Handlers by event name. */
export interface SerfEventMap {
  'member-join': (member: SerfMember) => void;
  'member-leave': (member: SerfMember) => void;
  'member-failed': (member: SerfMember) => void;
  'member-update': (member: SerfMember) => void;
  'member-reap': (member: SerfMember) => void;
  user: (event: SerfUserEvent) => void;
  query: (query: SerfIncomingQuery) => void;
}

/** Every event as yielded by `serf.events()`. */
export type SerfEvent =
  | {
      readonly type:
        'member-join' | 'member-leave' | 'member-failed' | 'member-update' | 'member-reap';
      readonly member: SerfMember;
    }
  | { readonly type: 'user'; readonly event: SerfUserEvent }
  | { readonly type: 'query'; readonly query: SerfIncomingQuery };

type Listener = (arg: never) => void;

/**
 * Typed listeners plus async-iterator subscribers. Events are queued and delivered in order by
 * `drain()`, never re-entrantly; a throwing listener is reported through `onError` and skipped.
 */
export class SerfEventHub {
  readonly #listeners = new Map<keyof SerfEventMap, Set<Listener>>();
  readonly #subs = new Set<AsyncChannel<SerfEvent>>();
  readonly #queue: SerfEvent[] = [];
  readonly #onError: (error: unknown, type: string) => void;
  #draining = false;

  /** @param onError - told about listener exceptions. */
  constructor(onError: (error: unknown, type: string) => void) {
    this.#onError = onError;
  }

  /** Add a listener. */
  on<K extends keyof SerfEventMap>(type: K, fn: SerfEventMap[K]): void {
    let set = this.#listeners.get(type);
    if (set === undefined) this.#listeners.set(type, (set = new Set()));
    set.add(fn);
  }

  /** Remove a listener. */
  off<K extends keyof SerfEventMap>(type: K, fn: SerfEventMap[K]): void {
    this.#listeners.get(type)?.delete(fn);
  }

  /** Queue an event; call {@link SerfEventHub.drain} after the state change. */
  queue(ev: SerfEvent): void {
    this.#queue.push(ev);
  }

  /** Deliver queued events in order. */
  drain(): void {
    if (this.#draining) return;
    this.#draining = true;
    try {
      while (this.#queue.length > 0) {
        const ev = this.#queue.shift()!;
        for (const s of this.#subs) s.push(ev);
        const arg = ev.type === 'user' ? ev.event : ev.type === 'query' ? ev.query : ev.member;
        for (const fn of [...(this.#listeners.get(ev.type) ?? [])]) {
          try {
            (fn as (a: typeof arg) => void)(arg);
          } catch (error) {
            this.#onError(error, ev.type);
          }
        }
      }
    } finally {
      this.#draining = false;
    }
  }

  /** A subscription: `initial` first, then every event, until `signal` aborts or {@link SerfEventHub.close}. */
  subscribe(
    initial: readonly SerfEvent[],
    signal?: AbortSignal,
  ): AsyncGenerator<SerfEvent, void, undefined> {
    const ch = new AsyncChannel<SerfEvent>();
    for (const ev of initial) ch.push(ev);
    this.#subs.add(ch);
    const onAbort = (): void => ch.close();
    if (signal?.aborted === true) ch.close();
    signal?.addEventListener('abort', onAbort);
    const subs = this.#subs;
    return (async function* () {
      try {
        for await (const ev of ch) {
          if (signal?.aborted === true) return;
          yield ev;
        }
      } finally {
        signal?.removeEventListener('abort', onAbort);
        subs.delete(ch);
      }
    })();
  }

  /** End every subscription. */
  close(): void {
    for (const s of this.#subs) s.close();
    this.#subs.clear();
  }
}
