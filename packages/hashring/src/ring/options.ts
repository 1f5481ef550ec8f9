import {
  DEFAULT_ALGORITHM,
  DEFAULT_LOAD_FACTOR,
  DEFAULT_MAGLEV_TABLE_SIZE,
  DEFAULT_SEED,
  DEFAULT_VNODES_PER_WEIGHT,
  KETAMA_VNODES,
  MAX_MAGLEV_TABLE_SIZE,
} from '../constants.js';
import { HashRingError } from '../errors.js';

/**
 * The placement algorithms behind {@link HashRing}.
 *
 * - `vnode`: consistent hashing ring with `vnodesPerWeight × weight` xxh32 tokens per node.
 * - `bounded`: the vnode ring plus consistent hashing with bounded loads (Mirrokni et al.).
 * - `rendezvous`: weighted highest-random-weight hashing (score −w / ln h).
 * - `jump`: Lamping–Veach jump consistent hash over append-only bucket numbers.
 * - `maglev`: Maglev lookup table (Eisenbud et al.), prime size, weighted.
 * - `ketama`: places keys exactly as libketama / npm `hashring` (MD5, 40 × 4 points).
 * - `hashRingPy`: places keys exactly as python `hash_ring` / serialx/hashring before 2020.
 */
export type Algorithm =
  'vnode' | 'bounded' | 'rendezvous' | 'jump' | 'maglev' | 'ketama' | 'hashRingPy';

/** Every algorithm name, in documentation order. */
export const ALGORITHMS: readonly Algorithm[] = Object.freeze([
  'vnode',
  'bounded',
  'rendezvous',
  'jump',
  'maglev',
  'ketama',
  'hashRingPy',
]);

/** Options of {@link createRing}. Each option applies to some algorithms only; giving one to another algorithm is `ERR_INVALID_OPTION`. */
export interface RingOptions {
  /** Placement algorithm. @default 'vnode' */
  readonly algorithm?: Algorithm;
  /** xxHash seed for keys and tokens (vnode, bounded, rendezvous, jump, maglev). @default 0 */
  readonly seed?: number;
  /** Virtual nodes per unit of weight, 1..65536 (vnode, bounded). @default 400 */
  readonly vnodesPerWeight?: number;
  /** Bounded-load factor c ≥ 1: no node gets more than ⌈c × its fair share⌉ (bounded). @default 1.25 */
  readonly loadFactor?: number;
  /** Maglev lookup-table size: a prime ≥ the node count (maglev). @default 65537 */
  readonly tableSize?: number;
  /** MD5 hashes per server at an even share, npm `hashring`'s "vnode count" (ketama, hashRingPy). @default 40 */
  readonly vnodeCount?: number;
}

/** {@link RingOptions} with defaults applied; only the options of `algorithm` are present. Frozen. */
export interface ResolvedOptions {
  readonly algorithm: Algorithm;
  readonly seed?: number;
  readonly vnodesPerWeight?: number;
  readonly loadFactor?: number;
  readonly tableSize?: number;
  readonly vnodeCount?: number;
}

const APPLIES: Readonly<Record<Exclude<keyof RingOptions, 'algorithm'>, readonly Algorithm[]>> = {
  seed: ['vnode', 'bounded', 'rendezvous', 'jump', 'maglev'],
  vnodesPerWeight: ['vnode', 'bounded'],
  loadFactor: ['bounded'],
  tableSize: ['maglev'],
  vnodeCount: ['ketama', 'hashRingPy'],
};

function invalid(message: string): HashRingError {
  return new HashRingError('ERR_INVALID_OPTION', message);
}

function integerIn(name: string, value: number, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min || value > max)
    throw invalid(`${name} must be an integer in ${min}..${max}, got ${value}`);
  return value;
}

/**
 * True when `n` is prime (trial division; table sizes are at most 2^24).
 *
 * @param n - candidate.
 */
export function isPrime(n: number): boolean {
  if (!Number.isInteger(n) || n < 2) return false;
  if (n % 2 === 0) return n === 2;
  for (let d = 3; d * d <= n; d += 2) if (n % d === 0) return false;
  return true;
}

/**
 * Apply defaults (with `??`), validate ranges and return a frozen object holding only the options
 * that apply to the chosen algorithm.
 *
 * @param options - caller options.
 * @throws {@link HashRingError} `ERR_INVALID_OPTION` for an unknown algorithm, an option out of
 * range, or an option that does not apply to the algorithm.
 */
export function resolveOptions(options: RingOptions = {}): ResolvedOptions {
  if (typeof options !== 'object' || options === null) throw invalid('options must be an object');
  const algorithm = options.algorithm ?? DEFAULT_ALGORITHM;
  if (!ALGORITHMS.includes(algorithm))
    throw invalid(`unknown algorithm ${algorithm}; expected one of ${ALGORITHMS.join(', ')}`);
  for (const [name, algorithms] of Object.entries(APPLIES)) {
    if (options[name as keyof RingOptions] !== undefined && !algorithms.includes(algorithm)) {
      throw invalid(`option ${name} does not apply to algorithm ${algorithm}`);
    }
  }
  const out: { -readonly [K in keyof ResolvedOptions]: ResolvedOptions[K] } = { algorithm };
  if (APPLIES.seed.includes(algorithm))
    out.seed = integerIn('seed', options.seed ?? DEFAULT_SEED, -0x80000000, 0xffffffff) | 0;
  if (APPLIES.vnodesPerWeight.includes(algorithm)) {
    out.vnodesPerWeight = integerIn(
      'vnodesPerWeight',
      options.vnodesPerWeight ?? DEFAULT_VNODES_PER_WEIGHT,
      1,
      65536,
    );
  }
  if (algorithm === 'bounded') {
    const c = options.loadFactor ?? DEFAULT_LOAD_FACTOR;
    if (typeof c !== 'number' || !Number.isFinite(c) || c < 1)
      throw invalid(`loadFactor must be a finite number ≥ 1, got ${c}`);
    out.loadFactor = c;
  }
  if (algorithm === 'maglev') {
    const m = integerIn(
      'tableSize',
      options.tableSize ?? DEFAULT_MAGLEV_TABLE_SIZE,
      3,
      MAX_MAGLEV_TABLE_SIZE,
    );
    if (!isPrime(m)) throw invalid(`tableSize must be prime, got ${m}`);
    out.tableSize = m;
  }
  if (APPLIES.vnodeCount.includes(algorithm))
    out.vnodeCount = integerIn('vnodeCount', options.vnodeCount ?? KETAMA_VNODES, 1, 65536);
  return Object.freeze(out);
}
