import { describe, expect, it } from 'vitest';
import { hash32 } from '../hash/hash.js';
import { vnodeLabel, vnodeToken, VnodeRing } from './vnode-ring.js';

describe('vnode labels', () => {
  it('are length-prefixed, so names with separators cannot collide', () => {
    // The classic "name-i" scheme: "a" vnode "1-2" and "a-1" vnode "2" both spell "a-1-2".
    expect(vnodeToken('a', 12, 0)).not.toBe(vnodeToken('a1', 2, 0));
    expect(vnodeToken('a-1', 2, 0)).not.toBe(vnodeToken('a', 0x2d31, 0));
    const label = vnodeLabel('ab');
    expect([...label]).toEqual([2, 0, 0, 0, 0x61, 0x62, 0, 0, 0, 0]);
    expect(vnodeToken('ab', 3, 9)).toBe(
      hash32(Uint8Array.of(2, 0, 0, 0, 0x61, 0x62, 3, 0, 0, 0), 9),
    );
  });
  it('places vnodesPerWeight × weight tokens per node', () => {
    const ring = VnodeRing.from([{ name: 'a', weight: 2 }, 'b'], { vnodesPerWeight: 10 });
    expect(ring.tokenCount).toBe(30);
    const owned = ring.ownership();
    expect(owned.ends[owned.ends.length - 1]).toBe(2 ** 32 - 1);
  });
  it('owns position p by the first token ≥ p, wrapping past the last token', () => {
    const ring = VnodeRing.from(['a', 'b', 'c'], { vnodesPerWeight: 4 });
    const { ends, owners } = ring.ownership();
    for (let s = 0; s < ends.length; s++) {
      const start = s === 0 ? 0 : ends[s - 1]! + 1;
      const name = ring.nodes[owners[s]!]!.name;
      expect(ring.getNodeAt(start)).toBe(name);
      expect(ring.getNodeAt(ends[s]!)).toBe(name);
    }
    expect(ring.getNodeAt(2 ** 32 - 1)).toBe(ring.getNodeAt(0));
  });
});
