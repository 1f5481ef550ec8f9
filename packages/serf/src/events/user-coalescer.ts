/**
 * Serf's user-event coalescing (serf `coalesce_user.go`, `coalesce.go`): events sent with
 * `coalesce` set are held; for each event name only those at the highest Lamport time survive.
 * The batch is delivered when `coalescePeriodMs` has passed since its first event or
 * `quiescentPeriodMs` since its last one, whichever comes first. Events without the flag pass
 * straight through.
 */
import type { Clock, TimerHandle } from '@ring/base';
import type { SerfUserEvent } from './events.js';

/** Coalesces user events on an injected clock. */
export class UserEventCoalescer {
  readonly #clock: Clock;
  readonly #coalesceMs: number;
  readonly #quiescentMs: number;
  readonly #emit: (e: SerfUserEvent) => void;
  #latest = new Map<string, { ltime: number; events: SerfUserEvent[] }>();
  #quantum: TimerHandle | undefined;
  #quiescent: TimerHandle | undefined;

  /**
   * @param clock - timer source.
   * @param coalescePeriodMs - longest a batch is held.
   * @param quiescentPeriodMs - quiet time that ends a batch early.
   * @param emit - receives delivered events (after a flush, in name order of first arrival).
   */
  constructor(
    clock: Clock,
    coalescePeriodMs: number,
    quiescentPeriodMs: number,
    emit: (e: SerfUserEvent) => void,
  ) {
    this.#clock = clock;
    this.#coalesceMs = coalescePeriodMs;
    this.#quiescentMs = quiescentPeriodMs;
    this.#emit = emit;
  }

  /** Take one event: delivered at once without the coalesce flag, else held for the batch. */
  add(e: SerfUserEvent): void {
    if (!e.coalesce) {
      this.#emit(e);
      return;
    }
    this.#quantum ??= this.#clock.setTimeout(() => this.flush(), this.#coalesceMs);
    this.#quiescent?.cancel();
    this.#quiescent = this.#clock.setTimeout(() => this.flush(), this.#quiescentMs);
    const cur = this.#latest.get(e.name);
    if (cur === undefined || cur.ltime < e.ltime)
      this.#latest.set(e.name, { ltime: e.ltime, events: [e] });
    else if (cur.ltime === e.ltime) cur.events.push(e);
  }

  /** Deliver the held batch now and disarm the timers. */
  flush(): void {
    this.#quantum?.cancel();
    this.#quiescent?.cancel();
    this.#quantum = undefined;
    this.#quiescent = undefined;
    const batch = this.#latest;
    this.#latest = new Map();
    for (const { events } of batch.values()) for (const e of events) this.#emit(e);
  }

  /** Events currently held. */
  get pending(): number {
    let n = 0;
    for (const { events } of this.#latest.values()) n += events.length;
    return n;
  }
}
