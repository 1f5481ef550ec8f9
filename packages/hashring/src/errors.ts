import { RingError, type RingErrorOptions } from '@ring/base';

/**
 * Stable error codes raised by `@ring/hashring`. Callers branch on `code`, never on `message`.
 * The union is closed: adding a code is a minor release, renaming one is a breaking change.
 */
export type HashRingErrorCode =
  /** Bounded-load `assign` of keys on a ring without nodes (`getNode` returns `undefined` instead). */
  | 'ERR_EMPTY_RING'
  /** The same node name was given twice, or `add` of a name already on the ring. */
  | 'ERR_DUPLICATE_NODE'
  /** A node name that is not a non-empty string, or `remove`/`setWeight` of an unknown node. */
  | 'ERR_INVALID_NODE'
  /** A weight that is not a positive safe integer (or not 1 where the algorithm has no weights). */
  | 'ERR_INVALID_WEIGHT'
  /** `getNodes(key, n)` with `n` larger than the number of nodes. */
  | 'ERR_TOO_MANY_REPLICAS'
  /** An option out of range or of the wrong type. */
  | 'ERR_INVALID_OPTION'
  /** A key that is neither a string nor a `Uint8Array`. */
  | 'ERR_INVALID_KEY'
  /** An operation the algorithm cannot do without breaking its guarantees (e.g. jump: remove from the middle). */
  | 'ERR_UNSUPPORTED'
  /** A range diff between rings whose hash spaces differ (other algorithm, seed or table size). */
  | 'ERR_INCOMPATIBLE_RINGS';

/**
 * The one error class `@ring/hashring` throws: a stable {@link HashRingErrorCode} plus an optional
 * `cause`. It is a `RingError` (from `@ring/base`), so `isRingError` recognises it too.
 */
export class HashRingError extends RingError<HashRingErrorCode> {
  /**
   * @param code - stable code.
   * @param message - human-readable explanation.
   * @param options - optional `cause`.
   */
  constructor(code: HashRingErrorCode, message: string, options?: RingErrorOptions) {
    super(code, message, options);
    this.name = 'HashRingError';
  }
}

/**
 * True when `error` is a {@link HashRingError}, optionally with the given code.
 *
 * @param error - anything caught.
 * @param code - when given, also require this code.
 */
export function isHashRingError(error: unknown, code?: HashRingErrorCode): error is HashRingError {
  return error instanceof HashRingError && (code === undefined || error.code === code);
}
