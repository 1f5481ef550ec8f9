import { formatAddress, parseAddress } from '@ring/transport';
import { DemoError } from './demo-error.js';

/** A parsed `HOST:PORT`. */
export interface HostPort {
  /** IPv4, IPv6 (no brackets) or a host name. */
  readonly host: string;
  /** 0–65535 (0: any free port, for a bind address). */
  readonly port: number;
  /** `host:port` (`[v6]:port`), as the transport prints addresses. */
  readonly text: string;
}

/**
 * Parse `HOST:PORT` (`[v6]:PORT` for IPv6).
 *
 * @param text - the flag value.
 * @param options - `ip: true` refuses host names (a bind address must be an IP address).
 * @throws DemoError `ERR_USAGE` when it is not a `HOST:PORT` (or, with `ip`, the host is a name).
 */
export function parseHostPort(text: string, options: { ip?: boolean } = {}): HostPort {
  let parsed;
  try {
    parsed = parseAddress(text.trim());
  } catch {
    throw new DemoError('ERR_USAGE', `expected HOST:PORT, got ${JSON.stringify(text)}`);
  }
  if (options.ip === true && parsed.family === 'name')
    throw new DemoError(
      'ERR_USAGE',
      `expected an IP address and port such as 127.0.0.1:7946, got ${JSON.stringify(text)}`,
    );
  return { host: parsed.host, port: parsed.port, text: formatAddress(parsed.host, parsed.port) };
}
