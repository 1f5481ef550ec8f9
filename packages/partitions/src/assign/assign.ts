import { resolveAssignOptions, type AssignOptions } from './assign-options.js';
import { canonicalMembers } from './member-names.js';
import { memberSeed, pairScore, slotKeyA, slotKeyB } from './score.js';
import { swapIntoSlot } from './slot-swap.js';
import type { PartitionTable } from '../table/table.js';

/**
 * The pure assignment: member set → P × R table.
 *
 * Rule (a capacity-bounded rendezvous, i.e. the unique stable matching between slots and members
 * when both sides rank pairs by the same rendezvous score): every (slot, member) pair gets a score;
 * pairs are taken in descending score order and a pair is accepted when its slot is still empty,
 * its member is below the load bound and its member owns no other replica of that partition.
 *
 * Why this rule: it is a function of the member *set* only (names are sorted first, scores do not
 * depend on order), so every node that sees the same members computes the same table. It keeps
 * rendezvous hashing's locality — a newcomer takes the slots it scores highest on, a leaver's slots
 * go to their next-best members — and the load bound caps every member at
 * `max(ceil(mean), floor(maxLoadFactor × mean))`. The bound is what costs movement: a member at
 * its bound that loses a slot takes back a slot it had previously refused, which moves that slot
 * too. See the README for the measured balance/movement trade-off.
 *
 * Cost: O(S·N) scoring plus O(S log S) heap work for S = P·R slots; about 6 ms of CPU for
 * P = 1024, R = 2, N = 100 on the shared CI machine (see `pnpm --filter @ring/partitions bench`).
 */

/** Candidates remembered per slot before a refused slot has to rescan every member. */
const TOP_CANDIDATES = 8;

/** Binary max-heap of (score, slot, member) keyed on score, ties to the lower slot. */
class PairHeap {
  private readonly score: Float64Array;
  private readonly slot: Int32Array;
  private readonly member: Int32Array;
  size = 0;

  constructor(capacity: number) {
    this.score = new Float64Array(capacity);
    this.slot = new Int32Array(capacity);
    this.member = new Int32Array(capacity);
  }

  private above(i: number, j: number): boolean {
    const a = this.score[i]!;
    const b = this.score[j]!;
    return a > b || (a === b && this.slot[i]! < this.slot[j]!);
  }

  private swap(i: number, j: number): void {
    const s = this.score[i]!;
    this.score[i] = this.score[j]!;
    this.score[j] = s;
    const t = this.slot[i]!;
    this.slot[i] = this.slot[j]!;
    this.slot[j] = t;
    const m = this.member[i]!;
    this.member[i] = this.member[j]!;
    this.member[j] = m;
  }

  push(score: number, slot: number, member: number): void {
    let i = this.size++;
    this.score[i] = score;
    this.slot[i] = slot;
    this.member[i] = member;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.above(i, parent)) break;
      this.swap(i, parent);
      i = parent;
    }
  }

  /** Remove the top; its fields are left in `topSlot` / `topMember`. */
  pop(): void {
    this.topSlot = this.slot[0]!;
    this.topMember = this.member[0]!;
    const last = --this.size;
    if (last > 0) {
      this.score[0] = this.score[last]!;
      this.slot[0] = this.slot[last]!;
      this.member[0] = this.member[last]!;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let best = i;
        if (l < last && this.above(l, best)) best = l;
        if (r < last && this.above(r, best)) best = r;
        if (best === i) break;
        this.swap(i, best);
        i = best;
      }
    }
  }

  topSlot = -1;
  topMember = -1;
}

/**
 * The slot cap for `slots` slots over `n` members.
 *
 * @param slots - owned slots in total (P · min(R, N)).
 * @param n - members.
 * @param maxLoadFactor - the load bound factor.
 */
export function loadCap(slots: number, n: number, maxLoadFactor: number): number {
  const mean = slots / n;
  // The epsilon keeps floor(1.05 × 20) at 21 despite binary rounding.
  return Math.max(Math.ceil(mean), Math.floor(maxLoadFactor * mean + 1e-9));
}

/**
 * Compute the partition table of a member set.
 *
 * Deterministic and independent of the order (and duplicates) of `members`. Every partition's
 * owners are distinct. With N members and R' = min(R, N), replicas `r ≥ N` stay unowned (`null`).
 *
 * @param members - member names (non-empty strings).
 * @param options - P, R and the load bound.
 * @returns a frozen table.
 * @throws PartitionsError `ERR_INVALID_OPTION` (see {@link resolveAssignOptions}),
 *   `ERR_INVALID_MEMBER` for an empty or non-string name.
 */
export function assign(members: Iterable<string>, options: AssignOptions = {}): PartitionTable {
  const { partitions: P, redundancy: R, maxLoadFactor } = resolveAssignOptions(options);
  const names = canonicalMembers(members);
  const N = names.length;
  const replicas = Math.min(R, N);
  const owner = new Int32Array(P * replicas).fill(-1);
  if (N > 0) fill(owner, P, R, replicas, names, loadCap(P * replicas, N, maxLoadFactor));
  const owners = new Array<string | null>(P * R).fill(null);
  for (let s = 0; s < owner.length; s++) {
    owners[Math.floor(s / replicas) * R + (s % replicas)] = names[owner[s]!]!;
  }
  return Object.freeze({
    partitions: P,
    redundancy: R,
    members: Object.freeze(names),
    owners: Object.freeze(owners),
  });
}

/**
 * The capacity-bounded rendezvous matching; writes member indexes into `owner`, indexed
 * `p · replicas + r` (the caller expands to the P × R layout).
 */
function fill(
  owner: Int32Array,
  P: number,
  R: number,
  replicas: number,
  names: readonly string[],
  cap: number,
): void {
  const N = names.length;
  const lo = new Int32Array(N);
  const hi = new Int32Array(N);
  names.forEach((name, i) => {
    const seed = memberSeed(name);
    lo[i] = seed.lo;
    hi[i] = seed.hi;
  });
  const load = new Int32Array(N);
  const slots = P * replicas;
  const keyA = new Int32Array(slots);
  const keyB = new Int32Array(slots);
  // Scores are keyed by p·R + r over the full R, so a slot's scores do not change with N.
  for (let s = 0; s < slots; s++) {
    const id = Math.floor(s / replicas) * R + (s % replicas);
    keyA[s] = slotKeyA(id);
    keyB[s] = slotKeyB(id);
  }

  // Does member m own another replica of slot s's partition?
  const holds = (s: number, m: number): boolean => {
    const base = s - (s % replicas);
    for (let t = base; t < base + replicas; t++) if (t !== s && owner[t] === m) return true;
    return false;
  };
  const eligible = (s: number, m: number): boolean => load[m]! < cap && !holds(s, m);

  // Each slot keeps its TOP best members (by score, descending) from one scan; a refused slot walks
  // down that list and only rescans all N members when the list is exhausted. Ineligibility is
  // permanent (loads only grow, owners are never removed), so skipping is exact.
  const top = Math.min(N, TOP_CANDIDATES);
  const candMember = new Int32Array(slots * top);
  const candScore = new Int32Array(slots * top);
  const cursor = new Int32Array(slots);
  for (let s = 0; s < slots; s++) {
    const a = keyA[s]!;
    const b = keyB[s]!;
    const base = s * top;
    let filled = 0;
    for (let m = 0; m < N; m++) {
      const score = pairScore(a, b, lo[m]!, hi[m]!);
      if (filled === top && score <= candScore[base + top - 1]!) continue;
      let i = filled < top ? filled++ : top - 1;
      while (i > 0 && candScore[base + i - 1]! < score) {
        candScore[base + i] = candScore[base + i - 1]!;
        candMember[base + i] = candMember[base + i - 1]!;
        i--;
      }
      candScore[base + i] = score;
      candMember[base + i] = m;
    }
  }
  const heap = new PairHeap(slots);
  // Push slot s's best eligible member, or report that none is left.
  const offer = (s: number): boolean => {
    const base = s * top;
    for (let c = cursor[s]!; c < top; c++) {
      const m = candMember[base + c]!;
      if (eligible(s, m)) {
        cursor[s] = c + 1;
        heap.push(candScore[base + c]!, s, m);
        return true;
      }
    }
    cursor[s] = top;
    let bestMember = -1;
    let bestScore = 0;
    for (let m = 0; m < N; m++) {
      if (!eligible(s, m)) continue;
      const score = pairScore(keyA[s]!, keyB[s]!, lo[m]!, hi[m]!);
      if (bestMember < 0 || score > bestScore) {
        bestScore = score;
        bestMember = m;
      }
    }
    if (bestMember < 0) return false;
    heap.push(bestScore, s, bestMember);
    return true;
  };
  for (let s = 0; s < slots; s++) offer(s);
  const empty: number[] = [];
  while (heap.size > 0) {
    heap.pop();
    const s = heap.topSlot;
    const m = heap.topMember;
    if (eligible(s, m)) {
      owner[s] = m;
      load[m]!++;
    } else if (!offer(s)) {
      empty.push(s);
    }
  }
  // Rare: it needs almost every member at its cap. Loads stay within the cap when a swap exists.
  for (const s of empty) swapIntoSlot(s, owner, load, (q) => load[q]! < cap, holds);
}
