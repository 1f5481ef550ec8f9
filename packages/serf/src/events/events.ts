import { AsyncQueue, TypedEmitter } from '@ring/base';
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

/**
 * Serf's deferred delivery over a {@link TypedEmitter} (listeners) and {@link AsyncQueue}s
 * (`events()` subscribers): events are queued during a protocol step and delivered in order by
 * `drain()` after it, never re-entrantly; a throwing listener is reported through `onError` and
 * skipped.
 */
export class SerfEventHub {
  readonly #emitter: TypedEmitter<SerfEventMap>;
  readonly #subs = new Set<AsyncQueue<SerfEvent>>();
  readonly #queue: SerfEvent[] = [];
  #draining = false;
  #delivering: SerfEvent['type'] | undefined;

  /** @param onError - told about listener exceptions (with the event type). */
  constructor(onError: (error: unknown, type: string) => void) {
    this.#emitter = new TypedEmitter<SerfEventMap>((error) =>
      onError(error, this.#delivering ?? 'unknown'),
    );
  }

  /** Add a listener. */
  on<K extends keyof SerfEventMap>(type: K, fn: SerfEventMap[K]): void {
    this.#emitter.on(type, fn);
  }

  /** Remove a listener. */
  off<K extends keyof SerfEventMap>(type: K, fn: SerfEventMap[K]): void {
    this.#emitter.off(type, fn);
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
        this.#delivering = ev.type;
        if (ev.type === 'user') this.#emitter.emit('user', ev.event);
        else if (ev.type === 'query') this.#emitter.emit('query', ev.query);
        else this.#emitter.emit(ev.type, ev.member);
      }
    } finally {
      this.#delivering = undefined;
      this.#draining = false;
    }
  }

  /** A subscription: `initial` first, then every event, until `signal` aborts or {@link SerfEventHub.close}. */
  subscribe(
    initial: readonly SerfEvent[],
    signal?: AbortSignal,
  ): AsyncGenerator<SerfEvent, void, undefined> {
    const q = new AsyncQueue<SerfEvent>();
    for (const ev of initial) q.push(ev);
    this.#subs.add(q);
    const onAbort = (): void => q.end();
    if (signal?.aborted === true) q.end();
    signal?.addEventListener('abort', onAbort);
    const subs = this.#subs;
    return (async function* () {
      try {
        for await (const ev of q) {
          if (signal?.aborted === true) return;
          yield ev;
        }
      } finally {
        signal?.removeEventListener('abort', onAbort);
        subs.delete(q);
      }
    })();
  }

  /** End every subscription. */
  close(): void {
    for (const s of this.#subs) s.end();
    this.#subs.clear();
  }
}
