import { BoundedLoadRing } from '../token-rings/bounded-load-ring.js';
import { JumpRing } from '../jump/jump-ring.js';
import { KetamaRing } from '../token-rings/ketama-ring.js';
import { MaglevRing } from '../maglev/maglev-ring.js';
import type { NodesInput } from './nodes.js';
import { resolveOptions, type RingOptions } from './options.js';
import { RendezvousRing } from '../rendezvous/rendezvous-ring.js';
import type { HashRing } from './ring.js';
import { VnodeRing } from '../token-rings/vnode-ring.js';

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
export function createRing(
  nodes: NodesInput,
  options: RingOptions & { readonly algorithm: 'bounded' },
): BoundedLoadRing;
export function createRing(
  nodes: NodesInput,
  options: RingOptions & { readonly algorithm: 'rendezvous' },
): RendezvousRing;
export function createRing(
  nodes: NodesInput,
  options: RingOptions & { readonly algorithm: 'jump' },
): JumpRing;
export function createRing(
  nodes: NodesInput,
  options: RingOptions & { readonly algorithm: 'maglev' },
): MaglevRing;
export function createRing(
  nodes: NodesInput,
  options: RingOptions & { readonly algorithm: 'ketama' | 'hashRingPy' },
): KetamaRing;
export function createRing(
  nodes?: NodesInput,
  options?: RingOptions & { readonly algorithm?: 'vnode' },
): VnodeRing;
export function createRing(nodes?: NodesInput, options?: RingOptions): HashRing;
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
