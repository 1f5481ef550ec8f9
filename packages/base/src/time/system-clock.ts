import type { Clock, TimerHandle } from './clock.js';

/** Longest delay a Node timer holds (2^31 − 1 ms, ≈ 24.8 days); longer ones would fire after 1 ms. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * A Node timer, `unref()`'d unless `held`; delays beyond {@link MAX_TIMER_MS} run as a chain of
 * timers.
 */
class SystemTimer implements TimerHandle {
  #timer: ReturnType<typeof setTimeout> | undefined;
  readonly #held: boolean;

  constructor(callback: () => void, delayMs: number, held: boolean) {
    this.#held = held;
    this.#arm(callback, delayMs);
  }

  cancel(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  #arm(callback: () => void, remainingMs: number): void {
    this.#timer = setTimeout(
      () => {
        if (remainingMs > MAX_TIMER_MS) this.#arm(callback, remainingMs - MAX_TIMER_MS);
        else {
          this.#timer = undefined;
          callback();
        }
      },
      Math.min(remainingMs, MAX_TIMER_MS),
    );
    if (!this.#held) this.#timer.unref();
  }
}

/** The handle of a timer that never fires (`delayMs` = `Infinity`). */
const NEVER: TimerHandle = Object.freeze({ cancel: () => undefined });

/**
 * The wall clock: `Date.now()` and Node timers that are `unref()`'d, so a pending protocol timer
 * never keeps the process alive on its own. The default {@link Clock} everywhere.
 */
export const systemClock: Clock = Object.freeze({
  now(): number {
    return Date.now();
  },
  setTimeout(callback: () => void, delayMs: number): TimerHandle {
    const delay = delayMs > 0 ? delayMs : 0;
    return delay === Number.POSITIVE_INFINITY ? NEVER : new SystemTimer(callback, delay, false);
  },
});

/**
 * The wall clock with timers that are NOT `unref()`'d: a pending timer keeps the process alive.
 * Not exported from the package; only the memory network's delivery timer uses it (see
 * {@link deliveryTimerClock}).
 */
const heldSystemClock: Clock = Object.freeze({
  now: (): number => Date.now(),
  setTimeout(callback: () => void, delayMs: number): TimerHandle {
    const delay = delayMs > 0 ? delayMs : 0;
    return delay === Number.POSITIVE_INFINITY ? NEVER : new SystemTimer(callback, delay, true);
  },
});

/**
 * The clock a memory network arms its delivery timer on. For {@link systemClock} that is the wall
 * clock with a timer that keeps the process alive: a packet or stream chunk in flight on a
 * `MemoryNetwork` is pending I/O, like an unanswered read on a socket, so a script awaiting it
 * must not exit (code 13, unsettled top-level await) before it arrives. The delivery timer exists
 * only while deliveries are queued, so an idle network holds nothing. Any other clock (a
 * `VirtualClock`, a custom one) is returned unchanged: simulations are never kept alive or slowed.
 *
 * @internal
 */
export function deliveryTimerClock(clock: Clock): Clock {
  return clock === systemClock ? heldSystemClock : clock;
}

/**
 * Keep the process alive until the returned function is called (idempotent). Backs
 * `MemoryNetwork.createTransport({ unref: false })` on the system clock, as a bound socket backs
 * `createUdpTransport({ unref: false })`.
 *
 * @internal
 */
export function holdProcess(): () => void {
  let interval: ReturnType<typeof setInterval> | undefined = setInterval(
    () => undefined,
    MAX_TIMER_MS,
  );
  return () => {
    clearInterval(interval);
    interval = undefined;
  };
}
