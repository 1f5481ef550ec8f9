import { describe, expect, it } from 'vitest';
import { Awareness } from './awareness.js';

describe('Awareness', () => {
  it.each([
    // [deltas applied in order, expected score, expected scale of 1000 ms]
    [[], 0, 1000],
    [[1], 1, 2000],
    [[1, 1, 1], 3, 4000],
    [[-1], 0, 1000],
    [[3, -1], 2, 3000],
    [[10], 7, 8000],
    [[10, -2], 5, 6000],
    [[2, -10], 0, 1000],
  ] as [number[], number, number][])(
    'deltas %j give score %i and scale %i',
    (deltas, score, scaled) => {
      const a = new Awareness(8);
      for (const d of deltas) a.applyDelta(d);
      expect(a.score).toBe(score);
      expect(a.scaleTimeout(1000)).toBe(scaled);
    },
  );

  it('with a multiplier of 1 never leaves 0', () => {
    const a = new Awareness(1);
    expect(a.applyDelta(5)).toBe(0);
  });
});
