import { describe, expect, it } from 'vitest';
import { TokenBucket, isValidMemberName, utf8Length } from './admission.js';

describe('TokenBucket', () => {
  it('admits a burst, then the refill rate', () => {
    const b = new TokenBucket(10, 3, 0);
    expect([b.take(0), b.take(0), b.take(0), b.take(0)]).toEqual([true, true, true, false]);
    expect(b.take(50)).toBe(false); // half a token
    expect(b.take(100)).toBe(true);
    expect(b.take(100)).toBe(false);
    // Idle time refills up to the burst, not beyond.
    expect([b.take(10_000), b.take(10_000), b.take(10_000), b.take(10_000)]).toEqual([
      true,
      true,
      true,
      false,
    ]);
  });
});

describe('member names', () => {
  it('counts UTF-8 bytes', () => {
    expect(utf8Length('abc')).toBe(3);
    expect(utf8Length('é')).toBe(2);
    expect(utf8Length('€')).toBe(3);
    expect(utf8Length('😀')).toBe(4);
  });

  it.each([
    ['node-1', true],
    ['ノード', true],
    ['😀', true],
    ['', false],
    ['a'.repeat(256), false],
    ['bad\ufffdname', false],
    ['ctl\u0007', false],
    ['c1\u0085', false],
    ['lone\ud800', false],
  ] as const)('%j valid: %s', (name, ok) => {
    expect(isValidMemberName(name, 255)).toBe(ok);
  });

  it('the byte bound is on UTF-8 bytes, not UTF-16 units', () => {
    expect(isValidMemberName('é'.repeat(128), 255)).toBe(false);
    expect(isValidMemberName('é'.repeat(127), 255)).toBe(true);
  });
});
