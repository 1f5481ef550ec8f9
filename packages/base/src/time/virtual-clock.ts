import type { Clock, TimerHandle } from './clock.js';
import { DEFAULT_RUN_ALL_MAX_TIMERS } from '../constants.js';
import { RingError } from '../errors/ring-error.js';
import { TimerHeap } from './timer-heap.js';

class VirtualTimer implements TimerHandle {
  at: number;
  seq: number;
  heapIndex = -1;
  callback: (() => void) | undefined;
  readonly #clock: VirtualClock;
  constructor(clock: VirtualClock, at: number, seq: number, callback: () => void) {
    this.#clock = clock;
    this.at = at;
    this.seq = seq;
    this.callback = callback;
  }
  cancel(): void {
    if (this.callback === undefined) return;
    this.callback = undefined;
    this.#clock.onCancel(this);
  }
}

/** The handle of a timer that never fires (`delayMs` = `Infinity`): not scheduled, not pending. */
const NEVER: TimerHandle = Object.freeze({ cancel: () => undefined });

/** Options for {@link VirtualClock.runUntil}. */
export interface RunUntilOptions {
  /** Give up once virtual time has moved this far past the call (ms). */
  readonly maxMs: number;
}

/** Options for {@link VirtualClock.runAll}. */
export interface RunAllOptions {
  /**
   * Stop with `ERR_TIMEOUT` after running this many timers (guards against self-rescheduling loops).
   * @defaultValue 1_000_000
   */
  readonly maxTimers?: number;
}

/**
 * A {@link Clock} whose time moves only when told to. Simulations and protocol tests run on it:
 * nothing ever sleeps, and runs are reproducible.
 *
 * Ordering: timers run in due-time order; timers due at the same instant run in the order they
 * were scheduled. A timer scheduled by a running callback runs in the same `advance` if it falls
 * due within the advanced window (a zero delay runs at the current instant, after the timers
 * already due then).
 *
 * @example
 * ```ts
 * const clock = new VirtualClock(0);
 * clock.setTimeout(() => console.log('fired at', clock.now()), 100);
 * clock.advance(100); // fired at 100
 * ```
 */
export class VirtualClock implements Clock {
  #now: number;
  #seq = 0;
  #pending = 0;
  readonly #heap = new TimerHeap<VirtualTimer>();

  /**
   * @param startMs - initial value of {@link VirtualClock.now} (ms since the epoch).
   * @defaultValue 0
   * @throws RingError `ERR_INVALID_OPTION` if `startMs` is not a finite number.
   */
  constructor(startMs = 0) {
    if (!Number.isFinite(startMs)) {
      throw new RingError(
        'ERR_INVALID_OPTION',
        `VirtualClock start must be a finite number, got ${String(startMs)}`,
      );
    }
    this.#now = startMs;
  }

  /** Current virtual time (ms). */
  now(): number {
    return this.#now;
  }

  /** Number of scheduled timers that have neither fired nor been cancelled. */
  get pending(): number {
    return this.#pending;
  }

  /**
   * Schedule `callback` at `now() + delayMs` (negative or NaN delays count as 0; `Infinity` never
   * fires and is not counted as pending).
   *
   * @param callback - runs once, during a later {@link VirtualClock.advance} / `run*` call.
   * @param delayMs - delay in ms.
   */
  setTimeout(callback: () => void, delayMs: number): TimerHandle {
    const delay = delayMs > 0 ? delayMs : 0;
    if (delay === Number.POSITIVE_INFINITY) return NEVER;
    const timer = new VirtualTimer(this, this.#now + delay, this.#seq++, callback);
    this.#heap.push(timer);
    this.#pending++;
    return timer;
  }

  /** @internal called by a timer when cancelled: it leaves the heap at once. */
  onCancel(timer: VirtualTimer): void {
    this.#pending--;
    this.#heap.remove(timer);
  }

  /** Due time of the earliest pending timer, or `undefined` when none is pending. */
  nextAt(): number | undefined {
    return this.#peekLive()?.at;
  }

  /**
   * Move time forward by `ms`, running every timer that falls due on the way, in order. Exceptions
   * thrown by a callback propagate to the caller (the timer counts as run).
   *
   * @param ms - how far to move (≥ 0).
   * @throws RingError `ERR_INVALID_OPTION` if `ms` is negative or not finite.
   */
  advance(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) {
      throw new RingError(
        'ERR_INVALID_OPTION',
        `advance(ms) needs a finite ms ≥ 0, got ${String(ms)}`,
      );
    }
    const target = this.#now + ms;
    for (;;) {
      const timer = this.#peekLive();
      if (timer === undefined || timer.at > target) break;
      this.#runNext();
    }
    this.#now = target;
  }

  /**
   * Like {@link VirtualClock.advance} but lets pending promise callbacks settle (one macrotask turn)
   * after each timer, for code under test that awaits between timers.
   *
   * @param ms - how far to move (≥ 0).
   * @throws RingError `ERR_INVALID_OPTION` if `ms` is negative or not finite.
   */
  async advanceAsync(ms: number): Promise<void> {
    if (!Number.isFinite(ms) || ms < 0) {
      throw new RingError(
        'ERR_INVALID_OPTION',
        `advanceAsync(ms) needs a finite ms ≥ 0, got ${String(ms)}`,
      );
    }
    const target = this.#now + ms;
    await settle();
    for (;;) {
      const timer = this.#peekLive();
      if (timer === undefined || timer.at > target) break;
      this.#runNext();
      await settle();
    }
    this.#now = target;
  }

  /**
   * Run the earliest pending timer, moving time to its due time.
   *
   * @returns `false` when no timer was pending.
   */
  next(): boolean {
    if (this.#peekLive() === undefined) return false;
    this.#runNext();
    return true;
  }

  /**
   * Run timers until none is pending (including ones scheduled along the way).
   *
   * @returns how many timers ran.
   * @throws RingError `ERR_TIMEOUT` after `maxTimers` timers (a timer that keeps rescheduling).
   */
  runAll(options: RunAllOptions = {}): number {
    const max = options.maxTimers ?? DEFAULT_RUN_ALL_MAX_TIMERS;
    let ran = 0;
    while (this.#peekLive() !== undefined) {
      if (ran >= max) {
        throw new RingError(
          'ERR_TIMEOUT',
          `runAll gave up after ${max} timers; ${this.#pending} still pending`,
        );
      }
      this.#runNext();
      ran++;
    }
    return ran;
  }

  /**
   * Run timers one by one until `predicate()` holds or virtual time would pass `now() + maxMs`.
   * The predicate is checked before the first timer and after each one. On giving up, time is left
   * at the deadline.
   *
   * @returns whether the predicate became true.
   */
  runUntil(predicate: () => boolean, options: RunUntilOptions): boolean {
    const deadline = this.#now + options.maxMs;
    if (predicate()) return true;
    for (;;) {
      const timer = this.#peekLive();
      if (timer === undefined || timer.at > deadline) break;
      this.#runNext();
      if (predicate()) return true;
    }
    this.#now = Math.max(this.#now, deadline);
    return predicate();
  }

  /**
   * {@link VirtualClock.runUntil} for code that awaits between timers: lets promises settle after
   * each timer before checking `predicate`.
   *
   * @returns whether the predicate became true.
   */
  async runUntilAsync(predicate: () => boolean, options: RunUntilOptions): Promise<boolean> {
    const deadline = this.#now + options.maxMs;
    await settle();
    if (predicate()) return true;
    for (;;) {
      const timer = this.#peekLive();
      if (timer === undefined || timer.at > deadline) break;
      this.#runNext();
      await settle();
      if (predicate()) return true;
    }
    this.#now = Math.max(this.#now, deadline);
    return predicate();
  }

  /**
   * Run the clock until `promise` settles and return its result: the way a simulation awaits an
   * operation (a join, a leave) whose progress is driven by this clock's timers.
   *
   * @param promise - the operation to wait for.
   * @param options - how far virtual time may move before giving up.
   * @returns the promise's value (a rejection is passed on).
   * @throws RingError `ERR_TIMEOUT` when it has not settled after `options.maxMs` of virtual time.
   */
  async runUntilSettled<T>(promise: Promise<T>, options: RunUntilOptions): Promise<T> {
    let settled = false;
    const tracked = promise.finally(() => {
      settled = true;
    });
    // Observed here so a rejection while the clock runs is not reported as unhandled; the caller
    // still receives it from the returned promise.
    tracked.catch(() => undefined);
    if (!(await this.runUntilAsync(() => settled, options))) {
      throw new RingError(
        'ERR_TIMEOUT',
        `promise did not settle within ${options.maxMs} ms of virtual time`,
      );
    }
    return tracked;
  }

  #peekLive(): VirtualTimer | undefined {
    const heap = this.#heap;
    let top = heap.peek();
    while (top !== undefined && top.callback === undefined) {
      heap.pop();
      top = heap.peek();
    }
    return top;
  }

  #runNext(): void {
    const timer = this.#heap.pop()!;
    const callback = timer.callback!;
    timer.callback = undefined;
    this.#pending--;
    if (timer.at > this.#now) this.#now = timer.at;
    callback();
  }
}

/**
 * One macrotask turn: every queued promise reaction runs before it resolves. The only real timer
 * here: it waits for the event loop, never for time, so it keeps simulations deterministic.
 */
function settle(): Promise<void> {
  // eslint-disable-next-line no-restricted-globals -- an event-loop turn, not a protocol timer
  return new Promise((resolve) => setImmediate(resolve));
}
