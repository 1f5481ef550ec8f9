/** A scheduled callback that can be cancelled. Cancelling twice, or after it fired, is a no-op. */
export interface TimerHandle {
  /** Prevent the callback from running if it has not run yet. */
  cancel(): void;
}

/**
 * Time as seen by protocol code. Injected everywhere so that simulations can run on a
 * {@link VirtualClock} instead of wall time: protocol code never calls `Date.now`, global timers or
 * `Math.random` directly.
 */
export interface Clock {
  /** Milliseconds since the Unix epoch (virtual clocks start wherever they were told to). */
  now(): number;
  /**
   * Run `callback` once after `delayMs` milliseconds (negative or NaN counts as 0; `Infinity` never
   * fires). System clocks `unref()` the underlying timer so that a pending protocol timer never
   * keeps the process alive.
   */
  setTimeout(callback: () => void, delayMs: number): TimerHandle;
}
