import {
  HASH_RING_PY_POINTS_PER_HASH,
  KETAMA_POINTS_PER_HASH,
  KETAMA_VNODES,
} from '../constants.js';
import { HashRingError } from '../errors.js';
import { assertKey, type Key } from '../hash/hash.js';
import { md5Words } from '../hash/md5.js';
import { normalizeNodes, type NodesInput, type RingNode } from '../ring/nodes.js';
import { resolveOptions, type ResolvedOptions, type RingOptions } from '../ring/options.js';
import { buildTokens, checkTokenRingSize, TokenRing, type TokenTable } from './token-ring.js';

/** The two MD5 compatibility flavours. */
export type KetamaFlavour = 'ketama' | 'hashRingPy';

/**
 * How many MD5 hashes a server gets. npm `hashring` (ketama flavour) computes
 * `Math.floor(weight / total * vnodeCount * n)` in float64, in exactly that order; python
 * `hash_ring` and serialx/hashring compute `floor(40 · n · weight / total)`, which we evaluate in
 * exact integer terms. The two differ when float rounding lands just below an integer.
 *
 * @param flavour - which original to follow.
 * @param weight - the server's weight.
 * @param total - sum of all weights.
 * @param n - number of servers.
 * @param vnodeCount - hashes per server at an even share (40).
 */
export function ketamaHashCount(
  flavour: KetamaFlavour,
  weight: number,
  total: number,
  n: number,
  vnodeCount: number,
): number {
  if (flavour === 'ketama') return Math.floor((weight / total) * vnodeCount * n);
  // vnodeCount·n·weight < 2^53 and total < 2^53: the correctly rounded quotient never crosses an integer.
  return Math.floor((vnodeCount * n * weight) / total);
}

function buildKetamaTokens(
  flavour: KetamaFlavour,
  nodes: readonly RingNode[],
  vnodeCount: number,
): TokenTable {
  checkTokenRingSize(nodes.length);
  const total = nodes.reduce((sum, n) => sum + n.weight, 0);
  const perHash = flavour === 'ketama' ? KETAMA_POINTS_PER_HASH : HASH_RING_PY_POINTS_PER_HASH;
  const hashes = nodes.map((node) =>
    ketamaHashCount(flavour, node.weight, total, nodes.length, vnodeCount),
  );
  const count = hashes.reduce((sum, h) => sum + h * perHash, 0);
  return buildTokens(
    count,
    (emit) => {
      nodes.forEach((node, owner) => {
        const length = hashes[owner]!;
        for (let i = 0; i < length; i++) {
          const words = md5Words(`${node.name}-${i}`);
          for (let j = 0; j < perHash; j++) emit(words[j]!, owner);
        }
      });
    },
    flavour === 'ketama' ? 'first' : 'last',
  );
}

/**
 * MD5 rings that place keys exactly as the classics do.
 *
 * - `ketama`: libketama as implemented by npm `hashring` 3.x (default options): server `s` with
 *   weight `w` gets `⌊w/W · 40 · N⌋` MD5 hashes of `"s-i"`, each giving 4 little-endian 32-bit
 *   points; a key (MD5, first 4 bytes little-endian) belongs to the first point ≥ its hash,
 *   wrapping; equal points go to the server listed first.
 * - `hashRingPy`: python `hash_ring` 1.3 and serialx/hashring (Go, before its 2020 rewrite):
 *   `⌊40·N·w/W⌋` hashes × 3 points; a key belongs to the first point strictly greater than its
 *   hash (`bisect`), and on equal points the server listed last wins (they are stored in a map).
 *
 * Node order is therefore significant (ties only) and kept as given; `add` appends.
 * A server whose share rounds down to zero hashes holds no point: it never owns a key, and
 * `getNodes` lists it after the servers that do (npm `hashring`'s `range()` leaves it out and
 * returns fewer than asked).
 * Byte keys are hashed as bytes (npm `hashring` would UTF-8-decode a Buffer first; identical for
 * valid UTF-8).
 */
export class KetamaRing extends TokenRing<KetamaRing> {
  readonly positionSpace = 'md5';

  /**
   * @param nodes - nodes in insertion order.
   * @param options - resolved options (ketama or hashRingPy).
   */
  protected constructor(nodes: readonly RingNode[], options: ResolvedOptions) {
    const flavour = options.algorithm === 'hashRingPy' ? 'hashRingPy' : 'ketama';
    super(
      nodes,
      options,
      buildKetamaTokens(flavour, nodes, options.vnodeCount ?? KETAMA_VNODES),
      flavour === 'ketama',
    );
  }

  /**
   * Build a compatibility ring.
   *
   * @param nodes - names, `{ name, weight }` objects or a `{ name: weight }` record (order matters for ties).
   * @param options - `algorithm` (`'ketama'` default, or `'hashRingPy'`), `vnodeCount`.
   * @throws {@link HashRingError} `ERR_INVALID_NODE`, `ERR_DUPLICATE_NODE`, `ERR_INVALID_WEIGHT`, `ERR_INVALID_OPTION`
   */
  static from(
    nodes: NodesInput = [],
    options: Omit<RingOptions, 'algorithm'> & { readonly algorithm?: KetamaFlavour } = {},
  ): KetamaRing {
    const algorithm = options.algorithm ?? 'ketama';
    if (algorithm !== 'ketama' && algorithm !== 'hashRingPy') {
      throw new HashRingError(
        'ERR_INVALID_OPTION',
        `KetamaRing algorithm must be ketama or hashRingPy, got ${String(algorithm)}`,
      );
    }
    return new KetamaRing(normalizeNodes(nodes), resolveOptions({ ...options, algorithm }));
  }

  protected withNodes(nodes: readonly RingNode[]): KetamaRing {
    return new KetamaRing(nodes, this.options);
  }

  positionOf(key: Key): number {
    assertKey(key);
    return md5Words(key)[0]!;
  }
}
