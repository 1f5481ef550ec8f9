import { describe, expect, it } from 'vitest';
import { RecentBuffer } from './recent-buffer.js';

describe('RecentBuffer (Serf event/query window)', () => {
  it('accepts new entries once and refuses duplicates at the same time', () => {
    const b = new RecentBuffer<string>(4, (x, y) => x === y);
    expect(b.add(1, 'a', 2)).toBe(true);
    expect(b.add(1, 'a', 2)).toBe(false);
    expect(b.add(1, 'b', 2)).toBe(true); // same time, different entry
    expect(b.slots()[1]).toEqual({ ltime: 1, items: ['a', 'b'] });
  });

  it('refuses entries older than the window and reuses slots by ltime % size', () => {
    const b = new RecentBuffer<string>(4, (x, y) => x === y);
    expect(b.add(10, 'x', 11)).toBe(true);
    expect(b.add(6, 'old', 11)).toBe(false); // 6 < 11 - 4
    expect(b.add(7, 'edge', 11)).toBe(true); // 7 == 11 - 4 is still inside
    expect(b.add(14, 'y', 15)).toBe(true); // replaces slot 2 (10 % 4)
    expect(b.slots()[2]).toEqual({ ltime: 14, items: ['y'] });
    expect(b.add(10, 'x', 15)).toBe(false); // 10 < 15 - 4: too old now
  });
});
