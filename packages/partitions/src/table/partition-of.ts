import { hash64, type Key } from '@ring/hashring';
import { PartitionsError } from '../errors.js';

/**
 * Maps a key to a partition number in `[0, partitions)`. Must be deterministic and the same on
 * every node.
 */
export type Partitioner = (key: Key, partitions: number) => number;

/**
 * The default key → partition mapping: `xxhash64(key) mod P` (string keys hashed as UTF-8, seed 0).
 * Unbiased for P a power of two and within 2^-54 of uniform otherwise. The partition count is fixed
 * for a cluster's lifetime, so no consistency across P is needed (which is what jump hash would buy).
 *
 * @param key - string or bytes.
 * @param partitions - P.
 * @throws PartitionsError `ERR_INVALID_KEY` for a key that is neither a string nor a `Uint8Array`.
 */
export const xxhash64Partitioner: Partitioner = (key, partitions) => {
  if (typeof key !== 'string' && !(key instanceof Uint8Array)) {
    throw new PartitionsError(
      'ERR_INVALID_KEY',
      `key must be a string or a Uint8Array, got ${typeof key}`,
    );
  }
  return Number(hash64(key) % BigInt(partitions));
};

/**
 * Apply a partitioner and check its answer.
 *
 * @param partitioner - the mapping.
 * @param key - the key.
 * @param partitions - P.
 * @throws PartitionsError `ERR_INVALID_KEY` when the key is not a string or bytes, or the
 *   partitioner returns anything but an integer in `[0, P)`.
 */
export function partitionFor(partitioner: Partitioner, key: Key, partitions: number): number {
  if (typeof key !== 'string' && !(key instanceof Uint8Array)) {
    throw new PartitionsError(
      'ERR_INVALID_KEY',
      `key must be a string or a Uint8Array, got ${typeof key}`,
    );
  }
  const p = partitioner(key, partitions);
  if (!Number.isInteger(p) || p < 0 || p >= partitions) {
    throw new PartitionsError(
      'ERR_INVALID_KEY',
      `partitioner returned ${String(p)}, expected an integer in [0, ${partitions})`,
    );
  }
  return p;
}
