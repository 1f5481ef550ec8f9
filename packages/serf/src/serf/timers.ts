/**
 * The Serf member's timers and sleeps on the injected clock. Shutdown cancels every timer and
 * ends every sleep at once, so a leave in progress never hangs.
 */
import type { Clock, TimerHandle } from '@ring/base';
import type { Logger } from '@ring/swim';

/** Timers owned by one Serf member. */
export class SerfTimers {
  readonly #clock: Clock;
  readonly #logger: Logger;
  readonly #stopped: () => boolean;
  readonly #timers = new Set<TimerHandle>();
  readonly #sleepers = new Set<() => void>();

  /**
   * @param clock - timer source.
   * @param logger - told when a timer callback throws.
   * @param stopped - true once the member shut down (a due timer then does nothing).
   */
  constructor(clock: Clock, logger: Logger, stopped: () => boolean) {
    this.#clock = clock;
    this.#logger = logger;
    this.#stopped = stopped;
  }

  /** Run `fn` once after `ms`, unless the member shut down meanwhile. */
  schedule(fn: () => void, ms: number): void {
    const h = this.#clock.setTimeout(() => {
      this.#timers.delete(h);
      if (this.#stopped()) return;
      try {
        fn();
      } catch (err) {
        this.#logger.error({ err }, 'serf timer threw');
      }
    }, ms);
    this.#timers.add(h);
  }

  /** Wait `ms` on the injected clock; {@link SerfTimers.cancelAll} ends the wait at once. */
  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        this.#timers.delete(h);
        this.#sleepers.delete(done);
        resolve();
      };
      const h = this.#clock.setTimeout(done, ms);
      this.#timers.add(h);
      this.#sleepers.add(done);
    });
  }

  /** Cancel every timer and wake every sleeper (shutdown). */
  cancelAll(): void {
    for (const t of this.#timers) t.cancel();
    this.#timers.clear();
    for (const wake of [...this.#sleepers]) wake();
  }
}
