import { describe, expect, it } from 'vitest';
import { diffTables } from '../table/diff.js';
import { rebalance } from './rebalance.js';
import { emptyTable, tableLoads, type PartitionTable } from '../table/table.js';
import { createSeededRandom } from '@ring/base';

function checkValid(t: PartitionTable): void {
  const replicas = Math.min(t.redundancy, t.members.length);
  for (let p = 0; p < t.partitions; p++) {
    const owners = t.owners.slice(p * t.redundancy, (p + 1) * t.redundancy);
    const shapeOk = owners.every((o, r) => (o === null) === r >= replicas);
    const named = owners.filter((o) => o !== null);
    if (!shapeOk || new Set(named).size !== named.length)
      expect.fail(`partition ${p}: ${JSON.stringify(owners)}`);
  }
  if (t.members.length > 0) {
    const loads = [...tableLoads(t).values()];
    expect(Math.max(...loads) - Math.min(...loads)).toBeLessThanOrEqual(1);
  }
}

describe('rebalance (stateful, optimal movement)', () => {
  it('builds a balanced valid table from the empty one and changes nothing when members do not change', () => {
    const t = rebalance(emptyTable(64, 3), ['c', 'a', 'b', 'd', 'e']);
    checkValid(t);
    expect(diffTables(t, rebalance(t, ['e', 'd', 'c', 'b', 'a']))).toEqual([]);
  });

  for (const seed of [1, 2, 3]) {
    it(`joins take only the newcomer's share, leaves move only the leaver's slots, every table ±1 (seed ${seed})`, () => {
      const random = createSeededRandom(seed);
      const P = [64, 256, 1000][seed - 1]!;
      const R = seed;
      let members = Array.from(
        { length: 2 + Math.floor(random.next() * 8) },
        (_, i) => `node-${i}`,
      );
      let table = rebalance(emptyTable(P, R), members);
      checkValid(table);
      for (let step = 0; step < 12; step++) {
        const joining = random.next() < 0.5 || members.length <= R;
        if (joining) {
          const newcomer = `node-x${seed}-${step}`;
          members = [...members, newcomer];
          const next = rebalance(table, members);
          const changes = diffTables(table, next);
          for (const c of changes) expect(c.to).toBe(newcomer);
          expect(changes.length).toBe(tableLoads(next).get(newcomer));
          expect(changes.length).toBe(
            Math.floor((P * R) / members.length) +
              (tableLoads(next).get(newcomer)! > Math.floor((P * R) / members.length) ? 1 : 0),
          );
          table = next;
        } else {
          const leaver = members[Math.floor(random.next() * members.length)]!;
          members = members.filter((m) => m !== leaver);
          const next = rebalance(table, members);
          const changes = diffTables(table, next);
          for (const c of changes) expect(c.from).toBe(leaver);
          expect(changes.length).toBe(tableLoads(table).get(leaver));
          table = next;
        }
        checkValid(table);
      }
    });
  }

  it('handles fewer members than R, and growing back', () => {
    let t = rebalance(emptyTable(16, 3), ['a', 'b', 'c']);
    t = rebalance(t, ['a']);
    checkValid(t);
    expect(tableLoads(t).get('a')).toBe(16);
    t = rebalance(t, ['a', 'b', 'c', 'd']);
    checkValid(t);
    expect(rebalance(t, []).owners.every((o) => o === null)).toBe(true);
  });

  it('rejects empty names with ERR_INVALID_MEMBER', () => {
    expect(() => rebalance(emptyTable(4, 1), ['a', ''])).toThrow(
      expect.objectContaining({ code: 'ERR_INVALID_MEMBER' }),
    );
  });
});
