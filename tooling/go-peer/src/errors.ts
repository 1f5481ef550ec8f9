import { RingError } from '@ring/transport';

/** Codes of {@link GoPeerError}. `GO_TOOLCHAIN_MISSING`: no `go` on PATH or no memberlist sources. */
export type GoPeerErrorCode =
  | 'GO_TOOLCHAIN_MISSING'
  | 'ERR_GO_BUILD'
  | 'ERR_PEER_START'
  | 'ERR_TIMEOUT'
  | 'ERR_PEER_EXITED'
  | 'ERR_COMMAND';

/** Every failure of the harness. Messages carry the peer's recent events and stderr tail. */
export class GoPeerError extends RingError<GoPeerErrorCode> {
  /**
   * @param code - stable code.
   * @param message - explanation, with diagnostics.
   * @param options - optional `cause`.
   */
  constructor(code: GoPeerErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
    this.name = 'GoPeerError';
  }
}
