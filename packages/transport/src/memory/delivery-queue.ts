import type { Clock, TimerHandle } from '@ring/base';
import { deliveryTimerClock, TimerHeap } from '@ring/base/internal';
import { Delivery, type Kind, type NetNode } from './delivery.js';

/**
 * The memory network's single priority queue of deliveries, driven by one clock timer armed for
 * the earliest entry. Entries due at the same instant run in the order they were scheduled.
 *
 * On the system clock that timer keeps the process alive (see {@link deliveryTimerClock}); it
 * exists only while entries are queued, so an empty queue holds nothing.
 */
export class DeliveryQueue {
  readonly #clock: Clock;
  /** Where the timer is armed: the clock itself, or for `systemClock` its held (ref'd) twin. */
  readonly #timerClock: Clock;
  readonly #dispatch: (d: Delivery, now: number) => void;
  readonly #heap = new TimerHeap<Delivery>();
  #seq = 0;
  #timer: TimerHandle | undefined;
  #armedAt = Number.POSITIVE_INFINITY;
  #draining = false;
  readonly #onTimer = (): void => {
    this.#timer = undefined;
    this.#armedAt = Number.POSITIVE_INFINITY;
    this.#drain();
  };

  /**
   * @param clock - the clock whose timer drives deliveries.
   * @param dispatch - called for each due delivery, with the current time.
   */
  constructor(clock: Clock, dispatch: (d: Delivery, now: number) => void) {
    this.#clock = clock;
    this.#timerClock = deliveryTimerClock(clock);
    this.#dispatch = dispatch;
  }

  /** Deliveries scheduled and not yet dispatched. */
  get size(): number {
    return this.#heap.size;
  }

  /** A new delivery due `delayMs` from now (not yet queued). */
  make(kind: Kind, src: NetNode, dst: NetNode, delayMs: number): Delivery {
    return new Delivery(this.#clock.now() + delayMs, this.#seq++, kind, src, dst);
  }

  /** A new delivery due at `at` (not yet queued). */
  makeAt(at: number, kind: Kind, src: NetNode, dst: NetNode): Delivery {
    return new Delivery(at, this.#seq++, kind, src, dst);
  }

  /** Queue a delivery. */
  push(d: Delivery): void {
    this.#heap.push(d);
    if (!this.#draining && d.at < this.#armedAt) this.#arm(d.at);
  }

  #arm(at: number): void {
    this.#timer?.cancel();
    this.#armedAt = at;
    this.#timer = this.#timerClock.setTimeout(this.#onTimer, at - this.#clock.now());
  }

  #drain(): void {
    const heap = this.#heap;
    const now = this.#clock.now();
    // Deliveries scheduled while draining wait for the next timer turn, even at zero latency, so
    // that a zero-latency ping-pong cannot starve the event loop.
    const limit = this.#seq;
    this.#draining = true;
    try {
      for (let d = heap.peek(); d !== undefined && d.at <= now && d.seq < limit; d = heap.peek()) {
        heap.pop();
        this.#dispatch(d, now);
      }
    } finally {
      this.#draining = false;
    }
    const next = heap.peek();
    if (next !== undefined && next.at < this.#armedAt) this.#arm(next.at);
  }
}
