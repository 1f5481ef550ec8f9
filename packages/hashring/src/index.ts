/**
 * `@ring/hashring`: fast, immutable consistent hashing for Node.js and browsers.
 *
 * ```ts
 * import { createRing } from '@ring/hashring';
 *
 * const ring = createRing(['127.0.0.1:7946', '127.0.0.1:7947', '127.0.0.1:7948']);
 * ring.getNode('user:42');       // '127.0.0.1:7947' — or undefined on an empty ring
 * ring.getNodes('user:42', 2);   // two distinct owners, preference order
 * const bigger = ring.add({ name: '127.0.0.1:7949', weight: 2 }); // new ring, old one intact
 * ```
 *
 * Algorithms behind one {@link HashRing} interface: `vnode` (default), `bounded` (bounded loads),
 * `rendezvous` (weighted HRW), `jump` (append-only buckets), `maglev`, and the MD5 compatibility
 * modes `ketama` (npm `hashring` / libketama) and `hashRingPy` (python `hash_ring`,
 * serialx/hashring before 2020). {@link diffRanges} and {@link diffKeys} say what moved.
 *
 * @packageDocumentation
 */
export { hash32, hash64, utf8, fmix32 } from './hash.js';
export type { Key } from './hash.js';
export { HashRingError, isHashRingError } from './errors.js';
export type { HashRingErrorCode } from './errors.js';
export { createRing } from './create-ring.js';
export type { HashRing, Ownership } from './ring.js';
export type { RingNode, NodeInput, NodesInput } from './nodes.js';
export { ALGORITHMS, resolveOptions } from './options.js';
export type { Algorithm, RingOptions, ResolvedOptions } from './options.js';
export { VnodeRing, vnodeToken } from './vnode-ring.js';
export { BoundedLoadRing } from './bounded-load-ring.js';
export { RendezvousRing } from './rendezvous-ring.js';
export { JumpRing } from './jump-ring.js';
export { jumpHash, jumpHash64 } from './jump.js';
export { MaglevRing } from './maglev-ring.js';
export { KetamaRing, ketamaHashCount } from './ketama-ring.js';
export type { KetamaFlavour } from './ketama-ring.js';
export { md5 } from './md5.js';
export { diffRanges, diffKeys } from './diff.js';
export { explainKey } from './explain-key.js';
export type { RingKeyExplanation, VnodePoint } from './explain-key.js';
export type { RangeDiff, RangeMove, KeyMove } from './diff.js';
export {
  DEFAULT_LOAD_FACTOR,
  DEFAULT_MAGLEV_TABLE_SIZE,
  DEFAULT_SEED,
  DEFAULT_VNODES_PER_WEIGHT,
  KETAMA_VNODES,
  MAX_WEIGHT,
} from './constants.js';
