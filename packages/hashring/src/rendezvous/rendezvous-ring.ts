import { BaseRing } from '../ring/base-ring.js';
import { fmix32, hash32, type Key } from '../hash/hash.js';
import { normalizeNodes, sortByName, type NodesInput, type RingNode } from '../ring/nodes.js';
import { resolveOptions, type ResolvedOptions, type RingOptions } from '../ring/options.js';

const TWO_32 = 2 ** 32;

/**
 * Weighted rendezvous (highest random weight) hashing. For each node `i` the key draws
 * `h = (fmix32(xxh32(key) ^ nodeHash_i) + ½) / 2^32 ∈ (0, 1)` and the node with the highest score
 * `−w_i / ln h` wins (Schindelhauer & Schomaker's logarithmic method): node `i` wins with
 * probability exactly `w_i / W`, and changing one node's weight or membership moves keys only to
 * or from that node. With equal weights the score is monotone in `h`, so the log is skipped.
 *
 * Lookups cost O(n) (no tables at all); `getNodes(key, n)` returns the top-n scores in order.
 * Order-independent: nodes are kept sorted by name, ties go to the lower name.
 */
export class RendezvousRing extends BaseRing<RendezvousRing> {
  readonly positions = TWO_32;
  readonly positionSpace = undefined;
  private readonly seed: number;
  private readonly nodeHashes: Int32Array;
  private readonly weighted: boolean;
  private readonly scores: Float64Array;

  /**
   * @param nodes - nodes sorted by name.
   * @param options - resolved rendezvous options.
   */
  private constructor(nodes: readonly RingNode[], options: ResolvedOptions) {
    super(nodes, options);
    this.seed = options.seed ?? 0;
    this.nodeHashes = Int32Array.from(nodes, (n) => hash32(n.name, this.seed));
    this.weighted = nodes.some((n) => n.weight !== nodes[0]!.weight);
    this.scores = new Float64Array(nodes.length);
  }

  /**
   * Build a weighted rendezvous ring.
   *
   * @param nodes - names, `{ name, weight }` objects or a `{ name: weight }` record.
   * @param options - `seed`.
   * @throws {@link HashRingError} `ERR_INVALID_NODE`, `ERR_DUPLICATE_NODE`, `ERR_INVALID_WEIGHT`, `ERR_INVALID_OPTION`
   */
  static from(
    nodes: NodesInput = [],
    options: Omit<RingOptions, 'algorithm'> = {},
  ): RendezvousRing {
    return new RendezvousRing(
      sortByName(normalizeNodes(nodes)),
      resolveOptions({ ...options, algorithm: 'rendezvous' }),
    );
  }

  protected withNodes(nodes: readonly RingNode[]): RendezvousRing {
    return new RendezvousRing(sortByName(nodes), this.options);
  }

  positionOf(key: Key): number {
    return hash32(key, this.seed);
  }

  /**
   * Score of node `i` for a key at `position`; higher wins.
   *
   * @param position - the key's xxh32.
   * @param i - node index.
   */
  private score(position: number, i: number): number {
    const x = fmix32(position ^ this.nodeHashes[i]!);
    if (!this.weighted) return x;
    return -this.weights[i]! / Math.log((x + 0.5) / TWO_32);
  }

  getNodeAt(position: number): string | undefined {
    const size = this.size;
    if (size === 0) return undefined;
    const p = position | 0;
    let best = 0;
    let bestScore = -1;
    for (let i = 0; i < size; i++) {
      const s = this.score(p, i);
      if (s > bestScore) {
        bestScore = s;
        best = i;
      }
    }
    return this.names[best];
  }

  protected collect(position: number, _key: Key, n: number, out: string[]): void {
    const size = this.size;
    const scores = this.scores;
    const p = position | 0;
    for (let i = 0; i < size; i++) scores[i] = this.score(p, i);
    // n selection passes over the scores: O(n · size), no sorting, no allocation.
    while (out.length < n) {
      let best = -1;
      let bestScore = -2;
      for (let i = 0; i < size; i++) {
        if (scores[i]! > bestScore) {
          bestScore = scores[i]!;
          best = i;
        }
      }
      scores[best] = -3;
      out.push(this.names[best]!);
    }
  }
}
