import { describe, expect, it } from 'vitest';
import { makeKeys } from '../testing/keys.js';
import { DEFAULT_VNODES_PER_WEIGHT } from '../constants.js';
import { createRing } from './create-ring.js';
import { isHashRingError } from '../errors.js';
import { utf8 } from '../hash/hash.js';
import { ALGORITHMS, type Algorithm } from './options.js';
import type { HashRing } from './ring.js';

const code = (fn: () => unknown): string | undefined => {
  try {
    fn();
  } catch (error) {
    return isHashRingError(error) ? error.code : 'not a HashRingError';
  }
  return undefined;
};

const NAMES = ['10.0.0.1:7946', '10.0.0.2:7946', '10.0.0.3:7946', '10.0.0.4:7946', '10.0.0.5:7946'];
const small = (algorithm: Algorithm): { tableSize: number } | Record<string, never> =>
  algorithm === 'maglev' ? { tableSize: 1009 } : {};
const build = (algorithm: Algorithm, nodes: readonly string[] = NAMES): HashRing =>
  createRing(nodes, { algorithm, ...small(algorithm) });

describe.each(ALGORITHMS)('the HashRing contract: %s', (algorithm) => {
  it('an empty ring has no owner and says so', () => {
    const ring = build(algorithm, []);
    expect(ring.size).toBe(0);
    expect(ring.getNode('k')).toBeUndefined();
    expect(ring.getNodeAt(123)).toBeUndefined();
    expect(ring.getNodes('k', 0)).toEqual([]);
    expect(code(() => ring.getNodes('k', 1))).toBe('ERR_TOO_MANY_REPLICAS');
  });
  it('getNode agrees with getNodeAt(positionOf) and with getNodes[0]; keys as strings or bytes (seed 31)', () => {
    const ring = build(algorithm);
    for (const key of makeKeys(31, 300)) {
      const owner = ring.getNode(key);
      expect(NAMES).toContain(owner);
      expect(ring.getNodeAt(ring.positionOf(key))).toBe(owner);
      expect(ring.getNode(utf8(key))).toBe(owner);
      const all = ring.getNodes(key, 3);
      expect(all[0]).toBe(owner);
      expect(new Set(all).size).toBe(3);
      expect(ring.getNodes(key, 5).sort()).toEqual([...NAMES].sort());
    }
  });
  it('rejects bad replica counts and keys with typed errors', () => {
    const ring = build(algorithm);
    expect(code(() => ring.getNodes('k', 6))).toBe('ERR_TOO_MANY_REPLICAS');
    expect(code(() => ring.getNodes('k', -1))).toBe('ERR_INVALID_OPTION');
    expect(code(() => ring.getNodes('k', 1.5))).toBe('ERR_INVALID_OPTION');
    expect(code(() => ring.getNode(5 as unknown as string))).toBe('ERR_INVALID_KEY');
    expect(code(() => ring.getNodes(undefined as unknown as string, 1))).toBe('ERR_INVALID_KEY');
  });
  it('is immutable: add, remove and setWeight return new rings', () => {
    const ring = build(algorithm);
    const checksum = ring.checksum;
    const added = ring.add('10.0.0.9:7946');
    expect(added.size).toBe(6);
    expect(added.has('10.0.0.9:7946')).toBe(true);
    expect(ring.size).toBe(5);
    expect(ring.has('10.0.0.9:7946')).toBe(false);
    expect(ring.checksum).toBe(checksum);
    expect(added.checksum).not.toBe(checksum);
    const removed = added.remove('10.0.0.9:7946');
    expect(removed.checksum).toBe(checksum);
    expect(Object.isFrozen(ring.nodes)).toBe(true);
    expect(ring.weightOf('10.0.0.1:7946')).toBe(1);
    expect(ring.weightOf('nope')).toBeUndefined();
  });
  it('rejects bad membership changes with typed errors', () => {
    const ring = build(algorithm);
    expect(code(() => ring.add('10.0.0.1:7946'))).toBe('ERR_DUPLICATE_NODE');
    expect(code(() => ring.add(''))).toBe('ERR_INVALID_NODE');
    expect(code(() => ring.remove('nope'))).toBe('ERR_INVALID_NODE');
    expect(code(() => ring.setWeight('nope', 2))).toBe('ERR_INVALID_NODE');
    expect(code(() => ring.setWeight('10.0.0.1:7946', 0))).toBe('ERR_INVALID_WEIGHT');
    expect(code(() => ring.setWeight('10.0.0.1:7946', 1.5))).toBe('ERR_INVALID_WEIGHT');
    expect(code(() => createRing(['a', 'a'], { algorithm }))).toBe('ERR_DUPLICATE_NODE');
  });
  it('the checksum identifies algorithm, options and members', () => {
    expect(build(algorithm).checksum).toBe(build(algorithm).checksum);
    expect(build(algorithm).checksum).toMatch(/^[0-9a-f]{16}$/);
    expect(build(algorithm, NAMES.slice(1)).checksum).not.toBe(build(algorithm).checksum);
    const other = ALGORITHMS.find((a) => a !== algorithm)!;
    expect(build(other).checksum).not.toBe(build(algorithm).checksum);
  });
});

describe('createRing', () => {
  it('defaults to the vnode ring with DEFAULT_VNODES_PER_WEIGHT (400) vnodes per weight', () => {
    const ring = createRing(['a', 'b']);
    expect(ring.algorithm).toBe('vnode');
    expect(ring.options).toEqual({
      algorithm: 'vnode',
      seed: 0,
      vnodesPerWeight: DEFAULT_VNODES_PER_WEIGHT,
    });
    expect(ring.tokenCount).toBe(2 * DEFAULT_VNODES_PER_WEIGHT);
  });
  it('balances 100 nodes within max/mean 1.20 by default (exact arc shares, seeds 0..3)', () => {
    const names = Array.from({ length: 100 }, (_, i) => `10.0.${i}.1:7946`);
    for (let seed = 0; seed < 4; seed++) {
      const { ends, owners } = createRing(names, { seed }).ownership();
      const share = new Float64Array(names.length);
      let previous = -1;
      ends.forEach((end, i) => {
        share[owners[i]!]! += end - previous;
        previous = end;
      });
      expect(Math.max(...share) / (2 ** 32 / names.length)).toBeLessThanOrEqual(1.2);
    }
  });
  it('validates options before building', () => {
    expect(code(() => createRing(['a'], { algorithm: 'maglev', tableSize: 1000 }))).toBe(
      'ERR_INVALID_OPTION',
    );
    expect(code(() => createRing(['a'], { algorithm: 'jump', loadFactor: 2 }))).toBe(
      'ERR_INVALID_OPTION',
    );
    expect(code(() => createRing(['a', 'b', 'c'], { algorithm: 'maglev', tableSize: 2 }))).toBe(
      'ERR_INVALID_OPTION',
    );
  });
  it('the seed-000 demo names work', () => {
    const ring = createRing(['192.168.0.25:7947', '192.168.0.25:7948', '192.168.0.25:7949']);
    for (const key of ['hello', 'world', 'foo', 'bar'])
      expect(ring.getNode(key)).toMatch(/^192\.168\.0\.25:794[789]$/);
  });
});
