import { loadCap } from './assign.js';
import { memberSeed, pairScore, slotKeyA, slotKeyB } from './score.js';
import { checkPartition, tableLoads, type PartitionTable } from '../table/table.js';

/**
 * A member that scored higher than a slot's owner but did not get the slot, and why:
 * - `other-replica`: it owns another replica of the same partition (owners are distinct);
 * - `load-cap`: it had reached the load cap when the slot came up;
 * - `swap`: neither holds now (a rare repair swap moved it).
 */
export interface PassedOver {
  readonly name: string;
  readonly score: number;
  readonly reason: 'other-replica' | 'load-cap' | 'swap';
  /** For `other-replica`: which replica it owns. */
  readonly replica: number | null;
  /** Its load (slots owned) in the table. */
  readonly load: number;
}

/** One replica slot of a partition and how its owner was chosen. */
export interface SlotExplanation {
  readonly replica: number;
  /** The owner's name, or null when the slot is unowned (fewer members than replicas). */
  readonly owner: string | null;
  /** The owner's rendezvous score for this slot (a signed 32-bit integer; higher wins). */
  readonly score: number | null;
  /** The owner's rank among all members by score for this slot (0 = the best score). */
  readonly rank: number | null;
  /** Members with a higher score that were passed over, best first. */
  readonly passedOver: readonly PassedOver[];
}

/** Why a partition's replicas are owned by whom. */
export interface PartitionExplanation {
  readonly partition: number;
  readonly partitions: number;
  readonly redundancy: number;
  /** The members the table was computed from. */
  readonly members: readonly string[];
  /** Most slots one member may own (`max(ceil(mean), floor(maxLoadFactor × mean))`). */
  readonly loadCap: number;
  /** The assignment rule in one sentence. */
  readonly rule: string;
  /** One per replica, replica 0 first. */
  readonly slots: readonly SlotExplanation[];
}

const RULE =
  'capacity-bounded rendezvous: (slot, member) pairs are taken in descending score order; a pair is ' +
  'accepted when the slot is empty, the member is below the load cap and owns no other replica of the partition';

/**
 * Explain one partition of a table computed by `assign`: each replica's owner, its rendezvous
 * score and rank, and the better-scoring members that were passed over with the reason.
 *
 * @param table - the table.
 * @param partition - integer in `[0, P)`.
 * @param maxLoadFactor - the load bound the table was computed with.
 * @throws PartitionsError `ERR_UNKNOWN_PARTITION`
 */
export function explainPartition(
  table: PartitionTable,
  partition: number,
  maxLoadFactor: number,
): PartitionExplanation {
  checkPartition(table, partition);
  const { partitions: P, redundancy: R, members } = table;
  const N = members.length;
  const replicas = Math.min(R, N);
  const cap = N === 0 ? 0 : loadCap(P * replicas, N, maxLoadFactor);
  const loads = tableLoads(table);
  const seeds = members.map((name) => memberSeed(name));
  const owners = table.owners.slice(partition * R, partition * R + R);
  const slots: SlotExplanation[] = [];
  for (let r = 0; r < R; r++) {
    const owner = owners[r] ?? null;
    if (owner === null) {
      slots.push({ replica: r, owner: null, score: null, rank: null, passedOver: [] });
      continue;
    }
    const id = partition * R + r;
    const a = slotKeyA(id);
    const b = slotKeyB(id);
    // Descending score, ties to the lower name (as the assignment breaks them).
    const ranked = members
      .map((name, i) => ({ name, score: pairScore(a, b, seeds[i]!.lo, seeds[i]!.hi) }))
      .sort((x, y) => y.score - x.score || (x.name < y.name ? -1 : 1));
    const rank = ranked.findIndex((m) => m.name === owner);
    const passedOver: PassedOver[] = ranked.slice(0, Math.max(0, rank)).map((m) => {
      const other = owners.indexOf(m.name);
      const load = loads.get(m.name) ?? 0;
      return {
        name: m.name,
        score: m.score,
        reason: other >= 0 ? 'other-replica' : load >= cap ? 'load-cap' : 'swap',
        replica: other >= 0 ? other : null,
        load,
      };
    });
    slots.push({ replica: r, owner, score: ranked[rank]?.score ?? null, rank, passedOver });
  }
  return { partition, partitions: P, redundancy: R, members, loadCap: cap, rule: RULE, slots };
}
