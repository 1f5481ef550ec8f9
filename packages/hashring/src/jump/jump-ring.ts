import { BaseRing } from '../ring/base-ring.js';
import { HashRingError } from '../errors.js';
import { fmix32, hash32, type Key } from '../hash/hash.js';
import { jumpHash } from './jump.js';
import { normalizeNodes, type NodesInput, type RingNode } from '../ring/nodes.js';
import { resolveOptions, type ResolvedOptions, type RingOptions } from '../ring/options.js';

const HI_SALT = 0x9e3779b9;
/** Rehash attempts per wanted replica before falling back to a deterministic scan. */
const REPLICA_ATTEMPTS = 32;

/**
 * The upper key word jump needs, derived from the 32-bit position by a bijective mix, so the
 * owner is a function of the position alone (like every other ring).
 *
 * @param position - the key's xxh32.
 */
function upperWord(position: number): number {
  return fmix32(position ^ HI_SALT);
}

/**
 * Jump consistent hash over append-only buckets. Node `i` (in insertion order) is bucket `i`.
 * Lookups are O(log n) with no memory at all; growing by one node moves only the keys the new node
 * must own.
 *
 * Why append-only: jump maps keys to bucket *numbers*. Removing bucket 3 of 10 would make the old
 * buckets 4..9 become 3..8, remapping every key they held. So `remove` only accepts the last node
 * (`ERR_UNSUPPORTED` otherwise), `add` appends, and weights are not supported (all 1). Use it where
 * buckets are stable shard numbers that only grow (storage shards, partitions), and a vnode,
 * rendezvous or maglev ring where arbitrary members come and go.
 *
 * `getNodes(key, n)` takes the owner, then owners of rehashed keys (distinct, deterministic),
 * falling back to ascending bucket order after 32 attempts per replica.
 */
export class JumpRing extends BaseRing<JumpRing> {
  readonly positions = 2 ** 32;
  readonly positionSpace = undefined;
  private readonly seed: number;

  /**
   * @param nodes - nodes in bucket order, all of weight 1.
   * @param options - resolved jump options.
   */
  private constructor(nodes: readonly RingNode[], options: ResolvedOptions) {
    for (const node of nodes) {
      if (node.weight !== 1)
        throw new HashRingError(
          'ERR_INVALID_WEIGHT',
          `jump has no weights; ${node.name} has weight ${node.weight}`,
        );
    }
    super(nodes, options);
    this.seed = options.seed ?? 0;
  }

  /**
   * Build a jump ring; node `i` is bucket `i`.
   *
   * @param nodes - names in bucket order (weights must be 1).
   * @param options - `seed`.
   * @throws {@link HashRingError} `ERR_INVALID_NODE`, `ERR_DUPLICATE_NODE`, `ERR_INVALID_WEIGHT`, `ERR_INVALID_OPTION`
   */
  static from(nodes: NodesInput = [], options: Omit<RingOptions, 'algorithm'> = {}): JumpRing {
    return new JumpRing(normalizeNodes(nodes), resolveOptions({ ...options, algorithm: 'jump' }));
  }

  protected withNodes(nodes: readonly RingNode[]): JumpRing {
    return new JumpRing(nodes, this.options);
  }

  positionOf(key: Key): number {
    return hash32(key, this.seed);
  }

  getNodeAt(position: number): string | undefined {
    if (this.size === 0) return undefined;
    const p = position >>> 0;
    return this.names[jumpHash(upperWord(p), p, this.size)];
  }

  /**
   * Remove the last bucket.
   *
   * @param name - must be the last node.
   * @throws {@link HashRingError} `ERR_INVALID_NODE` when absent; `ERR_UNSUPPORTED` when not last.
   */
  override remove(name: string): JumpRing {
    const i = this.requireIndex(name);
    if (i !== this.size - 1) {
      throw new HashRingError(
        'ERR_UNSUPPORTED',
        `jump can only remove the last bucket (${this.names[this.size - 1]!}); removing ${name} would remap every later bucket`,
      );
    }
    return super.remove(name);
  }

  protected collect(position: number, _key: Key, n: number, out: string[]): void {
    const stamp = this.newPass();
    const size = this.size;
    let p = position >>> 0;
    let bucket = jumpHash(upperWord(p), p, size);
    this.markNew(bucket, stamp);
    out.push(this.names[bucket]!);
    for (let attempt = 1; out.length < n && attempt <= REPLICA_ATTEMPTS * n; attempt++) {
      p = fmix32((position + Math.imul(attempt, 0x632be5ab)) | 0);
      bucket = jumpHash(upperWord(p), p, size);
      if (this.markNew(bucket, stamp)) out.push(this.names[bucket]!);
    }
    for (let i = 1; out.length < n; i++) {
      const b = (bucket + i) % size;
      if (this.markNew(b, stamp)) out.push(this.names[b]!);
    }
  }
}
