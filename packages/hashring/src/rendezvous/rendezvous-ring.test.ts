import { describe, expect, it } from 'vitest';
import { makeKeys } from '../testing/keys.js';
import { RendezvousRing } from './rendezvous-ring.js';

describe('RendezvousRing', () => {
  it('getNodes is the order of scores: dropping the winner promotes the runner-up (seed 101)', () => {
    const names = Array.from({ length: 12 }, (_, i) => `r${i}`);
    const ring = RendezvousRing.from(names.map((name, i) => ({ name, weight: 1 + (i % 3) })));
    for (const key of makeKeys(101, 500)) {
      const [first, second, third] = ring.getNodes(key, 3);
      const without = ring.remove(first!);
      expect(without.getNode(key)).toBe(second);
      expect(without.getNodes(key, 2)).toEqual([second, third]);
    }
  });
  it('a weight-0-like tiny share still wins sometimes and a heavy node wins most (seed 102)', () => {
    const ring = RendezvousRing.from({ heavy: 99, light: 1 });
    const keys = makeKeys(102, 20_000);
    const light = keys.filter((k) => ring.getNode(k) === 'light').length / keys.length;
    expect(light).toBeGreaterThan(0.005);
    expect(light).toBeLessThan(0.015);
  });
});
