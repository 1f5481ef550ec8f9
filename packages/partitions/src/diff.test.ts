import { describe, expect, it } from 'vitest';
import { assign } from './assign.js';
import { diffTables, localView } from './diff.js';
import { PartitionsError } from './errors.js';
import type { PartitionTable } from './table.js';

const table = (owners: (string | null)[], partitions: number, redundancy: number): PartitionTable => ({
  partitions,
  redundancy,
  members: [...new Set(owners.filter((o) => o !== null))].sort(),
  owners,
});

describe('diffTables', () => {
  it('reports nothing for equal tables, including recomputed ones', () => {
    const a = assign(['x', 'y', 'z'], { partitions: 64, redundancy: 2 });
    const b = assign(['z', 'x', 'y'], { partitions: 64, redundancy: 2 });
    expect(diffTables(a, b)).toEqual([]);
  });

  it('lists exactly the slots whose owner changed, with from and to', () => {
    const a = table(['a', 'b', 'b', 'c', null, null], 3, 2);
    const b = table(['a', 'c', 'b', 'a', 'c', null], 3, 2);
    expect(diffTables(a, b)).toEqual([
      { partition: 0, replica: 1, from: 'b', to: 'c' },
      { partition: 1, replica: 1, from: 'c', to: 'a' },
      { partition: 2, replica: 0, from: null, to: 'c' },
    ]);
  });

  it('rejects tables of different shape with ERR_INVALID_OPTION', () => {
    const a = table(['a', 'b'], 2, 1);
    const b = table(['a', 'b'], 1, 2);
    expect(() => diffTables(a, b)).toThrow(PartitionsError);
    expect(() => diffTables(a, b)).toThrow(/cannot diff/);
  });
});

describe('localView', () => {
  it('splits changes into the member’s acquisitions (from) and releases (to)', () => {
    const changes = diffTables(table(['a', 'b', 'c', 'a'], 2, 2), table(['b', 'a', 'a', null], 2, 2));
    const view = localView(changes, 'a');
    expect(view.acquired).toEqual([
      { partition: 0, replica: 1, from: 'b' },
      { partition: 1, replica: 0, from: 'c' },
    ]);
    expect(view.released).toEqual([
      { partition: 0, replica: 0, to: 'b' },
      { partition: 1, replica: 1, to: null },
    ]);
    expect(localView(changes, 'nobody')).toEqual({ acquired: [], released: [] });
  });
});
