import { RingError, type RingErrorOptions } from '@ring/base';

/**
 * Stable error codes raised by `@ring/broadcast`. Callers branch on `code`, never on `message`.
 * The union is closed: adding a code is a minor release, renaming one is a breaking change.
 *
 * - `ERR_INVALID_OPTION` — an option or component given to the queue is out of range or of the wrong type.
 * - `ERR_INVALID_ARGUMENT` — a method argument (overhead, limit, retain count, formula input) is invalid.
 * - `ERR_INVALID_BROADCAST` — the broadcast object is malformed (no byte message, empty name, contradictory flags).
 * - `ERR_BROADCAST_TOO_LARGE` — `message.length + overheadBytes` exceeds the packet budget, so it could never be sent.
 * - `ERR_QUEUE_FULL` — the queue is at `maxQueueDepth` and the drop policy is `reject`.
 * - `ERR_INVALID_NUM_NODES` — the injected `numNodes()` returned something other than a non-negative integer.
 */
export type BroadcastErrorCode =
  | 'ERR_INVALID_OPTION'
  | 'ERR_INVALID_ARGUMENT'
  | 'ERR_INVALID_BROADCAST'
  | 'ERR_BROADCAST_TOO_LARGE'
  | 'ERR_QUEUE_FULL'
  | 'ERR_INVALID_NUM_NODES';

/**
 * The one error class `@ring/broadcast` throws: a stable {@link BroadcastErrorCode} plus an optional
 * `cause`. It is a `RingError` (from `@ring/base`), so `isRingError` recognises it too.
 */
export class BroadcastError extends RingError<BroadcastErrorCode> {
  /**
   * @param code - stable code.
   * @param message - human-readable explanation.
   * @param options - optional `cause`.
   */
  constructor(code: BroadcastErrorCode, message: string, options?: RingErrorOptions) {
    super(code, message, options);
    this.name = 'BroadcastError';
  }
}

/**
 * True when `error` is a {@link BroadcastError}, optionally with the given code.
 *
 * @param error - anything caught.
 * @param code - when given, also require this code.
 */
export function isBroadcastError(
  error: unknown,
  code?: BroadcastErrorCode,
): error is BroadcastError {
  return error instanceof BroadcastError && (code === undefined || error.code === code);
}
