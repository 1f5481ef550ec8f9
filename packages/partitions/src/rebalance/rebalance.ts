import { canonicalMembers } from '../assign/member-names.js';
import { memberSeed, pairScore, slotKeyA, slotKeyB } from '../assign/score.js';
import { swapIntoSlot } from '../assign/slot-swap.js';
import { emptyTable, type PartitionTable } from '../table/table.js';

/**
 * The stateful alternative to {@link assign}: the next table computed from the previous one with
 * the fewest possible slot moves, every member within one slot of the mean.
 *
 * Exactly optimal movement — a join takes only what the newcomer must own, a leave moves only the
 * leaver's slots — but the result depends on history, not just on the member set. Use it only where
 * every node is guaranteed to start from the same previous table: a coordinator (or a consensus
 * log) that computes the table and distributes it. Nodes that apply the same membership changes in
 * different orders, restart, or heal from a partition would otherwise hold different tables
 * forever; that is why `createPartitions` uses the pure {@link assign}.
 *
 * Rule: keep every slot whose owner is still a member; targets are ⌊S/N⌋ or ⌈S/N⌉ slots per
 * member (S = P·min(R, N)), the ⌈⌉ going to the members that hold most now (ties by name); a member
 * above its target gives up its lowest-scoring slots; freed slots go, in slot order, to the
 * highest-scoring member below target that does not already own that partition.
 */

/**
 * Compute the next table from the previous one.
 *
 * @param previous - the table every node agrees on (e.g. `emptyTable(P, R)` at bootstrap).
 * @param members - the new member set (names; order and duplicates do not matter).
 * @returns a frozen table with the previous table's P and R.
 * @throws PartitionsError `ERR_INVALID_MEMBER` for an empty or non-string name.
 */
export function rebalance(previous: PartitionTable, members: Iterable<string>): PartitionTable {
  const P = previous.partitions;
  const R = previous.redundancy;
  const names = canonicalMembers(members);
  const N = names.length;
  if (N === 0) return emptyTable(P, R);
  const index = new Map(names.map((n, i) => [n, i]));
  const replicas = Math.min(R, N);
  const slots = P * replicas;
  const owner = new Int32Array(slots).fill(-1);
  const count = new Int32Array(N);
  for (let p = 0; p < P; p++) {
    for (let r = 0; r < replicas; r++) {
      const prev = previous.owners[p * R + r];
      const m = prev === null || prev === undefined ? undefined : index.get(prev);
      // Skip departed members, and a member listed twice in one partition (a corrupt table).
      if (m === undefined || owner.subarray(p * replicas, p * replicas + r).includes(m)) continue;
      owner[p * replicas + r] = m;
      count[m]!++;
    }
  }
  // Targets: the members holding most now keep ⌈S/N⌉, so the fewest slots have to move.
  const base = Math.floor(slots / N);
  let extra = slots - base * N;
  const target = new Int32Array(N);
  const byCount = names.map((_, i) => i).sort((a, b) => count[b]! - count[a]! || a - b);
  for (const m of byCount) target[m] = base + (extra-- > 0 ? 1 : 0);

  const seeds = names.map(memberSeed);
  const score = (s: number, m: number): number => {
    const id = Math.floor(s / replicas) * R + (s % replicas);
    return pairScore(slotKeyA(id), slotKeyB(id), seeds[m]!.lo, seeds[m]!.hi);
  };
  // Members above target give up their lowest-scoring slots, preferring partitions where no slot
  // is free yet: a newcomer can take only one replica per partition, so freed slots in distinct
  // partitions let it take them all.
  const freed = new Uint8Array(P);
  for (let s = 0; s < slots; s++) if (owner[s]! < 0) freed[Math.floor(s / replicas)] = 1;
  const held: number[][] = names.map(() => []);
  for (let s = 0; s < slots; s++) if (owner[s]! >= 0) held[owner[s]!]!.push(s);
  for (let m = 0; m < N; m++) {
    let surplus = count[m]! - target[m]!;
    if (surplus <= 0) continue;
    count[m] = target[m]!;
    const mine = held[m]!.sort((a, b) => score(a, m) - score(b, m) || a - b);
    for (const pass of [0, 1]) {
      for (const s of mine) {
        if (surplus === 0) break;
        const p = Math.floor(s / replicas);
        if (owner[s]! < 0 || (pass === 0 && freed[p] === 1)) continue;
        owner[s] = -1;
        freed[p] = 1;
        surplus--;
      }
    }
  }
  const holds = (s: number, m: number): boolean => {
    const first = s - (s % replicas);
    for (let t = first; t < first + replicas; t++) if (t !== s && owner[t] === m) return true;
    return false;
  };
  // Freed slots → members below target: a bipartite b-matching (augmenting paths, Kuhn), so that a
  // slot whose best candidates all hold its partition is routed around them instead of forcing an
  // extra move. Candidates are tried in descending score order, which keeps the result
  // deterministic and close to rendezvous preferences.
  const free: number[] = [];
  for (let s = 0; s < slots; s++) if (owner[s]! < 0) free.push(s);
  const deficit = new Int32Array(N);
  for (let m = 0; m < N; m++) deficit[m] = Math.max(0, target[m]! - count[m]!);
  const takers = names.map((_, m) => m).filter((m) => deficit[m]! > 0);
  const assigned: number[][] = names.map(() => []);
  const partitionOf = (s: number): number => Math.floor(s / replicas);
  const canTake = (s: number, m: number, except: number): boolean => {
    if (holds(s, m)) return false;
    const p = partitionOf(s);
    return !assigned[m]!.some((x) => x !== except && partitionOf(x) === p);
  };
  const ranked = new Map<number, number[]>();
  const candidates = (s: number): number[] => {
    let list = ranked.get(s);
    if (list === undefined) {
      list = takers
        .map((m) => [m, score(s, m)] as const)
        .sort((a, b) => b[1] - a[1] || a[0] - b[0])
        .map(([m]) => m);
      ranked.set(s, list);
    }
    return list;
  };
  const tryPlace = (s: number, visited: Uint8Array): boolean => {
    for (const m of candidates(s)) {
      if (visited[m] === 1 || !canTake(s, m, -1)) continue;
      visited[m] = 1;
      const mine = assigned[m]!;
      if (mine.length < deficit[m]!) {
        mine.push(s);
        return true;
      }
      for (let i = 0; i < mine.length; i++) {
        const other = mine[i]!;
        if (!canTake(s, m, other)) continue;
        mine[i] = s;
        if (tryPlace(other, visited)) return true;
        mine[i] = other;
      }
    }
    return false;
  };
  const unplaced: number[] = [];
  for (const s of free) if (!tryPlace(s, new Uint8Array(N))) unplaced.push(s);
  assigned.forEach((mine, m) => {
    for (const s of mine) {
      owner[s] = m;
      count[m]!++;
    }
  });
  for (const s of unplaced) swapIntoSlot(s, owner, count, (q) => count[q]! < target[q]!, holds);
  const out = new Array<string | null>(P * R).fill(null);
  for (let s = 0; s < slots; s++)
    out[Math.floor(s / replicas) * R + (s % replicas)] = names[owner[s]!] ?? null;
  return Object.freeze({
    partitions: P,
    redundancy: R,
    members: Object.freeze(names),
    owners: Object.freeze(out),
  });
}
