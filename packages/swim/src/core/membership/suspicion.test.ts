import { describe, expect, it } from 'vitest';
import { Suspicion } from './suspicion.js';

describe('Suspicion', () => {
  it('starts at max with k ≥ 1 and shrinks with independent confirmations (memberlist values)', () => {
    const s = new Suspicion('a', 2, 4000, 24000, 1000);
    expect(s.deadline()).toBe(25_000);
    expect(s.confirm('a')).toBe(false); // the originator is not a confirmation
    expect(s.confirm('b')).toBe(true);
    expect(s.deadline()).toBe(1000 + 11_381);
    expect(s.confirm('b')).toBe(false); // duplicate
    expect(s.confirm('c')).toBe(true);
    expect(s.deadline()).toBe(5000);
    expect(s.confirm('d')).toBe(false); // k reached
    expect(s.confirmations).toBe(2);
  });

  it('uses the minimum when k = 0 and counts nothing', () => {
    const s = new Suspicion('a', 0, 4000, 24000, 0);
    expect(s.deadline()).toBe(4000);
    expect(s.maxMs).toBe(4000);
    expect(s.confirm('b')).toBe(false);
  });
});
