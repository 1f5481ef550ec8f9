import { describe, expect, it } from 'vitest';
import { StaleClaimLimiter } from './stale-claim-limiter.js';

describe('StaleClaimLimiter', () => {
  it('allows one correction per subject and address per window', () => {
    const l = new StaleClaimLimiter(200);
    expect(l.take('a', '10.0.0.1:7946', 1_000)).toBe(true);
    expect(l.take('a', '10.0.0.1:7946', 1_199)).toBe(false);
    expect(l.take('a', '10.0.0.2:7946', 1_100)).toBe(true);
    expect(l.take('b', '10.0.0.1:7946', 1_100)).toBe(true);
    expect(l.take('a', '10.0.0.1:7946', 1_200)).toBe(true);
  });

  it('starts over instead of growing past its bound', () => {
    const l = new StaleClaimLimiter(1_000, 3);
    for (const s of ['a', 'b', 'c']) expect(l.take(s, 'x', 0)).toBe(true);
    expect(l.take('d', 'x', 1)).toBe(true);
    // The memory was cleared for d: a, b and c may be corrected again.
    expect(l.take('a', 'x', 2)).toBe(true);
    expect(l.take('d', 'x', 3)).toBe(false);
  });
});
