import { describe, expect, it } from 'vitest';
import type { AliveClaim } from '../../core/membership/member-table.js';
import { ReclaimHolds } from './reclaim-holds.js';

const claim = (name: string, incarnation: number, address: string): AliveClaim => ({
  name,
  address,
  incarnation,
  meta: new Uint8Array(0),
  vsn: new Uint8Array([1, 5, 5, 2, 5, 4]),
});

describe('ReclaimHolds', () => {
  it('holds the newest claim per name and applies it once, when its timer fires', () => {
    const timers: { fn: () => void; delayMs: number }[] = [];
    const applied: [AliveClaim, string][] = [];
    const holds = new ReclaimHolds<string>(
      (fn, delayMs) => timers.push({ fn, delayMs }),
      (c, ctx) => applied.push([c, ctx]),
    );
    expect(holds.hold(claim('b', 2, '10.0.0.9:7946'), 'first', 4000)).toBe(true);
    expect(holds.hold(claim('b', 3, '10.0.0.9:7946'), 'newer', 3000)).toBe(false);
    expect(holds.hold(claim('b', 1, '10.0.0.8:7946'), 'older', 3000)).toBe(false);
    expect(holds.hold(claim('c', 5, '10.0.0.7:7946'), 'other', -5)).toBe(true);
    expect(timers.map((t) => t.delayMs)).toEqual([4000, 0]);
    expect(holds.size).toBe(2);
    timers[0]!.fn();
    expect(applied).toEqual([[claim('b', 3, '10.0.0.9:7946'), 'newer']]);
    expect(holds.size).toBe(1);
    // Once applied, the name can be held again (a new window after a new death).
    expect(holds.hold(claim('b', 4, '10.0.0.9:7946'), 'again', 100)).toBe(true);
    timers[1]!.fn();
    expect(applied.at(-1)).toEqual([claim('c', 5, '10.0.0.7:7946'), 'other']);
  });
});
