import type { Key } from '../hash/hash.js';
import type { NodeInput, RingNode } from './nodes.js';
import type { Algorithm, ResolvedOptions } from './options.js';

/**
 * Who owns which positions: a piecewise-constant map over a ring's position space
 * `0 .. positions − 1`. Segment `i` covers positions `(ends[i − 1], ends[i]]` (the first starts
 * at 0; the last ends at `positions − 1`) and belongs to node index `owners[i]` of
 * {@link HashRing.nodes}, or −1 on an empty ring.
 */
export interface Ownership {
  /** Inclusive end position of each segment, strictly increasing; the last is `positions − 1`. */
  readonly ends: Float64Array;
  /** Node index owning each segment, −1 for none. */
  readonly owners: Int32Array;
}

/**
 * An immutable consistent-hashing ring. Every algorithm implements this interface; build one
 * with {@link createRing} or a class's static `from`.
 *
 * Lookups are synchronous, allocation-free (`getNode`) or allocate only their result
 * (`getNodes`). Changes (`add`, `remove`, `setWeight`) return a new ring and leave this one intact,
 * so a ring can be shared freely between requests while membership changes.
 *
 * Every lookup is `getNodeAt(positionOf(key))`: the key is hashed once to a position, and the
 * position decides the owner. Positions are what {@link diffRanges} reports.
 */
export interface HashRing {
  /** The algorithm that places keys. */
  readonly algorithm: Algorithm;
  /** Resolved options (defaults applied), frozen. */
  readonly options: ResolvedOptions;
  /**
   * The nodes, frozen, in the ring's canonical order: by name for order-independent algorithms
   * (vnode, bounded, rendezvous, maglev), in insertion order where order is part of the algorithm
   * (jump: bucket numbers; ketama / hashRingPy: tie-breaking as in the originals).
   */
  readonly nodes: readonly RingNode[];
  /** Number of nodes. */
  readonly size: number;
  /** Size of the position space: 2^32 for hash rings, the table size for maglev. */
  readonly positions: number;
  /**
   * A 64-bit hex digest of algorithm, options and nodes (with weights, in canonical order). Two
   * rings with the same checksum place every key identically: compare it to check agreement.
   */
  readonly checksum: string;
  /**
   * The node that owns `key`, or `undefined` on an empty ring (never an invented owner).
   *
   * @param key - string (UTF-8) or bytes.
   * @throws {@link HashRingError} `ERR_INVALID_KEY` when `key` is neither.
   */
  getNode(key: Key): string | undefined;
  /**
   * `n` distinct nodes for `key` in preference order; the first is `getNode(key)`.
   * Allocates only the returned array.
   *
   * @param key - string or bytes.
   * @param n - how many owners, 0..size.
   * @throws {@link HashRingError} `ERR_TOO_MANY_REPLICAS` when `n > size`; `ERR_INVALID_OPTION`
   * when `n` is not a non-negative integer; `ERR_INVALID_KEY`.
   */
  getNodes(key: Key, n: number): string[];
  /**
   * The position `key` hashes to, in `0 .. positions − 1`.
   *
   * @param key - string or bytes.
   * @throws {@link HashRingError} `ERR_INVALID_KEY`
   */
  positionOf(key: Key): number;
  /**
   * The owner of a position (see {@link HashRing.positionOf}), or `undefined` on an empty ring.
   *
   * @param position - integer in `0 .. positions − 1` (reduced modulo `positions` otherwise).
   */
  getNodeAt(position: number): string | undefined;
  /**
   * True when a node of that name is on the ring.
   *
   * @param name - node name.
   */
  has(name: string): boolean;
  /**
   * The weight of a node, or `undefined` when it is not on the ring.
   *
   * @param name - node name.
   */
  weightOf(name: string): number | undefined;
  /**
   * A new ring with `node` added.
   *
   * @param node - a name (weight 1) or `{ name, weight }`.
   * @throws {@link HashRingError} `ERR_DUPLICATE_NODE`, `ERR_INVALID_NODE`, `ERR_INVALID_WEIGHT`
   */
  add(node: NodeInput): HashRing;
  /**
   * A new ring without the node `name`.
   *
   * @param name - node name.
   * @throws {@link HashRingError} `ERR_INVALID_NODE` when it is not on the ring; `ERR_UNSUPPORTED`
   * for jump when it is not the last bucket.
   */
  remove(name: string): HashRing;
  /**
   * A new ring with the weight of `name` changed.
   *
   * @param name - node name.
   * @param weight - positive integer.
   * @throws {@link HashRingError} `ERR_INVALID_NODE`, `ERR_INVALID_WEIGHT`
   */
  setWeight(name: string, weight: number): HashRing;
  /**
   * Who owns which positions, for range diffs; `undefined` where ownership is not piecewise
   * constant over positions (rendezvous and jump, whose owner changes from one position to the next).
   */
  ownership(): Ownership | undefined;
  /**
   * Identifies the position space: two rings with the same non-undefined value hash keys to the
   * same positions, so their ownerships can be diffed.
   */
  readonly positionSpace: string | undefined;
}
