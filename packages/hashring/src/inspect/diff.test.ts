import { describe, expect, it } from 'vitest';
import { makeKeys } from '../testing/keys.js';
import { createRing } from '../ring/create-ring.js';
import { diffKeys, diffRanges, type RangeDiff, type RangeMove } from './diff.js';
import type { HashRing } from '../ring/ring.js';

const NAMES = Array.from({ length: 8 }, (_, i) => `10.1.0.${i}:7946`);

function inMoves(diff: RangeDiff, position: number): RangeMove | undefined {
  return diff.moves.find((m) => m.start <= position && position <= m.end);
}

/** Every key's fate must match the ranges: moved iff its position lies in a move, with that from→to. */
function checkAgainstKeys(before: HashRing, after: HashRing, keys: readonly string[]): void {
  const diff = diffRanges(before, after);
  for (const key of keys) {
    const move = inMoves(diff, before.positionOf(key));
    const from = before.getNode(key);
    const to = after.getNode(key);
    if (from === to) expect(move).toBeUndefined();
    else expect(move).toEqual({ start: move?.start, end: move?.end, from, to });
  }
}

describe('diffRanges', () => {
  it('vnode add: every range goes to the newcomer and covers about 1/(N+1) of the circle (seed 91)', () => {
    const before = createRing(NAMES);
    const after = before.add('10.1.0.99:7946');
    const diff = diffRanges(before, after);
    expect(diff.positions).toBe(2 ** 32);
    expect(diff.moves.length).toBeGreaterThan(100);
    expect(diff.moves.every((m) => m.to === '10.1.0.99:7946' && m.from !== undefined)).toBe(true);
    expect(diff.moved / diff.positions).toBeGreaterThan(0.7 / 9);
    expect(diff.moved / diff.positions).toBeLessThan(1.3 / 9);
    expect(diff.moves.reduce((sum, m) => sum + m.end - m.start + 1, 0)).toBe(diff.moved);
    checkAgainstKeys(before, after, makeKeys(91, 5000));
  });
  it('vnode remove and weight change agree with key-by-key lookups (seed 92)', () => {
    const ring = createRing(NAMES.map((name, i) => ({ name, weight: 1 + (i % 2) })));
    checkAgainstKeys(ring, ring.remove(NAMES[2]!), makeKeys(92, 5000));
    checkAgainstKeys(ring, ring.setWeight(NAMES[3]!, 4), makeKeys(93, 5000));
  });
  it('ketama and hashRingPy rings diff in the MD5 position space (seed 94)', () => {
    const ketama = createRing(NAMES, { algorithm: 'ketama' });
    checkAgainstKeys(ketama, ketama.add('new:1'), makeKeys(94, 3000));
    const py = createRing(NAMES, { algorithm: 'hashRingPy' });
    checkAgainstKeys(py, py.remove(NAMES[0]!), makeKeys(95, 3000));
  });
  it('maglev diffs table slots (seed 96)', () => {
    const ring = createRing(NAMES, { algorithm: 'maglev', tableSize: 1009 });
    const after = ring.add('new:1');
    const diff = diffRanges(ring, after);
    expect(diff.positions).toBe(1009);
    checkAgainstKeys(ring, after, makeKeys(96, 3000));
  });
  it('from and to the empty ring', () => {
    const empty = createRing([]);
    const one = createRing(['solo']);
    expect(diffRanges(empty, one).moves).toEqual([
      { start: 0, end: 2 ** 32 - 1, from: undefined, to: 'solo' },
    ]);
    expect(diffRanges(one, empty).moved).toBe(2 ** 32);
    expect(diffRanges(one, createRing(['solo'])).moves).toEqual([]);
  });
  it('rejects rings without ranges or with different position spaces', () => {
    expect(() =>
      diffRanges(createRing(NAMES, { algorithm: 'rendezvous' }), createRing(NAMES)),
    ).toThrow(expect.objectContaining({ code: 'ERR_UNSUPPORTED' }) as Error);
    expect(() => diffRanges(createRing(NAMES), createRing(NAMES, { seed: 1 }))).toThrow(
      expect.objectContaining({ code: 'ERR_INCOMPATIBLE_RINGS' }) as Error,
    );
    expect(() => diffRanges(createRing(NAMES), createRing(NAMES, { algorithm: 'ketama' }))).toThrow(
      expect.objectContaining({ code: 'ERR_INCOMPATIBLE_RINGS' }) as Error,
    );
  });
});

describe('diffKeys', () => {
  it('lists exactly the keys whose owner changed, across any algorithms (seed 97)', () => {
    const keys = makeKeys(97, 4000);
    const before = createRing(NAMES, { algorithm: 'ketama' });
    const after = createRing(NAMES);
    const moves = diffKeys(before, after, keys);
    const expected = keys.filter((k) => before.getNode(k) !== after.getNode(k));
    expect(moves.map((m) => m.key)).toEqual(expected);
    for (const m of moves) {
      expect(m.from).toBe(before.getNode(m.key));
      expect(m.to).toBe(after.getNode(m.key));
    }
    expect(moves.length).toBeGreaterThan(keys.length / 2);
  });
  it('rendezvous: a join moves keys only to the newcomer (seed 98)', () => {
    const ring = createRing(NAMES, { algorithm: 'rendezvous' });
    const moves = diffKeys(ring, ring.add('new:1'), makeKeys(98, 4000));
    expect(moves.length).toBeGreaterThan(0);
    expect(moves.every((m) => m.to === 'new:1')).toBe(true);
  });
  it('rejects invalid keys', () => {
    const ring = createRing(NAMES);
    expect(() => diffKeys(ring, ring, [1 as unknown as string])).toThrow(
      expect.objectContaining({ code: 'ERR_INVALID_KEY' }) as Error,
    );
  });
});
