import { describe, expect, it } from 'vitest';
import { assign } from '../assign/assign.js';
import { diffTables, localView } from './diff.js';
import { PartitionsError } from '../errors.js';
import type { PartitionTable } from './table.js';

const table = (
  owners: (string | null)[],
  partitions: number,
  redundancy: number,
): PartitionTable => ({
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
  it('splits changes into the member’s acquisitions (from) and releases (to), flagging data it already has or keeps', () => {
    const previous = table(['a', 'b', 'c', 'a', 'b', 'c'], 3, 2);
    const next = table(['b', 'a', 'a', null, 'b', 'a'], 3, 2);
    const view = localView(previous, next, 'a');
    expect(view.acquired).toEqual([
      // (0, 1): a held partition 0 as replica 0 before — a renumbering, no copy needed
      { partition: 0, replica: 1, from: 'b', hadPartition: true },
      { partition: 1, replica: 0, from: 'c', hadPartition: true },
      { partition: 2, replica: 1, from: 'c', hadPartition: false },
    ]);
    expect(view.released).toEqual([
      { partition: 0, replica: 0, to: 'b', keepsPartition: true },
      { partition: 1, replica: 1, to: null, keepsPartition: true },
    ]);
    expect(localView(previous, next, 'nobody')).toEqual({ acquired: [], released: [] });
    expect(localView(previous, next, 'a', diffTables(previous, next))).toEqual(view);
  });
});
