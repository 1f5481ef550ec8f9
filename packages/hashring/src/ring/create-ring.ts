import { BoundedLoadRing } from '../token-rings/bounded-load-ring.js';
import { JumpRing } from '../jump/jump-ring.js';
import { KetamaRing } from '../token-rings/ketama-ring.js';
import { MaglevRing } from '../maglev/maglev-ring.js';
import type { NodesInput } from './nodes.js';
import { resolveOptions, type Algorithm, type RingOptions } from './options.js';
import { RendezvousRing } from '../rendezvous/rendezvous-ring.js';
import type { HashRing } from './ring.js';
import { VnodeRing } from '../token-rings/vnode-ring.js';

/** The ring class {@link createRing} returns for each algorithm. */
export interface RingByAlgorithm {
  readonly vnode: VnodeRing;
  readonly bounded: BoundedLoadRing;
  readonly rendezvous: RendezvousRing;
  readonly jump: JumpRing;
  readonly maglev: MaglevRing;
  readonly ketama: KetamaRing;
  readonly hashRingPy: KetamaRing;
}

/** The ring type for an algorithm (a union when the algorithm is only known at run time). */
export type RingOf<A extends Algorithm> = RingByAlgorithm[A];

/**
 * Build an immutable ring with the chosen algorithm (default: the vnode ring).
 *
 * @example
 * ```ts
 * const ring = createRing(['127.0.0.1:7946', '127.0.0.1:7947', { name: '127.0.0.1:7948', weight: 2 }]);
 * ring.getNode('user:42');          // one owner, or undefined on an empty ring
 * ring.getNodes('user:42', 2);      // two distinct owners in preference order
 * const next = ring.remove('127.0.0.1:7946'); // a new ring; `ring` is unchanged
 * ```
 *
 * @param nodes - names, `{ name, weight }` objects or a `{ name: weight }` record.
 * @param options - algorithm and its options; see {@link RingOptions}.
 * @throws {@link HashRingError} `ERR_INVALID_NODE`, `ERR_DUPLICATE_NODE`, `ERR_INVALID_WEIGHT`, `ERR_INVALID_OPTION`
 */
export function createRing<A extends Algorithm = 'vnode'>(
  nodes?: NodesInput,
  options?: RingOptions & { readonly algorithm?: A },
): RingOf<A>;
export function createRing(nodes: NodesInput = [], options: RingOptions = {}): HashRing {
  const { algorithm } = resolveOptions(options); // validates before dispatching
  const { algorithm: _chosen, ...rest } = options;
  switch (algorithm) {
    case 'vnode':
      return VnodeRing.from(nodes, rest);
    case 'bounded':
      return BoundedLoadRing.from(nodes, rest);
    case 'rendezvous':
      return RendezvousRing.from(nodes, rest);
    case 'jump':
      return JumpRing.from(nodes, rest);
    case 'maglev':
      return MaglevRing.from(nodes, rest);
    case 'ketama':
      return KetamaRing.from(nodes, { ...rest, algorithm: 'ketama' });
    case 'hashRingPy':
      return KetamaRing.from(nodes, { ...rest, algorithm: 'hashRingPy' });
  }
}
