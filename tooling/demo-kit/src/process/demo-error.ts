import { RingError } from '@ring/transport';

/**
 * Codes of {@link DemoError}: `ERR_USAGE` (a bad flag or value, exit 2), `ERR_BIND` (the address
 * cannot be bound, e.g. the port is in use, exit 1), `ERR_JOIN_FAILED` (no `--join` address
 * answered, exit 1), `ERR_START` (anything else that stopped the program from starting, exit 1).
 */
export type DemoErrorCode = 'ERR_USAGE' | 'ERR_BIND' | 'ERR_JOIN_FAILED' | 'ERR_START';

/** An error a demo program reports in one line on stderr before it exits. */
export class DemoError extends RingError<DemoErrorCode> {
  /**
   * @param code - stable code; decides the exit code.
   * @param message - the one line the user reads.
   * @param options - optional `cause`.
   */
  constructor(code: DemoErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
    this.name = 'DemoError';
  }
}
