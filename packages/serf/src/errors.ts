import { RingError } from '@ring/base';

/**
 * Stable error codes raised by `@ring/serf`. Callers branch on `code`, never on `message`.
 *
 * - `ERR_DECODE` — a Serf message, filter or tag block is malformed (truncated, wrong type, out of range).
 * - `ERR_ENCODE` — a value cannot be written the way Serf reads it.
 * - `ERR_INVALID_OPTION` — an option or argument is out of range.
 * - `ERR_TOO_LARGE` — a user event, query or response exceeds Serf's size limits, or tags exceed 512 bytes.
 * - `ERR_NOT_STARTED` — the member is not running (before `start()`).
 * - `ERR_SHUTDOWN` — the member was shut down.
 * - `ERR_LEFT` — the member left the cluster; it cannot send events or queries any more.
 * - `ERR_UNSUPPORTED` — the feature needs a newer Serf protocol (queries need 4).
 * - `ERR_TIMEOUT` — a query response came after its deadline.
 */
export type SerfErrorCode =
  | 'ERR_DECODE'
  | 'ERR_ENCODE'
  | 'ERR_INVALID_OPTION'
  | 'ERR_TOO_LARGE'
  | 'ERR_NOT_STARTED'
  | 'ERR_SHUTDOWN'
  | 'ERR_LEFT'
  | 'ERR_UNSUPPORTED'
  | 'ERR_TIMEOUT';

/** The error every `@ring/serf` function throws; see {@link SerfErrorCode}. */
export class SerfError extends RingError<SerfErrorCode> {
  /**
   * @param code - stable code.
   * @param message - human-readable explanation.
   * @param options - optional `cause`.
   */
  constructor(code: SerfErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
    this.name = 'SerfError';
  }
}

/**
 * True when `error` is a {@link SerfError}, optionally with the given code.
 *
 * @param error - anything caught.
 * @param code - when given, also require this code.
 */
export function isSerfError(error: unknown, code?: SerfErrorCode): error is SerfError {
  return error instanceof SerfError && (code === undefined || error.code === code);
}
