import { BaseRing } from '../ring/base-ring.js';
import { MAX_TOKENS } from '../constants.js';
import { HashRingError } from '../errors.js';
import type { Key } from '../hash/hash.js';
import type { RingNode } from '../ring/nodes.js';
import type { ResolvedOptions } from '../ring/options.js';
import type { HashRing, Ownership } from '../ring/ring.js';

const OWNER_BITS = 2 ** 21;
/** Most nodes a token ring can hold: owners are packed below the token in one float64 sort key. */
export const MAX_TOKEN_RING_NODES = OWNER_BITS;
const POSITIONS = 2 ** 32;

/**
 * Refuse a node set too large for a token ring.
 *
 * @param nodeCount - number of nodes.
 * @throws {@link HashRingError} `ERR_INVALID_OPTION` above {@link MAX_TOKEN_RING_NODES}.
 */
export function checkTokenRingSize(nodeCount: number): void {
  if (nodeCount > MAX_TOKEN_RING_NODES)
    throw new HashRingError(
      'ERR_INVALID_OPTION',
      `a token ring holds at most ${MAX_TOKEN_RING_NODES} nodes`,
    );
}

/** Sorted tokens and their owners, as built by {@link buildTokens}. */
export interface TokenTable {
  /** Token positions, ascending. */
  readonly tokens: Uint32Array;
  /** Node index owning each token. */
  readonly owners: Uint32Array;
}

/**
 * How duplicate token values resolve: `first` keeps every duplicate, lowest node index first (a
 * lower-bound search then picks it, as npm `hashring`'s stable sort does); `last` keeps only the
 * highest node index (python `hash_ring` and serialx/hashring write points into a map, so the
 * last node written wins).
 */
export type TieRule = 'first' | 'last';

/**
 * Sort `count` tokens emitted by `fill` into a {@link TokenTable}. Each (token, owner) pair is
 * packed into one float64 (`token × 2^21 + owner`) so one native numeric sort orders by token then
 * owner without a comparator.
 *
 * @param count - exact number of tokens `fill` emits.
 * @param fill - calls `emit(token, owner)` `count` times.
 * @param ties - duplicate-token rule.
 * @throws {@link HashRingError} `ERR_INVALID_OPTION` when `count` exceeds {@link MAX_TOKENS}.
 */
export function buildTokens(
  count: number,
  fill: (emit: (token: number, owner: number) => void) => void,
  ties: TieRule,
): TokenTable {
  if (count > MAX_TOKENS)
    throw new HashRingError(
      'ERR_INVALID_OPTION',
      `ring would need ${count} tokens, more than ${MAX_TOKENS}`,
    );
  const packed = new Float64Array(count);
  let k = 0;
  fill((token, owner) => {
    packed[k++] = token * OWNER_BITS + owner;
  });
  packed.sort();
  let tokens = new Uint32Array(count);
  let owners = new Uint32Array(count);
  let n = 0;
  for (let i = 0; i < count; i++) {
    const p = packed[i]!;
    const token = Math.floor(p / OWNER_BITS);
    const owner = p - token * OWNER_BITS;
    if (ties === 'last' && n > 0 && tokens[n - 1] === token) {
      owners[n - 1] = owner;
      continue;
    }
    tokens[n] = token;
    owners[n] = owner;
    n++;
  }
  if (n < count) {
    tokens = tokens.slice(0, n);
    owners = owners.slice(0, n);
  }
  return { tokens, owners };
}

const MIN_INDEX_BITS = 4;
/** 2^20 buckets (4 MiB) at most: enough for one token per bucket up to a million tokens. */
const MAX_INDEX_BITS = 20;

/**
 * For each of the `2^bits` buckets of the top position bits, the index of the first token in that
 * bucket or later; entry `2^bits` is `tokens.length`.
 *
 * @param tokens - sorted tokens.
 * @param bits - prefix bits.
 */
export function buildPrefixIndex(tokens: Uint32Array, bits: number): Uint32Array {
  const buckets = 2 ** bits;
  const shift = 32 - bits;
  const index = new Uint32Array(buckets + 1);
  let t = 0;
  for (let b = 0; b <= buckets; b++) {
    while (t < tokens.length && tokens[t]! >>> shift < b) t++;
    index[b] = t;
  }
  return index;
}

/**
 * A ring of sorted 32-bit tokens searched by binary search. A position belongs to the first token
 * at or after it (`inclusive`, libketama) or strictly after it (python `bisect`), wrapping to the
 * first token past the end.
 */
export abstract class TokenRing<R extends HashRing = HashRing> extends BaseRing<R> {
  readonly positions = POSITIONS;
  /** Token positions, ascending. */
  protected readonly tokens: Uint32Array;
  /** Node index per token. */
  protected readonly owners: Uint32Array;
  /** True: first token ≥ position owns it; false: first token > position. */
  protected readonly inclusive: boolean;
  /** Prefix index: first token index per top-bits bucket, plus a sentinel. */
  private readonly index: Uint32Array;
  /** 32 − prefix bits. */
  private readonly indexShift: number;

  /**
   * @param nodes - nodes in canonical order.
   * @param options - resolved options.
   * @param table - tokens built over `nodes`' indices.
   * @param inclusive - search rule.
   */
  protected constructor(
    nodes: readonly RingNode[],
    options: ResolvedOptions,
    table: TokenTable,
    inclusive: boolean,
  ) {
    super(nodes, options);
    this.tokens = table.tokens;
    this.owners = table.owners;
    this.inclusive = inclusive;
    const bits = Math.min(
      MAX_INDEX_BITS,
      Math.max(MIN_INDEX_BITS, Math.ceil(Math.log2(Math.max(1, table.tokens.length)))),
    );
    this.indexShift = 32 - bits;
    this.index = buildPrefixIndex(table.tokens, bits);
  }

  /** Number of tokens on the ring. */
  get tokenCount(): number {
    return this.tokens.length;
  }

  /**
   * Index of the token owning `position` (0 when it wraps). Requires a non-empty ring.
   *
   * A prefix index turns the binary search into a short scan: `index[b]` is the first token whose
   * top `indexBits` bits are ≥ b, so the owner of `position` lies in `index[b] .. index[b + 1]`
   * where `b = position >>> (32 − indexBits)`; with about one token per bucket that is one or two
   * comparisons instead of log2(tokens) cache misses.
   *
   * @param position - 32-bit unsigned position.
   */
  protected tokenIndex(position: number): number {
    const tokens = this.tokens;
    const b = position >>> this.indexShift;
    let i = this.index[b]!;
    const end = this.index[b + 1]!;
    if (this.inclusive) while (i < end && tokens[i]! < position) i++;
    else while (i < end && tokens[i]! <= position) i++;
    return i === tokens.length ? 0 : i;
  }

  getNodeAt(position: number): string | undefined {
    if (this.tokens.length === 0) return undefined;
    return this.names[this.owners[this.tokenIndex(position >>> 0)]!];
  }

  protected collect(position: number, _key: Key, n: number, out: string[]): void {
    const stamp = this.newPass();
    const owners = this.owners;
    const count = owners.length;
    let i = this.tokenIndex(position);
    for (let seen = 0; seen < count && out.length < n; seen++) {
      const owner = owners[i]!;
      if (this.markNew(owner, stamp)) out.push(this.names[owner]!);
      if (++i === count) i = 0;
    }
    // A ketama node whose share rounds to zero hashes holds no token; list such nodes last.
    this.appendUnplaced(out, n, stamp);
  }

  override ownership(): Ownership {
    const tokens = this.tokens;
    const count = tokens.length;
    if (count === 0) return { ends: Float64Array.of(POSITIONS - 1), owners: Int32Array.of(-1) };
    const ends: number[] = [];
    const owners: number[] = [];
    const push = (end: number, owner: number): void => {
      if (ends.length > 0 && end <= ends[ends.length - 1]!) return; // empty segment (duplicate token)
      if (end < 0) return;
      if (owners.length > 0 && owners[owners.length - 1] === owner) ends[ends.length - 1] = end;
      else {
        ends.push(end);
        owners.push(owner);
      }
    };
    const shift = this.inclusive ? 0 : 1;
    for (let i = 0; i < count; i++) push(tokens[i]! - shift, this.owners[i]!);
    push(POSITIONS - 1, this.owners[0]!);
    return { ends: Float64Array.from(ends), owners: Int32Array.from(owners) };
  }
}
