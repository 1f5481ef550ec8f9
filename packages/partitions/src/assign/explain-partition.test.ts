import { hash64 } from '@ring/hashring';
import { describe, expect, it } from 'vitest';
import { assign } from './assign.js';
import { explainPartition } from './explain-partition.js';
import { staticMembership } from '../membership/membership.js';
import { createPartitions } from '../partitions/partitions.js';
import { memberSeed, pairScore, slotKeyA, slotKeyB } from './score.js';

const names = Array.from({ length: 7 }, (_, i) => `m${i}`);

describe('explainPartition', () => {
  it('names each replica owner with its score and rank; everyone ranked above it was passed over for a reason that holds', () => {
    const table = assign(names, { partitions: 64, redundancy: 3, maxLoadFactor: 1.05 });
    let passed = 0;
    for (let p = 0; p < 64; p++) {
      const x = explainPartition(table, p, 1.05);
      expect(x.slots.map((s) => s.owner)).toEqual(table.owners.slice(p * 3, p * 3 + 3));
      for (const slot of x.slots) {
        const id = p * 3 + slot.replica;
        const seed = memberSeed(slot.owner!);
        expect(slot.score).toBe(pairScore(slotKeyA(id), slotKeyB(id), seed.lo, seed.hi));
        expect(slot.passedOver).toHaveLength(slot.rank!);
        for (const o of slot.passedOver) {
          expect(o.score).toBeGreaterThanOrEqual(slot.score!);
          if (o.reason === 'other-replica') expect(table.owners[p * 3 + o.replica!]).toBe(o.name);
          else expect(o.reason).toBe('load-cap');
          if (o.reason === 'load-cap') expect(o.load).toBeGreaterThanOrEqual(x.loadCap);
          passed++;
        }
      }
    }
    // With R = 3 of 7 members some better-scoring member always holds another replica.
    expect(passed).toBeGreaterThan(0);
  });

  it('leaves replicas beyond the member count unowned', () => {
    const x = explainPartition(assign(['a'], { partitions: 4, redundancy: 2 }), 0, 1.25);
    expect(x.slots[0]).toMatchObject({ owner: 'a', rank: 0, passedOver: [] });
    expect(x.slots[1]).toMatchObject({ owner: null, score: null });
  });

  it('Partitions.explainKey: hash, partition, owners in replica order, tag-filtered members (ERR_INVALID_KEY for a bad key)', () => {
    const source = staticMembership([
      { name: 'a', tags: { role: 'db' } },
      { name: 'b', tags: { role: 'db' } },
      { name: 'c', tags: { role: 'web' } },
    ]);
    const parts = createPartitions(source, {
      partitions: 16,
      redundancy: 2,
      watchTags: { role: '^db$' },
      tagsOf: (m) => m.tags,
    });
    const x = parts.explainKey('user:42');
    expect(x.hash).toBe(hash64('user:42').toString(16).padStart(16, '0'));
    expect(x.partition).toBe(Number(hash64('user:42') % 16n));
    expect(x.partitioner).toBe('xxhash64(key) mod 16');
    expect(x.slots.map((s) => s.owner)).toEqual(parts.membersForKey('user:42').map((m) => m.name));
    expect(x.excluded).toEqual([{ name: 'c', reason: 'tag-mismatch' }]);
    expect(() => parts.explainKey(42 as unknown as string)).toThrow(
      expect.objectContaining({ code: 'ERR_INVALID_KEY' }),
    );
  });
});
