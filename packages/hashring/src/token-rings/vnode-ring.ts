import { hash32, type Key } from '../hash/hash.js';
import { normalizeNodes, sortByName, type NodesInput, type RingNode } from '../ring/nodes.js';
import { resolveOptions, type ResolvedOptions, type RingOptions } from '../ring/options.js';
import { buildTokens, checkTokenRingSize, TokenRing, type TokenTable } from './token-ring.js';

const encoder = new TextEncoder();

/**
 * The bytes whose xxh32 places vnode `i` of a node: `u32le(byteLength(name)) ‖ name ‖ u32le(i)`.
 * The length prefix makes labels separator-safe: node "a" vnode 12 and node "a1" vnode 2 hash
 * different bytes, unlike the classic `name + "-" + i` scheme where "a" + "1-2" and "a-1" + "2"
 * collide.
 *
 * @param name - node name.
 * @returns a buffer whose last 4 bytes the caller overwrites with the vnode index.
 */
export function vnodeLabel(name: string): Uint8Array {
  const bytes = encoder.encode(name);
  const label = new Uint8Array(bytes.length + 8);
  const view = new DataView(label.buffer);
  view.setUint32(0, bytes.length, true);
  label.set(bytes, 4);
  return label;
}

/**
 * The xxh32 token of vnode `index` of node `name`.
 *
 * @param name - node name.
 * @param index - vnode index.
 * @param seed - ring seed.
 */
export function vnodeToken(name: string, index: number, seed: number): number {
  const label = vnodeLabel(name);
  new DataView(label.buffer).setUint32(label.length - 4, index, true);
  return hash32(label, seed);
}

/**
 * Build the token table of a vnode ring: node `i` contributes `vnodesPerWeight × weight` tokens,
 * each depending only on the node's own name, so adding or removing a node never moves a key
 * between two other nodes. Duplicate tokens go to the lower node index (lower name).
 *
 * @param nodes - nodes in name order.
 * @param seed - hash seed.
 * @param vnodesPerWeight - tokens per unit of weight.
 * @throws {@link HashRingError} `ERR_INVALID_OPTION` when the ring would exceed the token limit.
 */
export function buildVnodeTokens(
  nodes: readonly RingNode[],
  seed: number,
  vnodesPerWeight: number,
): TokenTable {
  checkTokenRingSize(nodes.length);
  const count = nodes.reduce((sum, n) => sum + n.weight * vnodesPerWeight, 0);
  return buildTokens(
    count,
    (emit) => {
      nodes.forEach((node, owner) => {
        const label = vnodeLabel(node.name);
        const view = new DataView(label.buffer);
        const vnodes = node.weight * vnodesPerWeight;
        for (let i = 0; i < vnodes; i++) {
          view.setUint32(label.length - 4, i, true);
          emit(hash32(label, seed), owner);
        }
      });
    },
    'first',
  );
}

/**
 * The default ring: consistent hashing with virtual nodes. Each node gets
 * `vnodesPerWeight × weight` xxh32 tokens on a 32-bit circle; a key belongs to the first token at
 * or after `xxh32(key, seed)`. Order-independent: nodes are kept sorted by name.
 *
 * @example
 * ```ts
 * const ring = VnodeRing.from(['10.0.0.1:7946', '10.0.0.2:7946']);
 * ring.getNode('user:42'); // '10.0.0.2:7946'
 * ```
 */
export class VnodeRing extends TokenRing<VnodeRing> {
  readonly positionSpace: string;
  /** Hash seed. */
  protected readonly seed: number;

  /**
   * @param nodes - nodes sorted by name.
   * @param options - resolved options (vnode or bounded).
   */
  protected constructor(nodes: readonly RingNode[], options: ResolvedOptions) {
    const seed = options.seed ?? 0;
    super(nodes, options, buildVnodeTokens(nodes, seed, options.vnodesPerWeight ?? 1), true);
    this.seed = seed;
    this.positionSpace = `xxh32:${seed}`;
  }

  /**
   * Build a vnode ring.
   *
   * @param nodes - names, `{ name, weight }` objects or a `{ name: weight }` record.
   * @param options - `seed`, `vnodesPerWeight`.
   * @throws {@link HashRingError} `ERR_INVALID_NODE`, `ERR_DUPLICATE_NODE`, `ERR_INVALID_WEIGHT`, `ERR_INVALID_OPTION`
   */
  static from(nodes: NodesInput = [], options: Omit<RingOptions, 'algorithm'> = {}): VnodeRing {
    return new VnodeRing(
      sortByName(normalizeNodes(nodes)),
      resolveOptions({ ...options, algorithm: 'vnode' }),
    );
  }

  protected withNodes(nodes: readonly RingNode[]): VnodeRing {
    return new VnodeRing(sortByName(nodes), this.options);
  }

  positionOf(key: Key): number {
    return hash32(key, this.seed);
  }

  override getNode(key: Key): string | undefined {
    if (typeof key !== 'string' && !(key instanceof Uint8Array)) return super.getNode(key);
    if (this.tokens.length === 0) return undefined;
    return this.names[this.owners[this.tokenIndex(hash32(key, this.seed))]!];
  }
}
