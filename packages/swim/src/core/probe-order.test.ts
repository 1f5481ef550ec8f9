import { describe, expect, it } from 'vitest';
import { createSeededRandom } from '@ring/base';
import { ProbeOrder } from './probe-order.js';

describe('ProbeOrder (seed 7)', () => {
  it('visits every eligible name exactly once per round, in a shuffled order', () => {
    const order = new ProbeOrder(createSeededRandom(7));
    const names = Array.from({ length: 20 }, (_, i) => `n${i}`);
    for (const n of names) order.add(n);
    const all = (): boolean => true;
    const round1 = names.map(() => order.next(all, all));
    const round2 = names.map(() => order.next(all, all));
    expect(new Set(round1).size).toBe(20);
    expect(new Set(round2).size).toBe(20);
    expect(round2).not.toEqual(round1);
  });

  it('skips ineligible names and drops names `keep` rejects at the round boundary', () => {
    const order = new ProbeOrder(createSeededRandom(7));
    for (const n of ['a', 'b', 'c', 'd']) order.add(n);
    const seen: string[] = [];
    for (let i = 0; i < 3; i++)
      seen.push(
        order.next(
          (n) => n !== 'b',
          () => true,
        )!,
      );
    expect(seen.sort()).toEqual(['a', 'c', 'd']);
    // Next call wraps: 'c' is reaped.
    const next: string[] = [];
    for (let i = 0; i < 3; i++)
      next.push(
        order.next(
          () => true,
          (n) => n !== 'c',
        )!,
      );
    expect(next.sort()).toEqual(['a', 'b', 'd']);
    expect(order.size).toBe(3);
  });

  it('returns undefined when nobody is eligible, or the list is empty', () => {
    const order = new ProbeOrder(createSeededRandom(7));
    expect(
      order.next(
        () => true,
        () => true,
      ),
    ).toBeUndefined();
    order.add('self');
    expect(
      order.next(
        () => false,
        () => true,
      ),
    ).toBeUndefined();
  });

  it('probes a member added mid-round before the round ends', () => {
    const order = new ProbeOrder(createSeededRandom(7));
    for (const n of ['a', 'b', 'c', 'd', 'e']) order.add(n);
    const all = (): boolean => true;
    const seen = [order.next(all, all), order.next(all, all)];
    order.add('new');
    for (let i = 0; i < 4; i++) seen.push(order.next(all, all));
    expect(seen).toContain('new');
    expect(new Set(seen).size).toBe(6);
  });
});
