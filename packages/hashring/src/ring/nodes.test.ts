import { describe, expect, it } from 'vitest';
import { normalizeNodes, sortByName } from './nodes.js';
import { thrownCode } from '../testing/error-code.js';

const code = thrownCode;

describe('normalizeNodes', () => {
  it('accepts names, { name, weight } objects and { name: weight } records', () => {
    expect(normalizeNodes(['a', { name: 'b', weight: 3 }])).toEqual([
      { name: 'a', weight: 1 },
      { name: 'b', weight: 3 },
    ]);
    expect(normalizeNodes({ x: 2, y: 1 })).toEqual([
      { name: 'x', weight: 2 },
      { name: 'y', weight: 1 },
    ]);
  });
  it('rejects empty, non-string and duplicate names', () => {
    expect(code(() => normalizeNodes(['']))).toBe('ERR_INVALID_NODE');
    expect(code(() => normalizeNodes([42] as unknown as string[]))).toBe('ERR_INVALID_NODE');
    expect(code(() => normalizeNodes([null as unknown as string]))).toBe('ERR_INVALID_NODE');
    expect(code(() => normalizeNodes(['a', 'b', 'a']))).toBe('ERR_DUPLICATE_NODE');
    expect(code(() => normalizeNodes(7 as unknown as Iterable<string>))).toBe('ERR_INVALID_NODE');
  });
  it('rejects zero, negative, fractional, non-finite and huge weights', () => {
    for (const weight of [0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, 2_000_000]) {
      expect(code(() => normalizeNodes([{ name: 'a', weight }]))).toBe('ERR_INVALID_WEIGHT');
    }
    expect(code(() => normalizeNodes({ a: 0 }))).toBe('ERR_INVALID_WEIGHT');
  });
  it('sortByName orders by code unit and leaves the input alone', () => {
    const input = normalizeNodes(['b', 'a', 'B']);
    expect(sortByName(input).map((n) => n.name)).toEqual(['B', 'a', 'b']);
    expect(input.map((n) => n.name)).toEqual(['b', 'a', 'B']);
  });
});
