/**
 * Defaults of `@ring/hashring`, each with the reason for its value.
 *
 * @packageDocumentation
 */

/** Default algorithm of {@link createRing}: the classic vnode ring. */
export const DEFAULT_ALGORITHM = 'vnode';

/**
 * Virtual nodes per unit of weight for the vnode and bounded-load rings. With independent random
 * tokens (the placement that guarantees no key ever moves between two unchanged nodes) a node's
 * share has a spread of about 1/√vnodes, so the hottest of N nodes grows with N. 400 is the
 * smallest of the measured candidates (160, 256, 320, 400, 512, 640; `pnpm --filter
 * @ring/hashring bench`) whose worst max/mean over 12 seeds stays below 1.20 at N = 100 (1.17;
 * 160, libketama's point count and the default before, reached 1.30), while lookups stay within
 * the caches (8 bytes per token).
 */
export const DEFAULT_VNODES_PER_WEIGHT = 400;

/** Seed of the xxHash used for keys and tokens. Rings only agree when their seeds agree. */
export const DEFAULT_SEED = 0;

/**
 * Bounded-load factor c (Mirrokni, Thorup, Zadimoghaddam 2018): no node receives more than
 * ⌈c × average⌉ of the assigned load. 1.25 is the value the paper's experiments (and Vimeo's
 * HAProxy deployment) settled on: little extra movement, a hard cap on hot nodes.
 */
export const DEFAULT_LOAD_FACTOR = 1.25;

/** Maglev lookup-table size: a prime well above 100 × the node count (Eisenbud et al. 2016). */
export const DEFAULT_MAGLEV_TABLE_SIZE = 65537;

/** libketama / npm `hashring`: MD5 hashes per server at weight share 1/N. */
export const KETAMA_VNODES = 40;

/** libketama / npm `hashring`: points taken from each 16-byte MD5 digest. */
export const KETAMA_POINTS_PER_HASH = 4;

/** python `hash_ring` / serialx/hashring (pre-2020): points taken from each MD5 digest. */
export const HASH_RING_PY_POINTS_PER_HASH = 3;

/** Largest accepted weight: keeps token arrays (vnodes × total weight) within memory. */
export const MAX_WEIGHT = 1_000_000;

/** Largest number of tokens a vnode/bounded ring may hold (vnodes × total weight). */
export const MAX_TOKENS = 1 << 24;

/** Largest maglev table size accepted. */
export const MAX_MAGLEV_TABLE_SIZE = 1 << 24;
