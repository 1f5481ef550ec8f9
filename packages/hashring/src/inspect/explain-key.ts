import type { Key } from '../hash/hash.js';
import type { HashRing } from '../ring/ring.js';
import { vnodeToken } from '../token-rings/vnode-ring.js';

/** The point on a vnode ring that chose a key's owner. */
export interface VnodePoint {
  /** The token (a position) the key landed on: the first token at or after the key's position. */
  readonly token: number;
  /** Which of the owner's vnodes that token is (`0 .. weight × vnodesPerWeight − 1`). */
  readonly vnode: number;
  /** True when no token lies at or after the position, so the search wrapped to the ring's first token. */
  readonly wrapped: boolean;
}

/** Why a ring placed a key where it did. */
export interface RingKeyExplanation {
  /** The ring's algorithm. */
  readonly algorithm: HashRing['algorithm'];
  /** The position space (e.g. `xxh32:0`), or undefined where positions do not decide alone. */
  readonly positionSpace: string | undefined;
  /** Size of the position space. */
  readonly positions: number;
  /** The key's position, `positionOf(key)` (the xxh32 hash for vnode rings). */
  readonly position: number;
  /** The owner, or undefined on an empty ring. */
  readonly owner: string | undefined;
  /**
   * The owner's arc containing the position: positions `start ..= end` all belong to the owner
   * (from {@link HashRing.ownership}); null for rendezvous and jump, whose owner is not constant
   * over any range.
   */
  readonly arc: { readonly start: number; readonly end: number } | null;
  /** For the vnode algorithm: the token and vnode that chose the owner; null otherwise. */
  readonly point: VnodePoint | null;
  /** Up to `replicas` distinct owners in preference order (the first is `owner`). */
  readonly owners: readonly string[];
  /** The owners' weights, in the same order. */
  readonly weights: readonly number[];
  /** The rule that chose the owner, in one sentence. */
  readonly rule: string;
}

const RULES: Readonly<Record<HashRing['algorithm'], string>> = {
  vnode: 'the first vnode token at or after xxh32(key) on the 2^32 circle, wrapping past the end',
  bounded:
    'the first vnode token at or after xxh32(key) whose node is below its load bound, wrapping',
  rendezvous: 'the node with the highest weighted rendezvous score for the key',
  jump: "jump consistent hash of the key's 64-bit hash over the buckets",
  maglev: "the owner of the key's entry in the maglev lookup table",
  ketama: 'the first MD5 point at or after the key hash (libketama), wrapping',
  hashRingPy: 'the first MD5 point after the key hash (python hash_ring), wrapping',
};

/**
 * Explain where `ring` places `key`: its position, the arc and (for vnode rings) the vnode token
 * that chose the owner, and the owners in preference order. Read-only and allocation-light; meant
 * for operators' tools, not hot paths.
 *
 * @param ring - any ring.
 * @param key - string (UTF-8) or bytes.
 * @param replicas - how many owners to list (capped at the ring's size). @default 1
 * @throws {@link HashRingError} `ERR_INVALID_KEY`, `ERR_INVALID_OPTION` for a negative or
 *   fractional `replicas`.
 */
export function explainKey(ring: HashRing, key: Key, replicas = 1): RingKeyExplanation {
  const position = ring.positionOf(key);
  const owner = ring.getNodeAt(position);
  const owners = ring.getNodes(key, Math.min(replicas, ring.size));
  let arc: RingKeyExplanation['arc'] = null;
  const ownership = ring.ownership();
  if (ownership !== undefined && owner !== undefined) {
    const { ends } = ownership;
    let lo = 0;
    let hi = ends.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (ends[mid]! < position) lo = mid + 1;
      else hi = mid;
    }
    arc = { start: lo === 0 ? 0 : ends[lo - 1]! + 1, end: ends[lo]! };
  }
  let point: VnodePoint | null = null;
  if (ring.algorithm === 'vnode' && owner !== undefined) {
    const seed = ring.options.seed ?? 0;
    const count = (ring.weightOf(owner) ?? 1) * (ring.options.vnodesPerWeight ?? 1);
    let after: VnodePoint | null = null;
    let first: VnodePoint | null = null;
    for (let i = 0; i < count; i++) {
      const token = vnodeToken(owner, i, seed);
      if (token >= position && (after === null || token < after.token))
        after = { token, vnode: i, wrapped: false };
      if (first === null || token < first.token) first = { token, vnode: i, wrapped: true };
    }
    point = after ?? first;
  }
  return {
    algorithm: ring.algorithm,
    positionSpace: ring.positionSpace,
    positions: ring.positions,
    position,
    owner,
    arc,
    point,
    owners,
    weights: owners.map((n) => ring.weightOf(n) ?? 0),
    rule: RULES[ring.algorithm],
  };
}
