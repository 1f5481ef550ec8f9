import { hash64 } from '@ring/hashring';
import { fmix32 } from '@ring/hashring/internal';

/**
 * Rendezvous scores for (slot, member) pairs.
 *
 * A member is reduced once to two 32-bit seeds (the halves of `xxhash64(name)`); a slot
 * `p·R + r` is reduced once to two 32-bit keys. A pair's score is then one round of the murmur3
 * finaliser over those integers: cheap enough to score every member for every slot (P·R·N pairs)
 * within a few milliseconds, and pure integer arithmetic, so every platform computes the same bits.
 */

/** murmur3's 32-bit finaliser, shared with `@ring/hashring` (re-exported for compatibility). */
export { fmix32 };

/** The two 32-bit seeds of a member, derived from `xxhash64(name)`. */
export interface MemberSeed {
  /** Low 32 bits of the member name's xxhash64. */
  readonly lo: number;
  /** High 32 bits of the member name's xxhash64. */
  readonly hi: number;
}

/**
 * Seeds of a member name (computed once per name and kept; see `seeds`).
 *
 * @param name - the member's name.
 */
export function memberSeed(name: string): MemberSeed {
  let seed = seeds.get(name);
  if (seed === undefined) {
    const h = hash64(name);
    seed = Object.freeze({ lo: Number(h & 0xffffffffn), hi: Number(h >> 32n) });
    // Bounded: a process that sees endless new names (rolling deploys with unique names) starts over.
    if (seeds.size >= SEED_CACHE_MAX) seeds.clear();
    seeds.set(name, seed);
  }
  return seed;
}

/**
 * Seeds already computed, by name. Every membership change recomputes the table over all members,
 * and hashing the names was over half of that work (about 80 of 150 µs for 100 members and 64
 * partitions, warm); the names rarely change, so each is hashed once.
 */
const seeds = new Map<string, MemberSeed>();
const SEED_CACHE_MAX = 16_384;

/**
 * First key of slot `slot` (a slot is `partition · R + replica`).
 *
 * @param slot - slot index, a non-negative integer.
 */
export function slotKeyA(slot: number): number {
  return fmix32(Math.imul(slot + 1, 0x9e3779b1) ^ 0x2545f491);
}

/**
 * Second key of slot `slot`.
 *
 * @param slot - slot index, a non-negative integer.
 */
export function slotKeyB(slot: number): number {
  return fmix32(Math.imul(slot + 1, 0x85ebca77) ^ 0x6a09e667);
}

/**
 * Score of a (slot, member) pair: a uniformly distributed int32 (signed, so the hot loop stays in
 * small-integer arithmetic). Higher is preferred; equal scores (about one slot in 10^6 at
 * N = 100) are broken by member name order, so they stay deterministic.
 *
 * One murmur3 finaliser over a mix of both member seeds and both slot keys: the assignment scores
 * every member for every slot, so this is the hot loop.
 *
 * @param keyA - {@link slotKeyA} of the slot.
 * @param keyB - {@link slotKeyB} of the slot.
 * @param lo - the member's {@link MemberSeed.lo}.
 * @param hi - the member's {@link MemberSeed.hi}.
 */
export function pairScore(keyA: number, keyB: number, lo: number, hi: number): number {
  let h = Math.imul(lo ^ keyA, 0xcc9e2d51) ^ ((hi + keyB) | 0);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}
