import { describe, expect, it } from 'vitest';
import { createInterner } from './intern.js';

describe('createInterner', () => {
  it('returns one shared instance for equal names, addresses and byte arrays', () => {
    const interner = createInterner();
    const a = interner.claim({
      name: ['node', '1'].join('-'),
      address: '10.0.0.1:7946',
      meta: Uint8Array.of(1, 2),
      incarnation: 3,
      vsn: Uint8Array.of(1, 5, 2, 0, 0, 0),
    });
    const b = interner.claim({
      name: ['node', '1'].join('-'),
      address: '10.0.0.1:7946',
      meta: Uint8Array.of(1, 2),
      incarnation: 4,
      vsn: Uint8Array.of(1, 5, 2, 0, 0, 0),
    });
    expect(b.meta).toBe(a.meta);
    expect(b.vsn).toBe(a.vsn);
    expect(b.name).toBe('node-1');
    expect(b.incarnation).toBe(4);
  });
  it('keeps different contents apart', () => {
    const interner = createInterner();
    const base = { name: 'n', address: 'a:1', incarnation: 1, vsn: new Uint8Array(0) };
    const a = interner.claim({ ...base, meta: Uint8Array.of(1) });
    const b = interner.claim({ ...base, meta: Uint8Array.of(2) });
    expect(a.meta).not.toBe(b.meta);
    expect([...b.meta]).toEqual([2]);
  });
  it('returns the same claim object for equal claims, a new one when any field differs', () => {
    const interner = createInterner();
    const claim = (incarnation: number, meta: number[]) => ({
      name: ['node', '2'].join('-'),
      address: '10.0.0.2:7946',
      meta: Uint8Array.from(meta),
      incarnation,
      vsn: Uint8Array.of(1, 5, 2, 0, 0, 0),
    });
    const a = interner.claim(claim(1, [7]));
    expect(interner.claim(claim(1, [7]))).toBe(a);
    const b = interner.claim(claim(2, [7]));
    expect(b).not.toBe(a);
    expect(b.incarnation).toBe(2);
    const c = interner.claim(claim(2, [8]));
    expect(c).not.toBe(b);
    expect([...c.meta]).toEqual([8]);
    expect(Object.isFrozen(c)).toBe(true);
  });
});
