/**
 * Stable error codes raised by `@ring/transport`. Callers branch on `code`, never on `message`.
 * The union is closed: adding a code is a minor release, renaming one is a breaking change.
 */
export type TransportErrorCode =
  | 'ERR_INVALID_OPTION'
  | 'ERR_INVALID_ADDRESS'
  | 'ERR_UNRESOLVABLE_ADDRESS'
  | 'ERR_PACKET_TOO_LARGE'
  | 'ERR_CONNECTION_REFUSED'
  | 'ERR_CONNECTION_RESET'
  | 'ERR_TIMEOUT'
  | 'ERR_ABORTED'
  | 'ERR_NOT_STARTED'
  | 'ERR_CLOSED'
  | 'ERR_STREAM_CLOSED'
  | 'ERR_BIND'
  | 'ERR_SEND';

/**
 * Base class of every error Ring throws: a `code` from a closed union plus an optional `cause`.
 *
 * @typeParam C - the code union of the package that throws it.
 */
export class RingError<C extends string = string> extends Error {
  /** Stable machine-readable code, e.g. `ERR_TIMEOUT`. */
  readonly code: C;

  /**
   * @param code - stable code.
   * @param message - human-readable explanation.
   * @param options - optional `cause`.
   */
  constructor(code: C, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.name = 'RingError';
  }
}

/** An error raised by a transport, a clock or an address helper. */
export class TransportError extends RingError<TransportErrorCode> {
  /**
   * @param code - stable code.
   * @param message - human-readable explanation.
   * @param options - optional `cause`.
   */
  constructor(code: TransportErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
    this.name = 'TransportError';
  }
}

/**
 * True when `error` is a {@link RingError} (from any Ring package), optionally with the given code.
 *
 * @param error - anything caught.
 * @param code - when given, also require this code.
 */
export function isRingError(error: unknown, code?: string): error is RingError {
  return error instanceof RingError && (code === undefined || error.code === code);
}
