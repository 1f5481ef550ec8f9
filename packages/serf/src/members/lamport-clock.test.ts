import { describe, expect, it } from 'vitest';
import { LamportClock } from './lamport-clock.js';

describe('LamportClock', () => {
  it('increments, and witnesses only times at or ahead of it', () => {
    const c = new LamportClock(1);
    expect(c.time()).toBe(1);
    expect(c.increment()).toBe(2);
    c.witness(1); // behind: no change
    expect(c.time()).toBe(2);
    c.witness(2); // equal: move past it
    expect(c.time()).toBe(3);
    c.witness(10);
    expect(c.time()).toBe(11);
  });

  it('ignores values that would break the clock (negative, non-integer, beyond 2^53)', () => {
    const c = new LamportClock(5);
    for (const bad of [-1, 1.5, Number.NaN, Number.MAX_SAFE_INTEGER, 2 ** 60]) c.witness(bad);
    expect(c.time()).toBe(5);
  });
});
