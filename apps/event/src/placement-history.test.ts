import { describe, expect, it } from 'vitest';
import { PlacementHistory } from './placement-history.js';

describe('PlacementHistory', () => {
  it("counts placements like seed 000's finally: summary", () => {
    const h = new PlacementHistory();
    for (const [key, owner] of [
      ['hello', ':7947'],
      ['world', ':7947'],
      ['hello', ':7948'],
      ['world', ':7948'],
      ['hello', ':7949'],
      ['world', ':7948'],
      ['foo', ':7949'],
    ] as const)
      h.record(key, owner);
    expect(h.owners('hello')).toEqual([':7947', ':7948', ':7949']);
    expect(h.owners('bar')).toEqual([]);
    expect(h.summary()).toEqual([
      'hello => :7949 (moves 3 times)',
      'world => :7948 (moves 2 times)',
      'foo   => :7949 (moves 1 times)',
    ]);
  });
});
