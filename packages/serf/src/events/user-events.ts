/**
 * Serf's user events: the event Lamport clock, the recent-events window that de-duplicates them,
 * optional coalescing, the `ignoreOld` rule of a join (events older than the cluster's event clock
 * at join time are not replayed) and the event part of push/pull state.
 */
import type { Clock } from '@ring/base';
import { SerfError } from '../errors.js';
import { LamportClock } from '../members/lamport-clock.js';
import { USER_EVENT_SIZE_HARD_LIMIT } from '../options.js';
import type { ResolvedSerfOptions } from '../options.js';
import { encodeUserEvent } from '../wire/messages.js';
import type { BufferedEvent, PushPullState, UserEventMessage } from '../wire/messages.js';
import type { SerfUserEvent } from './events.js';
import { RecentBuffer } from './recent-buffer.js';
import { UserEventCoalescer } from './user-coalescer.js';

function eventsEqual(a: BufferedEvent, b: BufferedEvent): boolean {
  if (a.name !== b.name || a.payload.length !== b.payload.length) return false;
  for (let i = 0; i < a.payload.length; i++) if (a.payload[i] !== b.payload[i]) return false;
  return true;
}

/** The user-event state of one Serf member. */
export class SerfUserEvents {
  /** The event Lamport clock. */
  readonly clock = new LamportClock(1);
  readonly #o: ResolvedSerfOptions;
  readonly #recent: RecentBuffer<BufferedEvent>;
  readonly #coalescer: UserEventCoalescer | undefined;
  readonly #queue: (event: SerfUserEvent) => void;
  #minTime = 0;
  #joinIgnore = false;

  /**
   * @param o - resolved options (buffer size, size limit, coalescing periods).
   * @param clock - timer source of the coalescer.
   * @param queue - queues an event for delivery (the caller drains).
   * @param deliverCoalesced - delivers a coalesced batch's event (from a timer, outside a step).
   */
  constructor(
    o: ResolvedSerfOptions,
    clock: Clock,
    queue: (event: SerfUserEvent) => void,
    deliverCoalesced: (event: SerfUserEvent) => void,
  ) {
    this.#o = o;
    this.#queue = queue;
    this.#recent = new RecentBuffer(o.eventBuffer, eventsEqual);
    this.#coalescer =
      o.userCoalescePeriodMs > 0
        ? new UserEventCoalescer(
            clock,
            o.userCoalescePeriodMs,
            o.userQuiescentPeriodMs,
            deliverCoalesced,
          )
        : undefined;
  }

  /** While a join with `ignoreOld` runs, events older than the peers' event clock are dropped. */
  set ignoreOldOnJoin(on: boolean) {
    this.#joinIgnore = on;
  }

  /**
   * A new event of ours: checked against the size limits, stamped, delivered locally.
   *
   * @returns the encoded message to gossip.
   * @throws SerfError `ERR_TOO_LARGE`.
   */
  create(name: string, payload: Uint8Array, coalesce: boolean): Uint8Array {
    const before = new TextEncoder().encode(name).length + payload.length;
    const limit = Math.min(this.#o.userEventSizeLimit, USER_EVENT_SIZE_HARD_LIMIT);
    if (before > limit)
      throw new SerfError('ERR_TOO_LARGE', `user event exceeds the limit of ${limit} bytes`);
    const msg: UserEventMessage = {
      ltime: this.clock.time(),
      name,
      payload: payload.slice(),
      cc: coalesce,
    };
    const raw = encodeUserEvent(msg);
    if (raw.length > limit)
      throw new SerfError('ERR_TOO_LARGE', `encoded user event exceeds ${limit} bytes`);
    this.clock.increment();
    this.handle(msg);
    return raw;
  }

  /**
   * A user event (ours or received): delivered once per (Lamport time, name, payload).
   *
   * @returns whether it was new (and so is re-broadcast).
   */
  handle(m: UserEventMessage): boolean {
    this.clock.witness(m.ltime);
    if (m.ltime < this.#minTime) return false;
    if (!this.#recent.add(m.ltime, { name: m.name, payload: m.payload }, this.clock.time()))
      return false;
    const event: SerfUserEvent = {
      ltime: m.ltime,
      name: m.name,
      payload: m.payload,
      coalesce: m.cc,
    };
    if (this.#coalescer === undefined) this.#queue(event);
    else this.#coalescer.add(event);
    return true;
  }

  /** The event part of our push/pull state. */
  localState(): Pick<PushPullState, 'eventLTime' | 'events'> {
    return {
      eventLTime: this.clock.time(),
      events: this.#recent
        .slots()
        .map((s) => (s === null ? null : { ltime: s.ltime, events: s.items })),
    };
  }

  /** Witness a peer's event clock (push/pull); done before the member and event merge. */
  witnessRemote(pp: PushPullState): void {
    if (pp.eventLTime > 0) this.clock.witness(pp.eventLTime - 1);
  }

  /** Replay the events of a peer's push/pull state (after {@link SerfUserEvents.witnessRemote}). */
  mergeRemoteState(pp: PushPullState, join: boolean): void {
    if (join && this.#joinIgnore && pp.eventLTime > this.#minTime) this.#minTime = pp.eventLTime;
    for (const slot of pp.events) {
      if (slot === null) continue;
      for (const e of slot.events)
        this.handle({ ltime: slot.ltime, name: e.name, payload: e.payload, cc: false });
    }
  }
}
