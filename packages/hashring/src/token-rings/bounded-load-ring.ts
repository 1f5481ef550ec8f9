import { DEFAULT_LOAD_FACTOR } from '../constants.js';
import { HashRingError } from '../errors.js';
import { assertKey, hash32, type Key } from '../hash/hash.js';
import { normalizeNodes, sortByName, type NodesInput, type RingNode } from '../ring/nodes.js';
import { resolveOptions, type ResolvedOptions, type RingOptions } from '../ring/options.js';
import { TokenRing } from './token-ring.js';
import { buildVnodeTokens } from './vnode-ring.js';

/**
 * Consistent hashing with bounded loads (Mirrokni, Thorup & Zadimoghaddam, SODA 2018) on top of the
 * vnode ring. With `m` keys placed, node `i` has capacity `⌈c · m · w_i / W⌉` (c = `loadFactor`);
 * a key goes to the first node clockwise from its position that is below capacity. Hence no node
 * ever exceeds ⌈c × its fair share⌉, while keys still mostly stay put when nodes come and go.
 *
 * Placement depends on the current loads, so it is offered two ways:
 * - {@link BoundedLoadRing.assign}: place a batch of keys from scratch (deterministic in key order).
 * - {@link BoundedLoadRing.getNode} with `loads`: place one more key given the loads you track.
 *
 * Without `loads`, `getNode`/`getNodes` behave exactly like the vnode ring with the same seed.
 */
export class BoundedLoadRing extends TokenRing<BoundedLoadRing> {
  readonly positionSpace: string;
  /** The load factor c. */
  readonly loadFactor: number;
  private readonly seed: number;

  /**
   * @param nodes - nodes sorted by name.
   * @param options - resolved bounded options.
   */
  private constructor(nodes: readonly RingNode[], options: ResolvedOptions) {
    const seed = options.seed ?? 0;
    super(nodes, options, buildVnodeTokens(nodes, seed, options.vnodesPerWeight ?? 1), true);
    this.seed = seed;
    this.loadFactor = options.loadFactor ?? DEFAULT_LOAD_FACTOR;
    this.positionSpace = `xxh32:${seed}`;
  }

  /**
   * Build a bounded-load ring.
   *
   * @param nodes - names, `{ name, weight }` objects or a `{ name: weight }` record.
   * @param options - `seed`, `vnodesPerWeight`, `loadFactor` (c ≥ 1).
   * @throws {@link HashRingError} `ERR_INVALID_NODE`, `ERR_DUPLICATE_NODE`, `ERR_INVALID_WEIGHT`, `ERR_INVALID_OPTION`
   */
  static from(
    nodes: NodesInput = [],
    options: Omit<RingOptions, 'algorithm'> = {},
  ): BoundedLoadRing {
    return new BoundedLoadRing(
      sortByName(normalizeNodes(nodes)),
      resolveOptions({ ...options, algorithm: 'bounded' }),
    );
  }

  protected withNodes(nodes: readonly RingNode[]): BoundedLoadRing {
    return new BoundedLoadRing(sortByName(nodes), this.options);
  }

  positionOf(key: Key): number {
    return hash32(key, this.seed);
  }

  /**
   * Capacity of node `i` once `placed` keys are assigned: `⌈c · placed · w_i / W⌉`. The tiny
   * epsilon keeps float noise (12500.000000000002) from adding a slot above the exact bound.
   *
   * @param i - node index.
   * @param placed - total keys including the one being placed.
   */
  capacityOf(i: number, placed: number): number {
    return Math.ceil((this.loadFactor * placed * this.weights[i]!) / this.totalWeight - 1e-9);
  }

  /**
   * The owner of `key`. Without `loads`: the plain vnode-ring owner. With `loads` (keys currently
   * placed per node, as tracked by the caller; missing names count as 0): the first node clockwise
   * whose load is below its capacity for one more key, so placing keys one by one this way never
   * lets a node exceed `⌈c · m · w / W⌉`.
   *
   * @param key - string or bytes.
   * @param loads - current load per node name.
   * @returns the node, or `undefined` on an empty ring.
   * @throws {@link HashRingError} `ERR_INVALID_KEY`
   */
  override getNode(key: Key, loads?: ReadonlyMap<string, number>): string | undefined {
    assertKey(key);
    if (this.size === 0) return undefined;
    const start = this.tokenIndex(hash32(key, this.seed));
    if (loads === undefined) return this.names[this.owners[start]!];
    let total = 0;
    for (const name of this.names) total += loads.get(name) ?? 0;
    return this.names[this.walk(start, total + 1, (i) => loads.get(this.names[i]!) ?? 0)];
  }

  /**
   * Place `keys` in order with bounded loads, starting from empty nodes. Deterministic: the same
   * keys in the same order give the same owners on every machine.
   *
   * @param keys - the keys to place.
   * @returns the owner of each key, aligned with the input order.
   * @throws {@link HashRingError} `ERR_EMPTY_RING` when there are keys but no nodes; `ERR_INVALID_KEY`.
   */
  assign(keys: Iterable<Key>): string[] {
    const loads = new Float64Array(this.size);
    const out: string[] = [];
    let placed = 0;
    for (const key of keys) {
      assertKey(key);
      if (this.size === 0)
        throw new HashRingError('ERR_EMPTY_RING', 'cannot assign keys on a ring without nodes');
      placed++;
      const owner = this.walk(this.tokenIndex(hash32(key, this.seed)), placed, (i) => loads[i]!);
      loads[owner]! += 1;
      out.push(this.names[owner]!);
    }
    return out;
  }

  /**
   * First node clockwise from token `start` whose load is below capacity. Always succeeds: the
   * capacities sum to at least `c · placed ≥ placed`, more than the `placed − 1` keys already out.
   */
  private walk(start: number, placed: number, loadOf: (i: number) => number): number {
    const owners = this.owners;
    const count = owners.length;
    let t = start;
    for (let seen = 0; seen < count; seen++) {
      const i = owners[t]!;
      if (loadOf(i) < this.capacityOf(i, placed)) return i;
      if (++t === count) t = 0;
    }
    // Only reachable when callers pass loads above capacity everywhere: fall back to the plain owner.
    return owners[start]!;
  }
}
