import { describe, expect, it } from 'vitest';
import { createSeededRandom } from '@ring/base';
import { SortedChunks } from './sorted-chunks.js';

interface Item {
  readonly key: number;
}
const byKey = (a: Item, b: Item): number => a.key - b.key;

describe('SortedChunks', () => {
  it('is empty at first', () => {
    const set = new SortedChunks<Item>(byKey);
    expect(set.size).toBe(0);
    expect(set.first()).toBeUndefined();
    expect(set.last()).toBeUndefined();
    expect(set.lowerBound({ key: 0 })).toBeUndefined();
    expect(set.popLast()).toBeUndefined();
    expect(set.delete({ key: 1 })).toBe(false);
    expect([...set]).toEqual([]);
  });

  it('keeps elements ordered across many chunk splits', () => {
    const set = new SortedChunks<Item>(byKey);
    const items = Array.from({ length: 1000 }, (_, i) => ({ key: (i * 7919) % 1000 }));
    for (const item of items) set.insert(item);
    expect(set.size).toBe(1000);
    expect([...set].map((item) => item.key)).toEqual(Array.from({ length: 1000 }, (_, i) => i));
    expect(set.first()?.key).toBe(0);
    expect(set.last()?.key).toBe(999);
  });

  it('finds the lower bound with a probe that is not stored', () => {
    const set = new SortedChunks<Item>(byKey);
    for (let key = 0; key < 600; key += 2) set.insert({ key });
    expect(set.lowerBound({ key: 301 })?.key).toBe(302);
    expect(set.lowerBound({ key: 302 })?.key).toBe(302);
    expect(set.lowerBound({ key: -5 })?.key).toBe(0);
    expect(set.lowerBound({ key: 599 })).toBeUndefined();
  });

  it('removes what lowerBoundRemoveIf finds only when accepted', () => {
    const set = new SortedChunks<Item>(byKey);
    for (let key = 0; key < 200; key += 10) set.insert({ key });
    expect(set.lowerBoundRemoveIf({ key: 15 }, () => false)?.key).toBe(20);
    expect(set.size).toBe(20);
    expect(set.lowerBoundRemoveIf({ key: 15 }, (item) => item.key === 20)?.key).toBe(20);
    expect(set.size).toBe(19);
    expect(set.lowerBound({ key: 15 })?.key).toBe(30);
    expect(set.lowerBoundRemoveIf({ key: 500 }, () => true)).toBeUndefined();
    expect(set.size).toBe(19);
  });

  it('deletes by identity, not just by order', () => {
    const set = new SortedChunks<Item>(byKey);
    const stored = { key: 5 };
    set.insert(stored);
    expect(set.delete({ key: 5 })).toBe(false);
    expect(set.size).toBe(1);
    expect(set.delete(stored)).toBe(true);
    expect(set.size).toBe(0);
  });

  it('refuses an element equal to a stored one', () => {
    const set = new SortedChunks<Item>(byKey);
    set.insert({ key: 1 });
    expect(() => set.insert({ key: 1 })).toThrow(/duplicate/);
    expect(set.size).toBe(1);
  });

  it('clears', () => {
    const set = new SortedChunks<Item>(byKey);
    for (let key = 0; key < 300; key++) set.insert({ key });
    set.clear();
    expect(set.size).toBe(0);
    expect([...set]).toEqual([]);
  });

  it.each([1, 2, 3, 4])(
    'matches a sorted-array model under random operations (seed %i)',
    (seed) => {
      const random = createSeededRandom(seed);
      const set = new SortedChunks<Item>(byKey);
      let model: Item[] = [];
      const used = new Set<number>();
      for (let step = 0; step < 6000; step++) {
        const choice = random.int(10);
        // Grow to a few hundred elements (several chunks), then shrink, then grow again.
        const growing = Math.floor(step / 1500) % 2 === 0;
        if (choice < (growing ? 6 : 3)) {
          let key = random.int(5000);
          while (used.has(key)) key = random.int(5000);
          used.add(key);
          const item = { key };
          set.insert(item);
          model.push(item);
          model.sort(byKey);
        } else if (choice < 8) {
          const victim = model.length > 0 ? model[random.int(model.length)] : undefined;
          if (victim !== undefined) {
            expect(set.delete(victim)).toBe(true);
            model = model.filter((item) => item !== victim);
            used.delete(victim.key);
          }
        } else if (choice < 9) {
          const popped = set.popLast();
          expect(popped).toBe(model.pop());
          if (popped !== undefined) used.delete(popped.key);
        } else {
          const probe = { key: random.int(5100) };
          const expected = model.find((item) => item.key >= probe.key);
          if (random.next() < 0.5) {
            expect(set.lowerBound(probe)).toBe(expected);
          } else {
            // Remove what is found when its key is even.
            expect(set.lowerBoundRemoveIf(probe, (item) => item.key % 2 === 0)).toBe(expected);
            if (expected !== undefined && expected.key % 2 === 0) {
              model = model.filter((item) => item !== expected);
              used.delete(expected.key);
            }
          }
        }
        expect(set.size).toBe(model.length);
        expect(set.first()).toBe(model[0]);
        expect(set.last()).toBe(model[model.length - 1]);
        if (step % 250 === 0) expect([...set]).toEqual(model);
      }
      expect([...set]).toEqual(model);
    },
  );
});
