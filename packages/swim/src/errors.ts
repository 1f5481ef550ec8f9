import { RingError } from '@ring/base';

/**
 * Stable error codes raised by `@ring/swim`. Callers branch on `code`, never on `message`.
 * The union is closed: adding a code is a minor release, renaming one is a breaking change.
 */
export type SwimErrorCode =
  | 'ERR_INVALID_OPTION'
  | 'ERR_META_TOO_LARGE'
  | 'ERR_JOIN_FAILED'
  | 'ERR_NAME_CONFLICT'
  | 'ERR_INVALID_ADDRESS'
  | 'ERR_NOT_STARTED'
  | 'ERR_SHUTDOWN'
  | 'ERR_LEFT'
  | 'ERR_UNKNOWN_MEMBER'
  | 'ERR_TIMEOUT'
  | 'ERR_SEND'
  | 'ERR_DECODE'
  | 'ERR_REMOTE'
  | 'ERR_PROTOCOL_VERSION'
  | 'ERR_MESSAGE_TOO_LARGE';

/** An error raised by `@ring/swim`: a stable {@link SwimErrorCode} plus an optional `cause`. */
export class SwimError extends RingError<SwimErrorCode> {
  /**
   * @param code - stable code.
   * @param message - human-readable explanation.
   * @param options - optional `cause`.
   */
  constructor(code: SwimErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
    this.name = 'SwimError';
  }
}
