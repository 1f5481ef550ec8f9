/**
 * Baselines the benchmark compares `assign` with. Re-implemented here from their published rules;
 * not exported by the package.
 */
import type { PartitionTable } from '../src/index.js';
import { memberSeed, pairScore, slotKeyA, slotKeyB } from '../src/assign/score.js';

const U64 = (1n << 64n) - 1n;

/**
 * Jump consistent hash (Lamping & Veach 2014): bucket in `[0, buckets)` for a 64-bit key.
 *
 * @param key - unsigned 64-bit key.
 * @param buckets - bucket count ≥ 1.
 */
export function jumpHash(key: bigint, buckets: number): number {
  let k = key & U64;
  let b = -1;
  let j = 0;
  while (j < buckets) {
    b = j;
    k = (k * 2862933555777941757n + 1n) & U64;
    j = Math.floor((b + 1) * (2147483648 / (Number(k >> 33n) + 1)));
  }
  return b;
}

/**
 * libring's rule (kerinin/libring `ring.go`): members sorted by name; partition p's rotation is
 * `jump(p, N)`; replica r is `members[(rotation + r) mod N]`.
 *
 * @param members - member names.
 * @param partitions - P.
 * @param redundancy - R.
 */
export function libringAssign(
  members: Iterable<string>,
  partitions: number,
  redundancy: number,
): PartitionTable {
  const names = [...new Set(members)].sort();
  const n = names.length;
  const owners = new Array<string | null>(partitions * redundancy).fill(null);
  for (let p = 0; p < partitions && n > 0; p++) {
    const rotation = jumpHash(BigInt(p), n);
    for (let r = 0; r < Math.min(redundancy, n); r++)
      owners[p * redundancy + r] = names[(rotation + r) % n]!;
  }
  return { partitions, redundancy, members: names, owners };
}

/**
 * The greedy rendezvous-with-capacity sketch from the issue, as we read it: partitions in index
 * order; each takes, in descending rendezvous score, the first R members whose load is below
 * `ceil(1.07 × mean)`.
 *
 * @param members - member names.
 * @param partitions - P.
 * @param redundancy - R.
 * @param factor - capacity factor (1.07 in the issue).
 */
export function greedySketchAssign(
  members: Iterable<string>,
  partitions: number,
  redundancy: number,
  factor = 1.07,
): PartitionTable {
  const names = [...new Set(members)].sort();
  const n = names.length;
  const replicas = Math.min(redundancy, n);
  const cap = Math.ceil((factor * partitions * replicas) / Math.max(n, 1));
  const seeds = names.map(memberSeed);
  const load = new Int32Array(n);
  const order = names.map((_, i) => i);
  const scores = new Float64Array(n);
  const owners = new Array<string | null>(partitions * redundancy).fill(null);
  for (let p = 0; p < partitions && n > 0; p++) {
    const a = slotKeyA(p);
    const b = slotKeyB(p);
    for (let m = 0; m < n; m++) scores[m] = pairScore(a, b, seeds[m]!.lo, seeds[m]!.hi);
    order.sort((x, y) => scores[y]! - scores[x]!);
    let r = 0;
    for (const m of order) {
      if (r === replicas) break;
      if (load[m]! >= cap) continue;
      load[m]!++;
      owners[p * redundancy + r++] = names[m]!;
    }
  }
  return { partitions, redundancy, members: names, owners };
}
