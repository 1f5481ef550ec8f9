import { PartitionsError } from '../errors.js';
import type { PartitionTable } from './table.js';

/** One slot whose owner changed between two tables (the whole cluster's view). */
export interface SlotChange {
  /** Partition number. */
  readonly partition: number;
  /** Replica number. */
  readonly replica: number;
  /** Previous owner, `null` when the slot was unowned. */
  readonly from: string | null;
  /** New owner, `null` when the slot became unowned. */
  readonly to: string | null;
}

/** A slot the local member gained, and from whom. */
export interface Acquisition {
  /** Partition number. */
  readonly partition: number;
  /** Replica number. */
  readonly replica: number;
  /** Previous owner, `null` when the slot was unowned (e.g. the first member of a cluster). */
  readonly from: string | null;
  /**
   * The member already owned another replica of this partition before the change (it only changed
   * replica number, or gained a second role): it has the data, nothing needs copying.
   */
  readonly hadPartition: boolean;
}

/** A slot the local member lost, and to whom. */
export interface Release {
  /** Partition number. */
  readonly partition: number;
  /** Replica number. */
  readonly replica: number;
  /** New owner, `null` when the slot became unowned (e.g. the cluster shrank below R). */
  readonly to: string | null;
  /** The member still owns another replica of this partition after the change: keep the data. */
  readonly keepsPartition: boolean;
}

/**
 * Every slot whose owner differs between `prev` and `next`, in (partition, replica) order. Empty
 * when the tables assign every slot alike — unchanged slots never appear.
 *
 * @param prev - the older table.
 * @param next - the newer table.
 * @throws PartitionsError `ERR_INVALID_OPTION` when the tables differ in P or R.
 */
export function diffTables(prev: PartitionTable, next: PartitionTable): SlotChange[] {
  if (prev.partitions !== next.partitions || prev.redundancy !== next.redundancy) {
    throw new PartitionsError(
      'ERR_INVALID_OPTION',
      `cannot diff a ${prev.partitions}×${prev.redundancy} table against a ${next.partitions}×${next.redundancy} table`,
    );
  }
  const R = prev.redundancy;
  const changes: SlotChange[] = [];
  for (let i = 0; i < prev.owners.length; i++) {
    const from = prev.owners[i] ?? null;
    const to = next.owners[i] ?? null;
    if (from !== to)
      changes.push(Object.freeze({ partition: Math.floor(i / R), replica: i % R, from, to }));
  }
  return changes;
}

/** What one member gained and lost in a set of changes. */
export interface LocalView {
  /** Slots the member now owns and did not before, with their previous owner. */
  readonly acquired: readonly Acquisition[];
  /** Slots the member owned and no longer does, with their new owner. */
  readonly released: readonly Release[];
}

/**
 * The local member's view of the change from `previous` to `next`.
 *
 * @param previous - the older table.
 * @param next - the newer table.
 * @param me - the local member's name.
 * @param changes - `diffTables(previous, next)`, when already computed.
 * @throws PartitionsError `ERR_INVALID_OPTION` when the tables differ in P or R.
 */
export function localView(
  previous: PartitionTable,
  next: PartitionTable,
  me: string,
  changes: readonly SlotChange[] = diffTables(previous, next),
): LocalView {
  const R = previous.redundancy;
  const owns = (t: PartitionTable, partition: number): boolean => {
    for (let r = 0; r < R; r++) if (t.owners[partition * R + r] === me) return true;
    return false;
  };
  const acquired: Acquisition[] = [];
  const released: Release[] = [];
  for (const c of changes) {
    if (c.to === me) {
      acquired.push(
        Object.freeze({
          partition: c.partition,
          replica: c.replica,
          from: c.from,
          hadPartition: owns(previous, c.partition),
        }),
      );
    }
    if (c.from === me) {
      released.push(
        Object.freeze({
          partition: c.partition,
          replica: c.replica,
          to: c.to,
          keepsPartition: owns(next, c.partition),
        }),
      );
    }
  }
  return Object.freeze({ acquired: Object.freeze(acquired), released: Object.freeze(released) });
}
