import { TypedEmitter } from '@ring/base';
import type { Member } from '../core/membership/member.js';
import type { Logger } from './observability.js';

/** Membership change kinds. */
export type MemberEventType = 'join' | 'leave' | 'update' | 'suspect' | 'alive';

/** One membership change, as yielded by `node.events()`. */
export interface MemberEvent {
  readonly type: MemberEventType;
  /** The member's state right after the change. */
  readonly member: Member;
}

/** A user message received from a member (best effort or reliable). */
export interface UserMessage {
  /**
   * The sender's node name when the packet's source address belongs to a member, else the source
   * address. memberlist's user messages carry no sender, so for reliable (stream) messages this is
   * the connection's address (with an ephemeral port).
   */
  readonly from: string;
  readonly payload: Uint8Array;
}

/** Handlers by event name. */
export interface SwimEventMap {
  join: (member: Member) => void;
  leave: (member: Member) => void;
  update: (member: Member) => void;
  suspect: (member: Member) => void;
  alive: (member: Member) => void;
  message: (message: UserMessage) => void;
}

type Queued =
  | { readonly seq: number; readonly type: MemberEventType; readonly member: Member }
  | { readonly seq: number; readonly type: 'message'; readonly message: UserMessage };

interface Subscriber {
  readonly afterSeq: number;
  readonly buffer: MemberEvent[];
  wake: (() => void) | undefined;
}

/**
 * Ordered, non-re-entrant event delivery (CONVENTIONS #8). State changes {@link EventHub.queue}
 * their events; the node calls {@link EventHub.drain} once the change is committed. Handlers run
 * in queue order, one at a time: an event queued by a handler (because it called the API) is
 * delivered after the current one, never inside it. A throwing handler is logged and skipped.
 * Handlers are held by a {@link TypedEmitter} (Ring's one listener mechanism); the hub adds the
 * queue, the drain loop and the async-iterator subscriptions.
 */
export class EventHub {
  readonly #emitter: TypedEmitter<SwimEventMap>;
  /** Handlers by event, so that a handler added twice runs once (as `SwimNode.on` documents). */
  readonly #added = new Map<keyof SwimEventMap, Set<(arg: never) => void>>();
  readonly #pending: Queued[] = [];
  readonly #subscribers = new Set<Subscriber>();
  /** The event being delivered, for the log line of a throwing handler. */
  #delivering: keyof SwimEventMap | undefined;
  #seq = 0;
  #draining = false;
  #closed = false;

  /** @param logger - where handler exceptions are reported. */
  constructor(logger: Logger) {
    this.#emitter = new TypedEmitter<SwimEventMap>((error) =>
      logger.error({ err: error, event: this.#delivering }, 'swim event handler threw'),
    );
  }

  /**
   * Whether an event of `type` would reach anyone (a handler or an iterator). Lets the node skip
   * building member snapshots nobody reads, e.g. the N join events of a join into a large cluster.
   *
   * @param type - event name.
   */
  wants(type: MemberEventType): boolean {
    return this.#subscribers.size > 0 || this.#emitter.listenerCount(type) > 0;
  }

  /** Sequence number of the last queued event. */
  get lastSeq(): number {
    return this.#seq;
  }

  /**
   * Add a handler (once: adding the same function again does nothing).
   *
   * @param type - event name.
   * @param handler - called with the member (or message).
   */
  on<K extends keyof SwimEventMap>(type: K, handler: SwimEventMap[K]): void {
    let set = this.#added.get(type);
    if (set === undefined) this.#added.set(type, (set = new Set()));
    if (set.has(handler)) return;
    set.add(handler);
    this.#emitter.on(type, handler);
  }

  /**
   * Remove a handler added with {@link EventHub.on}.
   *
   * @param type - event name.
   * @param handler - the same function.
   */
  off<K extends keyof SwimEventMap>(type: K, handler: SwimEventMap[K]): void {
    if (this.#added.get(type)?.delete(handler) === true) this.#emitter.off(type, handler);
  }

  /** Queue a membership event (delivered by the next {@link EventHub.drain}). */
  queue(type: MemberEventType, member: Member): void {
    this.#pending.push({ seq: ++this.#seq, type, member });
  }

  /** Queue a user message. */
  queueMessage(message: UserMessage): void {
    this.#pending.push({ seq: ++this.#seq, type: 'message', message });
  }

  /** End every subscription (after the events already buffered for it); used at shutdown. */
  close(): void {
    this.#closed = true;
    for (const sub of this.#subscribers) {
      const wake = sub.wake;
      sub.wake = undefined;
      wake?.();
    }
  }

  /** Deliver queued events in order. Re-entrant calls return at once (the outer loop continues). */
  drain(): void {
    if (this.#draining) return;
    this.#draining = true;
    try {
      let ev: Queued | undefined;
      while ((ev = this.#pending.shift()) !== undefined) {
        if (ev.type !== 'message') {
          const memberEvent: MemberEvent = { type: ev.type, member: ev.member };
          for (const sub of this.#subscribers) {
            if (ev.seq <= sub.afterSeq) continue;
            sub.buffer.push(memberEvent);
            const wake = sub.wake;
            sub.wake = undefined;
            wake?.();
          }
        }
        if (this.#emitter.listenerCount(ev.type) === 0) continue;
        this.#delivering = ev.type;
        if (ev.type === 'message') this.#emitter.emit('message', ev.message);
        else this.#emitter.emit(ev.type, ev.member);
      }
    } finally {
      this.#delivering = undefined;
      this.#draining = false;
    }
  }

  /**
   * Pull-style subscription: first `snapshot()` as `join` events, then every membership change
   * queued after it, until `signal` aborts or the hub is closed (the iterator then returns).
   * Like any async generator it starts at the first `next()`: the snapshot is taken then, in the
   * same step as the subscription, so no change falls between the two.
   *
   * @param snapshot - returns the current members.
   * @param signal - ends the iteration.
   */
  async *subscribe(
    snapshot: () => readonly Member[],
    signal?: AbortSignal,
  ): AsyncGenerator<MemberEvent, void, undefined> {
    const sub: Subscriber = {
      afterSeq: this.#seq,
      buffer: snapshot().map((member) => ({ type: 'join', member })),
      wake: undefined,
    };
    this.#subscribers.add(sub);
    const onAbort = (): void => {
      const wake = sub.wake;
      sub.wake = undefined;
      wake?.();
    };
    signal?.addEventListener('abort', onAbort);
    try {
      let index = 0;
      while (signal?.aborted !== true) {
        if (index < sub.buffer.length) {
          const ev = sub.buffer[index++]!;
          if (index > 1024) {
            sub.buffer.splice(0, index);
            index = 0;
          }
          yield ev;
          continue;
        }
        if (this.#closed) return;
        await new Promise<void>((resolve) => {
          sub.wake = resolve;
        });
      }
    } finally {
      signal?.removeEventListener('abort', onAbort);
      this.#subscribers.delete(sub);
    }
  }
}
