import { BroadcastError } from '../errors.js';

/**
 * How many times a broadcast is transmitted in a cluster of `n` nodes: `mult × ⌈log10(n + 1)⌉`,
 * memberlist's `retransmitLimit`. With mult 4: 0 for n = 0, 4 for 1–9, 8 for 10–99, 12 for
 * 100–999, 16 for 1 000–9 999.
 *
 * `⌈log10(n + 1)⌉` is computed as the number of decimal digits of `n` (0 for n = 0), which is the
 * same value without floating-point rounding at powers of ten (checked against Go's math for
 * n = 10^k − 1 and 10^k in the test fixtures).
 *
 * The transmit-limited queue hands every broadcast out at least once, so a limit of 0 (n = 0)
 * behaves like 1 there, exactly as in memberlist.
 *
 * @param mult - retransmit multiplier (non-negative safe integer).
 * @param n - number of nodes in the cluster, self included (non-negative safe integer).
 * @returns the retransmit limit.
 * @throws BroadcastError `ERR_INVALID_ARGUMENT` when either input is not a non-negative safe integer.
 */
export function retransmitLimit(mult: number, n: number): number {
  if (!Number.isSafeInteger(mult) || mult < 0) {
    throw new BroadcastError(
      'ERR_INVALID_ARGUMENT',
      `retransmit multiplier must be a non-negative integer, got ${String(mult)}`,
    );
  }
  if (!Number.isSafeInteger(n) || n < 0) {
    throw new BroadcastError(
      'ERR_INVALID_ARGUMENT',
      `node count must be a non-negative integer, got ${String(n)}`,
    );
  }
  return mult * decimalDigits(n);
}

/** Number of decimal digits of a non-negative integer, 0 for 0 (= ⌈log10(n + 1)⌉). */
function decimalDigits(n: number): number {
  let digits = 0;
  for (let rest = n; rest > 0; rest = Math.floor(rest / 10)) digits++;
  return digits;
}
