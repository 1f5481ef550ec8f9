import { hash64, type Key } from '@ring/hashring';
import { explainPartition, type PartitionExplanation } from '../assign/explain-partition.js';
import type { PartitionTable } from '../table/table.js';

/** Why a key belongs to its partition's owners: `Partitions.explainKey`. */
export interface KeyPartitionExplanation extends PartitionExplanation {
  /** The key (as given; bytes are shown as their hex digits). */
  readonly key: string;
  /**
   * The key's 64-bit xxhash as 16 hex digits when the default partitioner is in use (the
   * partition is that hash mod P), else null (a custom partitioner).
   */
  readonly hash: string | null;
  /** How the partition was chosen: `xxhash64(key) mod P`, or `custom partitioner`. */
  readonly partitioner: string;
  /** Members of the source that take no part, and why (today only `tag-mismatch`). */
  readonly excluded: readonly { readonly name: string; readonly reason: 'tag-mismatch' }[];
}

/**
 * Explain a key's placement in `table` (the body of `Partitions.explainKey`).
 *
 * @param table - the current table.
 * @param key - the key (string or bytes).
 * @param partition - the key's partition.
 * @param partitioner - how it was chosen: null for a custom partitioner, else the partition count
 *   of the default `xxhash64(key) mod P`.
 * @param maxLoadFactor - the load-cap factor the table was assigned with.
 * @param excluded - the source's members the tag filter excludes, ascending.
 */
export function explainKeyPlacement(
  table: PartitionTable,
  key: Key,
  partition: number,
  partitioner: { readonly partitions: number } | null,
  maxLoadFactor: number,
  excluded: readonly { readonly name: string; readonly reason: 'tag-mismatch' }[],
): KeyPartitionExplanation {
  return {
    key:
      typeof key === 'string'
        ? key
        : Array.from(key, (b) => b.toString(16).padStart(2, '0')).join(''),
    hash: partitioner !== null ? hash64(key).toString(16).padStart(16, '0') : null,
    partitioner:
      partitioner !== null ? `xxhash64(key) mod ${partitioner.partitions}` : 'custom partitioner',
    ...explainPartition(table, partition, maxLoadFactor),
    excluded,
  };
}
