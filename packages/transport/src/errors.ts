import { RingError, type RingErrorOptions } from '@ring/base';

export { RingError, isRingError } from '@ring/base';

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

/** An error raised by a transport, a clock or an address helper. */
export class TransportError extends RingError<TransportErrorCode> {
  /**
   * @param code - stable code.
   * @param message - human-readable explanation.
   * @param options - optional `cause`.
   */
  constructor(code: TransportErrorCode, message: string, options?: RingErrorOptions) {
    super(code, message, options);
    this.name = 'TransportError';
  }
}

/**
 * Build a {@link TransportError}: the `createError` the transports give `withTimeout`, so a dial
 * that times out or is aborted fails with a `TransportError`.
 *
 * @internal
 */
export function createTransportError(
  code: TransportErrorCode,
  message: string,
  options?: RingErrorOptions,
): TransportError {
  return new TransportError(code, message, options);
}
