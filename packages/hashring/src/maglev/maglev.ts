import { HashRingError } from '../errors.js';
import { hash32 } from '../hash/hash.js';
import type { RingNode } from '../ring/nodes.js';

/** Seed offset for a node's `skip` hash, so `offset` and `skip` are independent. */
const SKIP_SALT = 0x5bd1e995;

/**
 * Build a Maglev lookup table (Eisenbud et al., NSDI 2016, §3.4). Node `i` prefers slots in the
 * order `(offset_i + j · skip_i) mod M`, a permutation of `0 .. M − 1` because `M` is prime and
 * `1 ≤ skip_i < M`. Nodes take turns claiming their next preferred free slot until the table is
 * full, so every node ends up with `M / n` slots ± 1 and a membership change rewrites few slots.
 *
 * Weights: each turn a node earns `w_i / w_max` credit and claims one slot per whole credit, so
 * slot counts are proportional to weight (the weighted variant the paper describes).
 *
 * @param nodes - nodes in canonical (name) order.
 * @param size - prime table size M ≥ number of nodes.
 * @param seed - hash seed.
 * @returns slot → node index.
 * @throws {@link HashRingError} `ERR_INVALID_OPTION` when there are more nodes than slots.
 */
export function buildMaglevTable(
  nodes: readonly RingNode[],
  size: number,
  seed: number,
): Uint32Array {
  const n = nodes.length;
  const table = new Uint32Array(size);
  if (n === 0) return table;
  if (n > size)
    throw new HashRingError(
      'ERR_INVALID_OPTION',
      `maglev tableSize ${size} is smaller than the ${n} nodes`,
    );
  const offset = new Float64Array(n);
  const skip = new Float64Array(n);
  const next = new Float64Array(n);
  const credit = new Float64Array(n);
  const share = new Float64Array(n);
  const maxWeight = nodes.reduce((max, node) => Math.max(max, node.weight), 0);
  nodes.forEach((node, i) => {
    offset[i] = hash32(node.name, seed) % size;
    skip[i] = (hash32(node.name, seed ^ SKIP_SALT) % (size - 1)) + 1;
    share[i] = node.weight / maxWeight;
  });
  const filled = new Uint8Array(size);
  let count = 0;
  for (;;) {
    for (let i = 0; i < n; i++) {
      credit[i]! += share[i]!;
      while (credit[i]! >= 1) {
        credit[i]! -= 1;
        let slot = (offset[i]! + next[i]! * skip[i]!) % size;
        while (filled[slot] === 1) {
          next[i]! += 1;
          slot = (offset[i]! + next[i]! * skip[i]!) % size;
        }
        filled[slot] = 1;
        table[slot] = i;
        next[i]! += 1;
        if (++count === size) return table;
      }
    }
  }
}
