import { describe, expect, it } from 'vitest';
import { swapIntoSlot } from './slot-swap.js';

// Two replicas per partition: slots 2p and 2p + 1 belong to partition p.
function holdsIn(owner: Int32Array): (s: number, m: number) => boolean {
  return (s, m) => {
    const first = s - (s % 2);
    for (let t = first; t < first + 2; t++) if (t !== s && owner[t] === m) return true;
    return false;
  };
}

describe('swapIntoSlot', () => {
  it('swaps: the member with room takes another slot, whose owner takes the empty one', () => {
    // Partition 0: member 0 and empty slot 1. Partition 1: member 1, member 2. Only member 0 has room,
    // but it already holds partition 0, so member 0 takes slot 2 and member 1 moves to slot 1.
    const owner = Int32Array.of(0, -1, 1, 2);
    const count = Int32Array.of(1, 1, 1);
    swapIntoSlot(1, owner, count, (q) => q === 0, holdsIn(owner));
    expect([...owner]).toEqual([0, 1, 0, 2]);
    expect([...count]).toEqual([2, 1, 1]);
  });

  it('falls back to the least-loaded member that can hold the slot when no swap exists', () => {
    const owner = Int32Array.of(0, -1);
    const count = Int32Array.of(5, 3, 2);
    swapIntoSlot(1, owner, count, () => false, holdsIn(owner));
    expect([...owner]).toEqual([0, 2]);
    expect([...count]).toEqual([5, 3, 3]);
  });
});
