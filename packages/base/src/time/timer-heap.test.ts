import { describe, expect, it } from 'vitest';
import { createSeededRandom } from '../random/seeded-random.js';
import { TimerHeap } from './timer-heap.js';

describe('TimerHeap', () => {
  it('seed 21: pops 5,000 random entries in (at, seq) order, interleaved with pushes', () => {
    const random = createSeededRandom(21);
    const heap = new TimerHeap<{ at: number; seq: number }>();
    const expected: { at: number; seq: number }[] = [];
    const popped: { at: number; seq: number }[] = [];
    let seq = 0;
    for (let i = 0; i < 5000; i++) {
      const e = { at: random.int(100), seq: seq++ };
      heap.push(e);
      expected.push(e);
      if (random.next() < 0.3) popped.push(heap.pop()!);
    }
    while (heap.size > 0) popped.push(heap.pop()!);
    expect(heap.pop()).toBeUndefined();
    expect(popped).toHaveLength(5000);
    // Every pop returned the minimum of what was in the heap at the time; check with a model.
    const model: { at: number; seq: number }[] = [];
    const replay = createSeededRandom(21);
    let k = 0;
    const out: { at: number; seq: number }[] = [];
    const takeMin = (): { at: number; seq: number } => {
      let best = 0;
      for (let j = 1; j < model.length; j++) {
        const a = model[j]!;
        const b = model[best]!;
        if (a.at < b.at || (a.at === b.at && a.seq < b.seq)) best = j;
      }
      return model.splice(best, 1)[0]!;
    };
    for (let i = 0; i < 5000; i++) {
      replay.int(100);
      model.push(expected[k++]!);
      if (replay.next() < 0.3) out.push(takeMin());
    }
    while (model.length > 0) out.push(takeMin());
    expect(popped).toEqual(out);
  });

  it('peek shows the minimum without removing it; clear empties', () => {
    const heap = new TimerHeap<{ at: number; seq: number }>();
    heap.push({ at: 5, seq: 1 });
    heap.push({ at: 5, seq: 0 });
    heap.push({ at: 9, seq: 2 });
    expect(heap.peek()).toMatchObject({ at: 5, seq: 0 });
    expect(heap.size).toBe(3);
    heap.clear();
    expect(heap.size).toBe(0);
    expect(heap.peek()).toBeUndefined();
  });
  it('seed 22: remove() takes entries out anywhere; the rest still pop in (at, seq) order', () => {
    const random = createSeededRandom(22);
    const heap = new TimerHeap<{ at: number; seq: number; heapIndex?: number }>();
    const live = new Set<{ at: number; seq: number }>();
    const all: { at: number; seq: number }[] = [];
    for (let seq = 0; seq < 3000; seq++) {
      const e = { at: random.int(500), seq };
      heap.push(e);
      live.add(e);
      all.push(e);
      if (random.next() < 0.4) {
        const victim = all[random.int(all.length)]!;
        expect(heap.remove(victim)).toBe(live.delete(victim));
      }
    }
    expect(heap.size).toBe(live.size);
    const expected = [...live].sort((a, b) => a.at - b.at || a.seq - b.seq);
    const popped: { at: number; seq: number }[] = [];
    while (heap.size > 0) popped.push(heap.pop()!);
    expect(popped).toEqual(expected);
    expect(heap.remove(expected[0]!)).toBe(false);
  });
});
