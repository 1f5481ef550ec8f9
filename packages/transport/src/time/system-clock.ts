import type { Clock, TimerHandle } from '../clock.js';

class SystemTimer implements TimerHandle {
  readonly #timer: ReturnType<typeof setTimeout>;
  constructor(timer: ReturnType<typeof setTimeout>) {
    this.#timer = timer;
  }
  cancel(): void {
    clearTimeout(this.#timer);
  }
}

/**
 * The wall clock: `Date.now()` and Node timers that are `unref()`'d, so a pending protocol timer
 * never keeps the process alive on its own. The default {@link Clock} everywhere.
 */
export const systemClock: Clock = Object.freeze({
  now(): number {
    return Date.now();
  },
  setTimeout(callback: () => void, delayMs: number): TimerHandle {
    const delay = Number.isFinite(delayMs) && delayMs > 0 ? delayMs : 0;
    const timer = setTimeout(callback, delay);
    timer.unref();
    return new SystemTimer(timer);
  },
});
