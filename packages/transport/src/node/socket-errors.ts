import { TransportError, type TransportErrorCode } from '../errors.js';

const CODE_MAP: Readonly<Record<string, TransportErrorCode>> = Object.freeze({
  ECONNREFUSED: 'ERR_CONNECTION_REFUSED',
  ECONNRESET: 'ERR_CONNECTION_RESET',
  EPIPE: 'ERR_CONNECTION_RESET',
  ECONNABORTED: 'ERR_CONNECTION_RESET',
  ENOTFOUND: 'ERR_UNRESOLVABLE_ADDRESS',
  EAI_AGAIN: 'ERR_UNRESOLVABLE_ADDRESS',
  EAI_FAIL: 'ERR_UNRESOLVABLE_ADDRESS',
  EAI_NONAME: 'ERR_UNRESOLVABLE_ADDRESS',
  EAI_NODATA: 'ERR_UNRESOLVABLE_ADDRESS',
  ENODATA: 'ERR_UNRESOLVABLE_ADDRESS',
  EADDRINUSE: 'ERR_BIND',
  EADDRNOTAVAIL: 'ERR_BIND',
  EACCES: 'ERR_BIND',
  ETIMEDOUT: 'ERR_TIMEOUT',
  EMSGSIZE: 'ERR_PACKET_TOO_LARGE',
  ERR_SOCKET_DGRAM_NOT_RUNNING: 'ERR_CLOSED',
  ERR_SOCKET_BAD_PORT: 'ERR_INVALID_ADDRESS',
});

/**
 * Turn a Node socket/DNS error into a {@link TransportError} with a stable code, keeping the
 * original as `cause`. Already-typed errors pass through.
 *
 * @param error - what Node raised.
 * @param fallback - code for errors without a specific mapping.
 * @param what - context for the message, e.g. `dial 127.0.0.1:7946`.
 */
export function toTransportError(
  error: unknown,
  fallback: TransportErrorCode,
  what: string,
): TransportError {
  if (error instanceof TransportError) return error;
  const code = (error as { code?: unknown } | null)?.code;
  const mapped = typeof code === 'string' ? CODE_MAP[code] : undefined;
  const message = error instanceof Error ? error.message : String(error);
  return new TransportError(mapped ?? fallback, `${what}: ${message}`, { cause: error });
}
