import type { Clock, TimerHandle } from '../clock.js';

/** Longest delay a Node timer holds (2^31 − 1 ms, ≈ 24.8 days); longer ones would fire after 1 ms. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** An `unref()`'d Node timer; delays beyond {@link MAX_TIMER_MS} run as a chain of timers. */
class SystemTimer implements TimerHandle {
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(callback: () => void, delayMs: number) {
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
    this.#timer.unref();
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
    return delay === Number.POSITIVE_INFINITY ? NEVER : new SystemTimer(callback, delay);
  },
});
