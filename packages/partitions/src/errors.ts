import { RingError, type RingErrorOptions } from '@ring/base';

/**
 * Stable error codes raised by `@ring/partitions`. Callers branch on `code`, never on `message`.
 * The union is closed: adding a code is a minor release, renaming one is a breaking change.
 *
 * - `ERR_INVALID_OPTION`: an option is out of range or of the wrong type (P < 1, R < 1, R > P, ...).
 * - `ERR_INVALID_TAG_PATTERN`: a `watchTags` pattern is not a valid regular expression.
 * - `ERR_UNKNOWN_PARTITION`: a partition number is not an integer in `[0, P)`.
 * - `ERR_INVALID_REPLICA`: a replica number is not an integer in `[0, R)`.
 * - `ERR_INVALID_MEMBER`: a member from the membership source has no usable `name`.
 * - `ERR_INVALID_KEY`: a key is neither a string nor a `Uint8Array`, or a custom partitioner
 *   returned something other than an integer in `[0, P)`.
 * - `ERR_HOOK_FAILED`: an `onAcquire` / `onRelease` handoff hook threw or rejected.
 * - `ERR_CLOSED`: the partitions instance was closed.
 * - `ERR_ABORTED`: an operation was aborted through its `AbortSignal`.
 */
export type PartitionsErrorCode =
  | 'ERR_INVALID_OPTION'
  | 'ERR_INVALID_TAG_PATTERN'
  | 'ERR_UNKNOWN_PARTITION'
  | 'ERR_INVALID_REPLICA'
  | 'ERR_INVALID_MEMBER'
  | 'ERR_INVALID_KEY'
  | 'ERR_HOOK_FAILED'
  | 'ERR_CLOSED'
  | 'ERR_ABORTED';

/**
 * The error `@ring/partitions` throws: a stable `code` plus an optional `cause`. It is a
 * `RingError` (from `@ring/base`), so `isRingError` recognises it too.
 */
export class PartitionsError extends RingError<PartitionsErrorCode> {
  /**
   * @param code - stable code.
   * @param message - human-readable explanation.
   * @param options - optional `cause`.
   */
  constructor(code: PartitionsErrorCode, message: string, options?: RingErrorOptions) {
    super(code, message, options);
    this.name = 'PartitionsError';
  }
}

/**
 * True when `error` is a {@link PartitionsError}, optionally with the given code.
 *
 * @param error - anything caught.
 * @param code - when given, also require this code.
 */
export function isPartitionsError(
  error: unknown,
  code?: PartitionsErrorCode,
): error is PartitionsError {
  return error instanceof PartitionsError && (code === undefined || error.code === code);
}
