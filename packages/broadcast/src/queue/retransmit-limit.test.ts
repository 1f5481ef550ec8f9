import { describe, expect, it } from 'vitest';
import { expectBroadcastError } from '../testing/expect-error.js';
import { retransmitLimit } from './retransmit-limit.js';

describe('retransmitLimit', () => {
  it('is 0 for an empty cluster and mult × digits(n) otherwise', () => {
    expect(retransmitLimit(4, 0)).toBe(0);
    expect(retransmitLimit(3, 1)).toBe(3);
    expect(retransmitLimit(3, 1_000_000)).toBe(21);
    expect(retransmitLimit(0, 500)).toBe(0);
  });

  it.each([
    [-1, 5],
    [1.5, 5],
    [Number.NaN, 5],
    [4, -1],
    [4, 2.5],
    [4, Number.POSITIVE_INFINITY],
    [4, Number.NaN],
  ])('rejects mult %s, n %s with ERR_INVALID_ARGUMENT', (mult, n) => {
    expectBroadcastError(() => retransmitLimit(mult, n), 'ERR_INVALID_ARGUMENT');
  });
});
