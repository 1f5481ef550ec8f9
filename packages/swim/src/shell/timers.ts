import type { Clock, TimerHandle } from '@ring/base';
import type { Logger } from '../observe/observability.js';

/**
 * The timers of a running node's loops (probe, gossip, push/pull, reconnect) and of the probe
 * steps that must not outlive it: each runs once, is forgotten when it fires, and
 * {@link Timers.cancelAll} stops whatever is left at shutdown.
 */
export class Timers {
  readonly #clock: Clock;
  readonly #logger: Logger;
  readonly #stopped: () => boolean;
  readonly #pending = new Set<TimerHandle>();

  /**
   * @param clock - the node's clock.
   * @param logger - where a throwing callback is reported.
   * @param stopped - true once the node has shut down (a late timer then does nothing).
   */
  constructor(clock: Clock, logger: Logger, stopped: () => boolean) {
    this.#clock = clock;
    this.#logger = logger;
    this.#stopped = stopped;
  }

  /** Run `fn` after `delayMs`, tracked so that shutdown cancels it; exceptions are logged. */
  schedule(fn: () => void, delayMs: number): void {
    const handle = this.#clock.setTimeout(() => {
      this.#pending.delete(handle);
      if (this.#stopped()) return;
      try {
        fn();
      } catch (error) {
        this.#logger.error({ err: error }, 'swim timer callback threw');
      }
    }, delayMs);
    this.#pending.add(handle);
  }

  /** Cancel every pending timer. */
  cancelAll(): void {
    for (const t of this.#pending) t.cancel();
    this.#pending.clear();
  }
}
