/**
 * `@ring/hashring/internal`: building blocks that other Ring packages share with this one (today
 * `@ring/partitions`' rendezvous scores mix with the same finalizer). For Ring's own packages; no
 * compatibility promise: names here may change or go in any release.
 *
 * @packageDocumentation
 */
export { fmix32 } from './hash/hash.js';
