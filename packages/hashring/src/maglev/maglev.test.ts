import { describe, expect, it } from 'vitest';
import { buildMaglevTable } from './maglev.js';
import { MaglevRing } from './maglev-ring.js';

const nodes = (weights: number[]): { name: string; weight: number }[] =>
  weights.map((weight, i) => ({ name: `m${i}`, weight }));

function slotCounts(table: Uint32Array, n: number): number[] {
  const counts = new Array<number>(n).fill(0);
  for (const owner of table) counts[owner]! += 1;
  return counts;
}

describe('buildMaglevTable', () => {
  it('fills every slot, equal weights within one slot of M/n', () => {
    for (const n of [1, 3, 10, 100]) {
      const counts = slotCounts(buildMaglevTable(nodes(new Array<number>(n).fill(1)), 65537, 0), n);
      expect(counts.reduce((a, b) => a + b, 0)).toBe(65537);
      expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(1);
    }
  });
  it('slot counts follow weights', () => {
    const counts = slotCounts(buildMaglevTable(nodes([1, 2, 4]), 65537, 0), 3);
    expect(counts[1]! / counts[0]!).toBeCloseTo(2, 1);
    expect(counts[2]! / counts[0]!).toBeCloseTo(4, 1);
  });
  it('needs at least as many slots as nodes', () => {
    expect(() => buildMaglevTable(nodes([1, 1, 1, 1]), 3, 0)).toThrow(
      expect.objectContaining({ code: 'ERR_INVALID_OPTION' }) as Error,
    );
  });
});

describe('MaglevRing', () => {
  it('a node owning no slot (extreme weights, tiny table) still appears in getNodes', () => {
    const ring = MaglevRing.from(
      [
        { name: 'big', weight: 1000 },
        { name: 'small', weight: 1 },
      ],
      { tableSize: 5 },
    );
    expect(ring.ownership().owners.every((o) => ring.nodes[o]!.name === 'big')).toBe(true);
    expect(ring.getNodes('k', 2)).toEqual(['big', 'small']);
  });
  it('positions are table slots', () => {
    const ring = MaglevRing.from(['a', 'b'], { tableSize: 13 });
    expect(ring.positions).toBe(13);
    expect(ring.positionOf('k')).toBeLessThan(13);
  });
});
