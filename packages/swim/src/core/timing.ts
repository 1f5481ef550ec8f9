/**
 * memberlist's timing formulas (`util.go`, `suspicion.go`), as pure functions of integers.
 * `formulas.json` in the memberlist fixtures holds outputs of the Go originals; the tests replay it.
 */

/**
 * The minimum suspicion timeout: `suspicionMult × max(1, log10(max(1, n))) × probeInterval`, with
 * the log factor truncated to 1/1000 as memberlist does.
 *
 * @param suspicionMult - memberlist `SuspicionMult`.
 * @param n - estimated cluster size (every known node, self included).
 * @param probeIntervalMs - the (unscaled) probe interval.
 * @returns the timeout in whole milliseconds.
 */
export function suspicionTimeoutMs(
  suspicionMult: number,
  n: number,
  probeIntervalMs: number,
): number {
  const nodeScale = Math.max(1, Math.log10(Math.max(1, n)));
  return Math.floor((suspicionMult * Math.floor(nodeScale * 1000) * probeIntervalMs) / 1000);
}

/**
 * How many independent confirmations shrink a suspicion to its minimum: `suspicionMult − 2`, or 0
 * when the cluster is too small to provide that many (`n − 2 < k`).
 *
 * @param suspicionMult - memberlist `SuspicionMult`.
 * @param n - estimated cluster size.
 */
export function suspicionConfirmations(suspicionMult: number, n: number): number {
  const k = suspicionMult - 2;
  return n - 2 < k ? 0 : Math.max(0, k);
}

/**
 * Time left on a suspicion timer after `confirmations` of `k` expected confirmations:
 * `max − (ln(c+1)/ln(k+1)) × (max − min)`, truncated to whole milliseconds, never below `min`,
 * minus the time already elapsed (may be negative: the timer is overdue).
 *
 * @param confirmations - independent confirmations received so far.
 * @param k - confirmations expected (see {@link suspicionConfirmations}).
 * @param elapsedMs - time since the suspicion started.
 * @param minMs - minimum timeout.
 * @param maxMs - maximum timeout.
 */
export function remainingSuspicionTimeMs(
  confirmations: number,
  k: number,
  elapsedMs: number,
  minMs: number,
  maxMs: number,
): number {
  const frac = k <= 0 ? 1 : Math.log(confirmations + 1) / Math.log(k + 1);
  const raw = maxMs / 1000 - frac * (maxMs / 1000 - minMs / 1000);
  let timeout = Math.floor(raw * 1000);
  if (timeout < minMs) timeout = minMs;
  return timeout - elapsedMs;
}

/**
 * The push/pull interval scaled with the cluster size: unchanged up to 32 nodes, then
 * `interval × (ceil(log2(n) − log2(32)) + 1)`.
 *
 * @param intervalMs - memberlist `PushPullInterval`.
 * @param n - estimated cluster size.
 */
export function pushPullScaleMs(intervalMs: number, n: number): number {
  const threshold = 32;
  if (n <= threshold) return intervalMs;
  const multiplier = Math.ceil(Math.log2(n) - Math.log2(threshold)) + 1;
  return multiplier * intervalMs;
}
