import { RingError } from '@ring/base';

/**
 * Stable error codes raised by the memberlist wire codec. Callers branch on `code`, never on
 * `message`. The union is closed: adding a code is a minor release, renaming one is breaking.
 *
 * - `ERR_DECODE` — malformed bytes: bad msgpack, truncated input, wrong value type, value out of
 *   range for its Go field, unknown message type where one is required.
 * - `ERR_ENCODE` — a value cannot be written in a form Go accepts (e.g. Port 70000, 5-byte Vsn).
 * - `ERR_CRC` — a `hasCrc` (12) wrapper whose CRC-32 does not match.
 * - `ERR_DECRYPT` — no installed key authenticates the ciphertext (wrong key, tampered bytes).
 * - `ERR_NO_KEY` — encrypted input arrived but the keyring is empty / absent.
 * - `ERR_ENCRYPTION_REQUIRED` — plaintext arrived where encryption is required.
 * - `ERR_LABEL_MISMATCH` — the label header differs from the configured label (or is missing,
 *   or present although `skipInboundLabelCheck` is set).
 * - `ERR_TOO_LARGE` — a size field or output exceeds its bound (frame, node count, user state,
 *   decompressed size, compound part).
 * - `ERR_UNSUPPORTED` — well-formed but not supported (unknown compression algorithm,
 *   encryption version > 1, a message type that cannot appear in this position).
 * - `ERR_INVALID_OPTION` — an option out of range (limits, packing budget, part count).
 * - `ERR_INVALID_KEY` — a key that is not 16, 24 or 32 bytes long.
 * - `ERR_UNKNOWN_KEY` — `Keyring.use()` with a key that is not installed.
 * - `ERR_PRIMARY_KEY` — `Keyring.remove()` of the primary key.
 */
export type WireErrorCode =
  | 'ERR_DECODE'
  | 'ERR_ENCODE'
  | 'ERR_CRC'
  | 'ERR_DECRYPT'
  | 'ERR_NO_KEY'
  | 'ERR_ENCRYPTION_REQUIRED'
  | 'ERR_LABEL_MISMATCH'
  | 'ERR_TOO_LARGE'
  | 'ERR_UNSUPPORTED'
  | 'ERR_INVALID_OPTION'
  | 'ERR_INVALID_KEY'
  | 'ERR_UNKNOWN_KEY'
  | 'ERR_PRIMARY_KEY';

/** The error every function of `@ring/swim/wire` throws; see {@link WireErrorCode}. */
export class WireError extends RingError<WireErrorCode> {
  /**
   * @param code - stable code.
   * @param message - human-readable explanation.
   * @param options - optional `cause`.
   */
  constructor(code: WireErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
    this.name = 'WireError';
  }
}

/**
 * An `ERR_DECODE` raised because the input ended before a value was complete. The stream parser
 * uses it to tell "wait for more bytes" apart from malformed input; for a whole packet it simply
 * means the packet is truncated.
 */
export class TruncatedError extends WireError {
  /** @param what - what was being read when the input ended. */
  constructor(what: string) {
    super('ERR_DECODE', `input ends inside ${what}`);
    this.name = 'WireError';
  }
}

/**
 * True when `error` is a {@link WireError}, optionally with the given code.
 *
 * @param error - anything caught.
 * @param code - when given, also require this code.
 */
export function isWireError(error: unknown, code?: WireErrorCode): error is WireError {
  return error instanceof WireError && (code === undefined || error.code === code);
}
