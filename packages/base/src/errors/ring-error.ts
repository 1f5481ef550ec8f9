/** Options of a {@link RingError}: the error that caused it, if any. */
export interface RingErrorOptions {
  /** The underlying error (kept as the standard `Error.cause`). */
  readonly cause?: unknown;
}

/**
 * Base class of every error Ring throws: a `code` from a closed union plus an optional `cause`.
 * Each package's error class (`TransportError`, `SwimError`, …) extends it, so
 * {@link isRingError} recognises an error from any Ring package.
 *
 * @typeParam C - the code union of the package that throws it.
 *
 * @example
 * ```ts
 * const error = new RingError('ERR_INVALID_OPTION', 'seed must be a finite number');
 * isRingError(error, 'ERR_INVALID_OPTION'); // true
 * ```
 */
export class RingError<C extends string = string> extends Error {
  /** Stable machine-readable code, e.g. `ERR_TIMEOUT`. */
  readonly code: C;

  /**
   * @param code - stable code.
   * @param message - human-readable explanation.
   * @param options - optional `cause`.
   */
  constructor(code: C, message: string, options?: RingErrorOptions) {
    super(message, options);
    this.code = code;
    this.name = 'RingError';
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
