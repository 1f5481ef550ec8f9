import type { Clock, TimerHandle } from '@ring/base';
import type { Suspicion } from '../../core/membership/suspicion.js';

/**
 * One timer per suspected member, at its suspicion's current deadline (which confirmations
 * shorten): re-armed on every confirmation, cancelled when the member refutes or is declared
 * dead, all cancelled at shutdown.
 */
export class SuspicionTimers {
  readonly #clock: Clock;
  readonly #stopped: () => boolean;
  readonly #expire: (name: string, suspicion: Suspicion) => void;
  readonly #timers = new Map<string, TimerHandle>();

  /**
   * @param clock - the node's clock.
   * @param stopped - true once the node has shut down (an expiry then does nothing).
   * @param expire - called when a suspicion's deadline passes.
   */
  constructor(
    clock: Clock,
    stopped: () => boolean,
    expire: (name: string, suspicion: Suspicion) => void,
  ) {
    this.#clock = clock;
    this.#stopped = stopped;
    this.#expire = expire;
  }

  /** Cancel the suspicion timer of `name`, if any. */
  cancel(name: string): void {
    const h = this.#timers.get(name);
    if (h !== undefined) {
      h.cancel();
      this.#timers.delete(name);
    }
  }

  /** (Re-)arm the timer of `name` at the suspicion's current deadline. */
  arm(name: string, suspicion: Suspicion): void {
    this.cancel(name);
    const delay = Math.max(0, suspicion.deadline() - this.#clock.now());
    const handle = this.#clock.setTimeout(() => {
      if (this.#timers.get(name) === handle) this.#timers.delete(name);
      if (this.#stopped()) return;
      this.#expire(name, suspicion);
    }, delay);
    this.#timers.set(name, handle);
  }

  /** Cancel every timer (shutdown). */
  cancelAll(): void {
    for (const t of this.#timers.values()) t.cancel();
    this.#timers.clear();
  }
}
