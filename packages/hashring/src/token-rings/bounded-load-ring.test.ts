import { describe, expect, it } from 'vitest';
import { makeKeys } from '../testing/keys.js';
import { BoundedLoadRing } from './bounded-load-ring.js';
import { VnodeRing } from './vnode-ring.js';

const NAMES = Array.from({ length: 10 }, (_, i) => `node-${i}`);

function countLoads(owners: readonly string[]): Map<string, number> {
  const loads = new Map<string, number>();
  for (const owner of owners) loads.set(owner, (loads.get(owner) ?? 0) + 1);
  return loads;
}

describe('BoundedLoadRing', () => {
  it('without loads it is the vnode ring (seed 81)', () => {
    const bounded = BoundedLoadRing.from(NAMES, { seed: 3 });
    const plain = VnodeRing.from(NAMES, { seed: 3 });
    for (const key of makeKeys(81, 2000)) {
      expect(bounded.getNode(key)).toBe(plain.getNode(key));
      expect(bounded.getNodes(key, 3)).toEqual(plain.getNodes(key, 3));
    }
  });
  for (const c of [1, 1.1, 1.25, 2]) {
    it(`assign() never exceeds ⌈${c} × m·w/W⌉, equal and unequal weights (seed 82)`, () => {
      const keys = makeKeys(82, 25_013);
      for (const nodes of [NAMES, NAMES.map((name, i) => ({ name, weight: 1 + (i % 4) }))]) {
        const ring = BoundedLoadRing.from(nodes, { loadFactor: c, vnodesPerWeight: 40 });
        const owners = ring.assign(keys);
        expect(owners).toHaveLength(keys.length);
        const loads = countLoads(owners);
        const weightSum = ring.nodes.reduce((sum, node) => sum + node.weight, 0);
        let total = 0;
        for (const node of ring.nodes) {
          const cap = Math.ceil((c * keys.length * node.weight) / weightSum - 1e-9);
          expect(loads.get(node.name) ?? 0).toBeLessThanOrEqual(cap);
          total += loads.get(node.name) ?? 0;
        }
        expect(total).toBe(keys.length);
      }
    });
  }
  it('the plain vnode ring does exceed the bound that assign() keeps (seed 83)', () => {
    // Guards the test above: with few vnodes the unbounded ring is visibly unbalanced.
    const keys = makeKeys(83, 20_000);
    const ring = BoundedLoadRing.from(NAMES, { vnodesPerWeight: 2, loadFactor: 1.1 });
    const plainMax = Math.max(...countLoads(keys.map((k) => ring.getNode(k)!)).values());
    const boundedMax = Math.max(...countLoads(ring.assign(keys)).values());
    expect(plainMax).toBeGreaterThan(Math.ceil(1.1 * 2000));
    expect(boundedMax).toBeLessThanOrEqual(Math.ceil(1.1 * 2000));
  });
  it('getNode(key, loads) placed one key at a time keeps the bound and matches assign() (seed 84)', () => {
    const keys = makeKeys(84, 5000);
    const ring = BoundedLoadRing.from(NAMES, { vnodesPerWeight: 8 });
    const loads = new Map<string, number>();
    const owners: string[] = [];
    for (const key of keys) {
      const owner = ring.getNode(key, loads)!;
      loads.set(owner, (loads.get(owner) ?? 0) + 1);
      owners.push(owner);
    }
    expect(owners).toEqual(ring.assign(keys));
    expect(Math.max(...loads.values())).toBeLessThanOrEqual(Math.ceil((1.25 * 5000) / 10));
  });
  it('most keys keep their plain owner (seed 85)', () => {
    const keys = makeKeys(85, 10_000);
    const ring = BoundedLoadRing.from(NAMES);
    const owners = ring.assign(keys);
    const kept = keys.filter((k, i) => ring.getNode(k) === owners[i]).length;
    expect(kept / keys.length).toBeGreaterThan(0.9);
  });
  it('empty rings: getNode says undefined, assign of keys is ERR_EMPTY_RING', () => {
    const ring = BoundedLoadRing.from([]);
    expect(ring.getNode('k', new Map())).toBeUndefined();
    expect(ring.assign([])).toEqual([]);
    expect(() => ring.assign(['k'])).toThrow(
      expect.objectContaining({ code: 'ERR_EMPTY_RING' }) as Error,
    );
  });
});
