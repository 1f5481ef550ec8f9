import { HashRingError } from '../errors.js';
import { assertKey, hash64, type Key } from '../hash/hash.js';
import { checkName, checkWeight, normalizeNode, type NodeInput, type RingNode } from './nodes.js';
import type { Algorithm, ResolvedOptions } from './options.js';
import type { HashRing, Ownership } from './ring.js';

/**
 * What every algorithm shares: node bookkeeping, validation, copy-on-write changes, the checksum,
 * and the distinct-owner marks used by `getNodes` without allocating.
 */
export abstract class BaseRing<R extends HashRing = HashRing> implements HashRing {
  readonly algorithm: Algorithm;
  readonly options: ResolvedOptions;
  readonly nodes: readonly RingNode[];
  readonly size: number;
  abstract readonly positions: number;
  abstract readonly positionSpace: string | undefined;
  /** Node names by index (canonical order). */
  protected readonly names: readonly string[];
  /** Node weights by index. */
  protected readonly weights: Float64Array;
  /** Sum of weights. */
  protected readonly totalWeight: number;
  private readonly indexByName: ReadonlyMap<string, number>;
  private readonly marks: Uint32Array;
  private stamp = 0;
  private cachedChecksum: string | undefined;

  /**
   * @param nodes - validated nodes in canonical order (kept as given).
   * @param options - resolved options.
   */
  protected constructor(nodes: readonly RingNode[], options: ResolvedOptions) {
    this.algorithm = options.algorithm;
    this.options = options;
    this.nodes = Object.freeze([...nodes]);
    this.size = nodes.length;
    this.names = Object.freeze(nodes.map((n) => n.name));
    this.weights = Float64Array.from(nodes, (n) => n.weight);
    this.totalWeight = nodes.reduce((sum, n) => sum + n.weight, 0);
    this.indexByName = new Map(nodes.map((n, i) => [n.name, i]));
    if (this.indexByName.size !== nodes.length)
      throw new HashRingError('ERR_DUPLICATE_NODE', 'duplicate node names');
    this.marks = new Uint32Array(nodes.length);
  }

  /** Build a ring of the same algorithm and options over `nodes` (in insertion order; subclasses canonicalise). */
  protected abstract withNodes(nodes: readonly RingNode[]): R;

  abstract positionOf(key: Key): number;
  abstract getNodeAt(position: number): string | undefined;

  /**
   * Collect `n` distinct owners starting at `position` into `out` (n ≤ size, checked by caller).
   *
   * @param position - the key's position.
   * @param key - the key itself (rendezvous and jump need more than the position for replicas).
   * @param n - how many.
   * @param out - receives the names.
   */
  protected abstract collect(position: number, key: Key, n: number, out: string[]): void;

  getNode(key: Key): string | undefined {
    assertKey(key);
    return this.getNodeAt(this.positionOf(key));
  }

  getNodes(key: Key, n: number): string[] {
    assertKey(key);
    if (!Number.isInteger(n) || n < 0)
      throw new HashRingError('ERR_INVALID_OPTION', `n must be a non-negative integer, got ${n}`);
    if (n > this.size)
      throw new HashRingError(
        'ERR_TOO_MANY_REPLICAS',
        `asked for ${n} distinct nodes, the ring has ${this.size}`,
      );
    const out: string[] = [];
    if (n === 0) return out;
    this.collect(this.positionOf(key), key, n, out);
    return out;
  }

  has(name: string): boolean {
    return this.indexByName.has(name);
  }

  weightOf(name: string): number | undefined {
    const i = this.indexByName.get(name);
    return i === undefined ? undefined : this.weights[i];
  }

  /**
   * Index of `name` in {@link BaseRing.nodes}, or −1.
   *
   * @param name - node name.
   */
  indexOf(name: string): number {
    return this.indexByName.get(name) ?? -1;
  }

  add(node: NodeInput): R {
    const added = normalizeNode(node);
    if (this.has(added.name))
      throw new HashRingError('ERR_DUPLICATE_NODE', `node ${added.name} is already on the ring`);
    return this.withNodes([...this.nodes, added]);
  }

  remove(name: string): R {
    this.requireIndex(name);
    return this.withNodes(this.nodes.filter((n) => n.name !== name));
  }

  setWeight(name: string, weight: number): R {
    const i = this.requireIndex(name);
    checkWeight(weight, name);
    if (this.weights[i] === weight) return this.withNodes(this.nodes);
    return this.withNodes(
      this.nodes.map((n) => (n.name === name ? Object.freeze({ name, weight }) : n)),
    );
  }

  ownership(): Ownership | undefined {
    return undefined;
  }

  get checksum(): string {
    if (this.cachedChecksum === undefined) {
      let text = JSON.stringify(this.options);
      for (const node of this.nodes) text += `\n${node.name.length}:${node.name}=${node.weight}`;
      this.cachedChecksum = hash64(text).toString(16).padStart(16, '0');
    }
    return this.cachedChecksum;
  }

  /**
   * Index of a node that must exist.
   *
   * @param name - node name.
   * @throws {@link HashRingError} `ERR_INVALID_NODE`
   */
  protected requireIndex(name: string): number {
    checkName(name);
    const i = this.indexByName.get(name);
    if (i === undefined)
      throw new HashRingError('ERR_INVALID_NODE', `node ${name} is not on the ring`);
    return i;
  }

  /** Start a new distinct-owner pass; returns the stamp that marks "seen" in this pass. */
  protected newPass(): number {
    if (this.stamp === 0xffffffff) {
      this.marks.fill(0);
      this.stamp = 0;
    }
    return ++this.stamp;
  }

  /**
   * Mark node `i` seen in pass `stamp`; true when it was not seen before.
   *
   * @param i - node index.
   * @param stamp - from {@link BaseRing.newPass}.
   */
  protected markNew(i: number, stamp: number): boolean {
    if (this.marks[i] === stamp) return false;
    this.marks[i] = stamp;
    return true;
  }

  /**
   * Complete `out` to `n` names with the nodes not yet seen in pass `stamp`, in canonical order.
   * Table-based rings call it after their walk: a node can hold no token or slot at all (extreme
   * weights: a ketama share below 1/(40·N) rounds to zero hashes, a maglev table too small for a
   * tiny weight), and `getNodes(key, n)` still promises `n` distinct nodes for any `n ≤ size`.
   *
   * @param out - names collected so far.
   * @param n - how many are wanted.
   * @param stamp - the pass's stamp from {@link BaseRing.newPass}.
   */
  protected appendUnplaced(out: string[], n: number, stamp: number): void {
    for (let i = 0; out.length < n && i < this.size; i++)
      if (this.markNew(i, stamp)) out.push(this.names[i]!);
  }
}
