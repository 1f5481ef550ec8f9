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
export { hash32, hash64 } from './hash/hash.js';
export type { Key } from './hash/hash.js';
export { HashRingError, isHashRingError } from './errors.js';
export type { HashRingErrorCode } from './errors.js';
export { createRing } from './ring/create-ring.js';
export type { RingByAlgorithm, RingOf } from './ring/create-ring.js';
export type { HashRing, Ownership } from './ring/ring.js';
export type { RingNode, NodeInput, NodesInput } from './ring/nodes.js';
export { ALGORITHMS } from './ring/options.js';
export type { Algorithm, RingOptions, ResolvedOptions } from './ring/options.js';
export { VnodeRing } from './token-rings/vnode-ring.js';
export { BoundedLoadRing } from './token-rings/bounded-load-ring.js';
export { RendezvousRing } from './rendezvous/rendezvous-ring.js';
export { JumpRing } from './jump/jump-ring.js';
export { MaglevRing } from './maglev/maglev-ring.js';
export { KetamaRing } from './token-rings/ketama-ring.js';
export type { KetamaFlavour } from './token-rings/ketama-ring.js';
export { diffRanges, diffKeys } from './inspect/diff.js';
export { explainKey } from './inspect/explain-key.js';
export type { RingKeyExplanation, VnodePoint } from './inspect/explain-key.js';
export type { RangeDiff, RangeMove, KeyMove } from './inspect/diff.js';
export {
  DEFAULT_LOAD_FACTOR,
  DEFAULT_MAGLEV_TABLE_SIZE,
  DEFAULT_SEED,
  DEFAULT_VNODES_PER_WEIGHT,
  KETAMA_VNODES,
  MAX_WEIGHT,
} from './constants.js';
