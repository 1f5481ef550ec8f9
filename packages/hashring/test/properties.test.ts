import { describe, expect, it } from 'vitest';
import { createSeededRandom, shuffleInPlace } from '@ring/base';
import { makeKeys } from '../src/testing/keys.js';
import { DEFAULT_VNODES_PER_WEIGHT } from '../src/constants.js';
import { createRing } from '../src/ring/create-ring.js';
import type { Algorithm, RingOptions } from '../src/ring/options.js';
import type { HashRing } from '../src/ring/ring.js';

const N = 20;
const NAMES = Array.from({ length: N }, (_, i) => `node-${String(i).padStart(2, '0')}`);
const KEYS = makeKeys(51, 20_000);
/** Newcomers that sort first, in the middle and last among NAMES. */
const NEWCOMERS = ['a-first', 'node-09b', 'zz-last'];

interface Movement {
  moved: number;
  toOthers: number;
}

/** Compare owners of KEYS; `changed` is the one node allowed to gain or lose keys. */
function movement(before: HashRing, after: HashRing, changed: string): Movement {
  let moved = 0;
  let toOthers = 0;
  for (const key of KEYS) {
    const a = before.getNode(key);
    const b = after.getNode(key);
    if (a === b) continue;
    moved++;
    if (a !== changed && b !== changed) toOthers++;
  }
  return { moved: moved / KEYS.length, toOthers };
}

function shuffle<T>(items: readonly T[], seed: number): T[] {
  return shuffleInPlace(createSeededRandom(seed), [...items]);
}

const exact: { algorithm: Algorithm; options?: RingOptions }[] = [
  { algorithm: 'vnode' },
  { algorithm: 'bounded' },
  { algorithm: 'rendezvous' },
  { algorithm: 'ketama' },
  { algorithm: 'hashRingPy' },
];

describe.each(exact)('minimal movement: $algorithm (keys seed 51)', ({ algorithm }) => {
  for (const newcomer of NEWCOMERS) {
    it(`adding ${newcomer} moves keys only to it, about 1/(N+1) of them; removing it moves them back`, () => {
      const ring = createRing(NAMES, { algorithm });
      const grown = ring.add(newcomer);
      const add = movement(ring, grown, newcomer);
      expect(add.toOthers).toBe(0);
      expect(add.moved / (1 / (N + 1))).toBeGreaterThan(0.6);
      expect(add.moved / (1 / (N + 1))).toBeLessThan(1.4);
      const back = grown.remove(newcomer);
      expect(back.checksum).toBe(ring.checksum);
      expect(movement(grown, back, newcomer).toOthers).toBe(0);
    });
  }
  it('removing any node moves only its keys', () => {
    const ring = createRing(NAMES, { algorithm });
    for (const leaving of [NAMES[0]!, NAMES[7]!, NAMES[N - 1]!]) {
      const result = movement(ring, ring.remove(leaving), leaving);
      expect(result.toOthers).toBe(0);
      expect(result.moved / (1 / N)).toBeGreaterThan(0.6);
      expect(result.moved / (1 / N)).toBeLessThan(1.4);
    }
  });
});

describe.each(['vnode', 'rendezvous'] as const)(
  'weight changes move keys only to or from that node: %s',
  (algorithm) => {
    it('raising and lowering a weight (keys seed 51)', () => {
      const ring = createRing(NAMES, { algorithm });
      const heavier = ring.setWeight(NAMES[3]!, 3);
      const up = movement(ring, heavier, NAMES[3]!);
      expect(up.toOthers).toBe(0);
      expect(up.moved).toBeGreaterThan(0.05);
      expect(movement(heavier, ring, NAMES[3]!).toOthers).toBe(0);
    });
  },
);

describe('jump: appending and popping buckets is minimal (keys seed 51)', () => {
  it('append moves keys only to the new bucket; pop moves only its keys', () => {
    const ring = createRing(NAMES, { algorithm: 'jump' });
    const grown = ring.add('zz-new');
    const add = movement(ring, grown, 'zz-new');
    expect(add.toOthers).toBe(0);
    expect(add.moved / (1 / (N + 1))).toBeGreaterThan(0.8);
    expect(add.moved / (1 / (N + 1))).toBeLessThan(1.2);
    expect(grown.remove('zz-new').checksum).toBe(ring.checksum);
  });
  it('refuses to remove from the middle or to weight a bucket', () => {
    const ring = createRing(NAMES, { algorithm: 'jump' });
    expect(() => ring.remove(NAMES[3]!)).toThrow(
      expect.objectContaining({ code: 'ERR_UNSUPPORTED' }) as Error,
    );
    expect(() => ring.setWeight(NAMES[3]!, 2)).toThrow(
      expect.objectContaining({ code: 'ERR_INVALID_WEIGHT' }) as Error,
    );
    expect(() => createRing([{ name: 'a', weight: 2 }], { algorithm: 'jump' })).toThrow(
      expect.objectContaining({ code: 'ERR_INVALID_WEIGHT' }) as Error,
    );
  });
});

describe('maglev: near-minimal movement (keys seed 51)', () => {
  it('adding or removing a node moves close to the optimum, few keys between unchanged nodes', () => {
    const ring = createRing(NAMES, { algorithm: 'maglev' });
    for (const newcomer of NEWCOMERS) {
      const add = movement(ring, ring.add(newcomer), newcomer);
      expect(add.moved / (1 / (N + 1))).toBeLessThan(1.5);
      expect(add.toOthers / KEYS.length).toBeLessThan(0.03);
    }
    const remove = movement(ring, ring.remove(NAMES[5]!), NAMES[5]!);
    expect(remove.moved / (1 / N)).toBeLessThan(1.5);
    expect(remove.toOthers / KEYS.length).toBeLessThan(0.03);
  });
});

describe.each(['vnode', 'bounded', 'rendezvous', 'maglev'] as const)(
  'determinism independent of input order: %s',
  (algorithm) => {
    it('shuffled node lists (seeds 61, 62) build the same ring', () => {
      const weighted = NAMES.map((name, i) => ({ name, weight: 1 + (i % 3) }));
      const a = createRing(weighted, { algorithm });
      const b = createRing(shuffle(weighted, 61), { algorithm });
      const c = createRing(shuffle(weighted, 62), { algorithm })
        .remove(NAMES[0]!)
        .add({ name: NAMES[0]!, weight: 1 });
      expect(b.checksum).toBe(a.checksum);
      expect(c.checksum).toBe(a.checksum);
      for (const key of KEYS.slice(0, 3000)) {
        expect(b.getNode(key)).toBe(a.getNode(key));
        expect(c.getNodes(key, 3)).toEqual(a.getNodes(key, 3));
      }
    });
  },
);

/**
 * 3σ tolerance of a node's share: key-sampling noise (3/√expected) combined with the spread of a
 * token ring's arcs (3/√points; a node with p random points has share CoV ≈ 1/√p). Rendezvous and
 * maglev have no arc spread.
 */
const tolerances: Record<
  'vnode' | 'rendezvous' | 'maglev' | 'ketama',
  (weight: number, expected: number) => number
> = {
  vnode: (w, e) => Math.hypot(3 / Math.sqrt(DEFAULT_VNODES_PER_WEIGHT * w), 3 / Math.sqrt(e)),
  ketama: (w, e) => Math.hypot(3 / Math.sqrt(4 * Math.floor((w / 21) * 40 * 6)), 3 / Math.sqrt(e)),
  rendezvous: (_w, e) => 3 / Math.sqrt(e),
  maglev: (_w, e) => 3 / Math.sqrt(e),
};

describe.each(['vnode', 'rendezvous', 'maglev', 'ketama'] as const)(
  'load proportional to weight: %s',
  (algorithm) => {
    it('weights 1..6, 60000 keys (seed 71), every share within 3σ of w/W', () => {
      const nodes = Array.from({ length: 6 }, (_, i) => ({ name: `w${i + 1}`, weight: i + 1 }));
      const ring = createRing(nodes, { algorithm });
      const counts = new Map<string, number>();
      const keys = makeKeys(71, 60_000);
      for (const key of keys) {
        const owner = ring.getNode(key)!;
        counts.set(owner, (counts.get(owner) ?? 0) + 1);
      }
      for (const node of nodes) {
        const expected = (keys.length * node.weight) / 21;
        const tolerance = tolerances[algorithm](node.weight, expected);
        const ratio = (counts.get(node.name) ?? 0) / expected;
        expect(Math.abs(ratio - 1)).toBeLessThan(tolerance);
      }
    });
  },
);
