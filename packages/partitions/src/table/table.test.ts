import { describe, expect, it } from 'vitest';
import { assign } from '../assign/assign.js';
import { emptyTable, partitionOwners, slotOwner, tableChecksum, tableLoads } from './table.js';

describe('table helpers', () => {
  const t = assign(['a', 'b', 'c'], { partitions: 8, redundancy: 2 });

  it('reads owners by slot and by partition, in replica order', () => {
    for (let p = 0; p < 8; p++) {
      expect(partitionOwners(t, p)).toEqual([slotOwner(t, p, 0), slotOwner(t, p, 1)]);
    }
    expect(partitionOwners(emptyTable(4, 2), 3)).toEqual([]);
  });

  it('counts loads, members owning nothing included', () => {
    const loads = tableLoads(
      assign(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i'], { partitions: 4, redundancy: 2 }),
    );
    expect(loads.size).toBe(9);
    expect([...loads.values()].reduce((x, y) => x + y, 0)).toBe(8);
    expect([...loads.values()]).toContain(0);
  });

  it('fingerprints tables: equal for equal tables, different when one slot or the shape differs', () => {
    const same = assign(['c', 'b', 'a'], { partitions: 8, redundancy: 2 });
    expect(tableChecksum(same)).toBe(tableChecksum(t));
    expect(tableChecksum(t)).toMatch(/^[0-9a-f]{16}$/);
    const owners = [...t.owners];
    [owners[0], owners[1]] = [owners[1]!, owners[0]!];
    expect(tableChecksum({ ...t, owners })).not.toBe(tableChecksum(t));
    expect(tableChecksum(emptyTable(4, 2))).not.toBe(tableChecksum(emptyTable(2, 4)));
  });

  it('rejects bad partition and replica numbers', () => {
    expect(() => slotOwner(t, 8, 0)).toThrow(
      expect.objectContaining({ code: 'ERR_UNKNOWN_PARTITION' }),
    );
    expect(() => slotOwner(t, 0, 2)).toThrow(
      expect.objectContaining({ code: 'ERR_INVALID_REPLICA' }),
    );
    expect(() => partitionOwners(t, Number.NaN)).toThrow(
      expect.objectContaining({ code: 'ERR_UNKNOWN_PARTITION' }),
    );
  });
});
