import { describe, expect, it } from 'vitest';
import { retransmitLimit } from '@ring/broadcast';
import {
  pushPullScaleMs,
  remainingSuspicionTimeMs,
  suspicionConfirmations,
  suspicionTimeoutMs,
} from './timing.js';

// Outputs of memberlist v0.2.2's own helpers (shared/fixtures/memberlist/formulas.json).
// [suspicionMult, n, probeIntervalMs, expected minTimeoutMs]
const SUSPICION_TIMEOUT: [number, number, number, number][] = [
  [4, 1, 1000, 4000],
  [4, 2, 1000, 4000],
  [4, 3, 1000, 4000],
  [4, 5, 1000, 4000],
  [4, 10, 1000, 4000],
  [4, 32, 1000, 6020],
  [4, 33, 1000, 6072],
  [4, 64, 1000, 7224],
  [4, 65, 1000, 7248],
  [4, 100, 1000, 8000],
  [4, 1000, 1000, 12000],
  [4, 10000, 1000, 16000],
];
// [confirmations, k, elapsedMs, minMs, maxMs, expected remainingMs]
const REMAINING: [number, number, number, number, number, number][] = [
  [0, 2, 0, 4000, 24000, 24000],
  [1, 2, 0, 4000, 24000, 11381],
  [2, 2, 0, 4000, 24000, 4000],
  [1, 3, 0, 4000, 24000, 14000],
  [2, 3, 0, 4000, 24000, 8150],
  [3, 3, 0, 4000, 24000, 4000],
];
// [retransmitMult, n, expected limit]
const RETRANSMIT: [number, number, number][] = [
  [4, 1, 4],
  [4, 2, 4],
  [4, 3, 4],
  [4, 5, 4],
  [4, 10, 8],
  [4, 32, 8],
  [4, 33, 8],
  [4, 64, 8],
  [4, 65, 8],
  [4, 100, 12],
  [4, 1000, 16],
  [4, 10000, 20],
];
// [intervalMs, n, expected scaledMs]
const PUSH_PULL: [number, number, number][] = [
  [30000, 1, 30000],
  [30000, 2, 30000],
  [30000, 3, 30000],
  [30000, 5, 30000],
  [30000, 10, 30000],
  [30000, 32, 30000],
  [30000, 33, 60000],
  [30000, 64, 60000],
  [30000, 65, 90000],
  [30000, 100, 90000],
  [30000, 1000, 180000],
  [30000, 10000, 300000],
];

describe('timing formulas match memberlist', () => {
  it.each(SUSPICION_TIMEOUT)(
    'suspicionTimeout(mult %i, n %i, interval %i) = %i',
    (mult, n, interval, expected) => {
      expect(suspicionTimeoutMs(mult, n, interval)).toBe(expected);
    },
  );
  it.each(REMAINING)(
    'remainingSuspicionTime(c %i, k %i, elapsed %i, min %i, max %i) = %i',
    (c, k, elapsed, min, max, expected) => {
      expect(remainingSuspicionTimeMs(c, k, elapsed, min, max)).toBe(expected);
    },
  );
  // The engine's queues use @ring/broadcast's retransmitLimit: it must match memberlist too.
  it.each(RETRANSMIT)(
    'retransmitLimit (@ring/broadcast)(mult %i, n %i) = %i',
    (mult, n, expected) => {
      expect(retransmitLimit(mult, n)).toBe(expected);
    },
  );
  it.each(PUSH_PULL)('pushPullScale(interval %i, n %i) = %i', (interval, n, expected) => {
    expect(pushPullScaleMs(interval, n)).toBe(expected);
  });
});

describe('suspicion timing details', () => {
  it('subtracts elapsed time and can go negative when overdue', () => {
    expect(remainingSuspicionTimeMs(0, 2, 5_000, 4_000, 24_000)).toBe(19_000);
    expect(remainingSuspicionTimeMs(2, 2, 5_000, 4_000, 24_000)).toBe(-1_000);
  });
  it('never goes below the minimum, even past k confirmations', () => {
    expect(remainingSuspicionTimeMs(5, 2, 0, 4_000, 24_000)).toBe(4_000);
  });
  it('uses k = suspicionMult - 2, or 0 when the cluster is too small', () => {
    expect(suspicionConfirmations(4, 100)).toBe(2);
    expect(suspicionConfirmations(4, 4)).toBe(2);
    expect(suspicionConfirmations(4, 3)).toBe(0);
    expect(suspicionConfirmations(6, 5)).toBe(0);
    expect(suspicionConfirmations(2, 10)).toBe(0);
  });
});
