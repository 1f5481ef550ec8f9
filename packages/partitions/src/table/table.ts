import { hash64 } from '@ring/hashring';
import { PartitionsError } from '../errors.js';

/**
 * An assignment of P partitions × R replicas to members: what every node computes from the same
 * member set. Immutable (frozen).
 */
export interface PartitionTable {
  /** Number of partitions P. */
  readonly partitions: number;
  /** Replicas per partition R. */
  readonly redundancy: number;
  /** The members the table was computed from: unique names in ascending code-unit order. */
  readonly members: readonly string[];
  /**
   * Owner of every slot, indexed `partition · R + replica`. `null` when the slot has no owner
   * (there are fewer than R members, or no members at all).
   */
  readonly owners: readonly (string | null)[];
}

/**
 * The table of an empty cluster: every slot unowned.
 *
 * @param partitions - P.
 * @param redundancy - R.
 */
export function emptyTable(partitions: number, redundancy: number): PartitionTable {
  return Object.freeze({
    partitions,
    redundancy,
    members: Object.freeze([]),
    owners: Object.freeze(new Array<string | null>(partitions * redundancy).fill(null)),
  });
}

/**
 * Throw unless `partition` is an integer in `[0, P)`.
 *
 * @param table - the table (for P).
 * @param partition - the partition number to check.
 * @throws PartitionsError `ERR_UNKNOWN_PARTITION`
 */
export function checkPartition(table: PartitionTable, partition: number): void {
  if (!Number.isInteger(partition) || partition < 0 || partition >= table.partitions) {
    throw new PartitionsError(
      'ERR_UNKNOWN_PARTITION',
      `partition must be an integer in [0, ${table.partitions}), got ${String(partition)}`,
    );
  }
}

/**
 * Owner of one slot.
 *
 * @param table - the table.
 * @param partition - partition number in `[0, P)`.
 * @param replica - replica number in `[0, R)`.
 * @returns the owner's name, or `null` when the slot is unowned.
 * @throws PartitionsError `ERR_UNKNOWN_PARTITION`, `ERR_INVALID_REPLICA`
 */
export function slotOwner(
  table: PartitionTable,
  partition: number,
  replica: number,
): string | null {
  checkPartition(table, partition);
  if (!Number.isInteger(replica) || replica < 0 || replica >= table.redundancy) {
    throw new PartitionsError(
      'ERR_INVALID_REPLICA',
      `replica must be an integer in [0, ${table.redundancy}), got ${String(replica)}`,
    );
  }
  return table.owners[partition * table.redundancy + replica] ?? null;
}

/**
 * Owners of a partition in replica order (replica 0 first), unowned slots skipped. This is the
 * preference order for a key in that partition.
 *
 * @param table - the table.
 * @param partition - partition number in `[0, P)`.
 * @throws PartitionsError `ERR_UNKNOWN_PARTITION`
 */
export function partitionOwners(table: PartitionTable, partition: number): string[] {
  checkPartition(table, partition);
  const out: string[] = [];
  const base = partition * table.redundancy;
  for (let r = 0; r < table.redundancy; r++) {
    const owner = table.owners[base + r];
    if (owner !== null && owner !== undefined) out.push(owner);
  }
  return out;
}

/**
 * Slots owned per member (members owning nothing are listed with 0).
 *
 * @param table - the table.
 */
export function tableLoads(table: PartitionTable): Map<string, number> {
  const loads = new Map<string, number>(table.members.map((m) => [m, 0]));
  for (const owner of table.owners) {
    if (owner !== null) loads.set(owner, (loads.get(owner) ?? 0) + 1);
  }
  return loads;
}

/**
 * A 64-bit fingerprint of a table's shape and owners, as 16 hex digits: nodes that exchange it can
 * tell cheaply whether they compute the same table (the reference node exposes it for this).
 *
 * @param table - the table.
 */
export function tableChecksum(table: PartitionTable): string {
  // Length-prefixed names: no name can imitate a separator or another owner.
  const parts = [`${table.partitions}x${table.redundancy}`];
  for (const owner of table.owners) parts.push(owner === null ? '-' : `${owner.length}:${owner}`);
  return hash64(parts.join('\n')).toString(16).padStart(16, '0');
}
