import { isIP } from 'node:net';
import { NodeError } from '../errors.js';

/** A parsed `host:port` (IPv6 hosts without brackets). */
export interface HostPort {
  readonly host: string;
  readonly port: number;
}

const HOSTNAME = /^[A-Za-z0-9_]([A-Za-z0-9_.-]*[A-Za-z0-9_])?$/;
const IPV6 = /^[0-9A-Fa-f:.]+(%[A-Za-z0-9_.-]+)?$/;

/**
 * Parse `host:port`, `[v6]:port`, or — when `defaultPort` is given — a bare `host` / `[v6]`.
 * Hosts may be IPv4, IPv6 or DNS names; nothing is resolved here.
 *
 * @param value - the text to parse.
 * @param what - what the value is, for the error message (e.g. `--bind`).
 * @param defaultPort - port used when the value has none; without it a port is required.
 * @throws NodeError `ERR_USAGE` when the value is not a valid address.
 */
export function parseHostPort(value: string, what: string, defaultPort?: number): HostPort {
  const bad = (why: string): NodeError =>
    new NodeError('ERR_USAGE', `${what}: invalid address '${value}' (${why}); expected host:port`);
  let host: string;
  let portText: string | undefined;
  if (value.startsWith('[')) {
    const close = value.indexOf(']');
    if (close < 0) throw bad('unclosed [');
    host = value.slice(1, close);
    const rest = value.slice(close + 1);
    if (rest !== '' && !rest.startsWith(':')) throw bad('junk after ]');
    portText = rest === '' ? undefined : rest.slice(1);
    if (!IPV6.test(host) || isIP(host.replace(/%.*$/, '')) !== 6) throw bad('not an IPv6 address');
  } else {
    const colons = value.split(':').length - 1;
    if (colons > 1) throw bad('IPv6 addresses need brackets, e.g. [::1]:7946');
    const i = value.lastIndexOf(':');
    host = i < 0 ? value : value.slice(0, i);
    portText = i < 0 ? undefined : value.slice(i + 1);
    if (!HOSTNAME.test(host)) throw bad('bad host');
    // All digits and dots reads as IPv4 to every resolver: it must be a valid one.
    if (/^[\d.]+$/.test(host) && isIP(host) !== 4) throw bad('not a valid IPv4 address');
  }
  if (portText === undefined) {
    if (defaultPort === undefined) throw bad('missing port');
    return { host, port: defaultPort };
  }
  if (!/^\d{1,5}$/.test(portText)) throw bad('port must be a number');
  const port = Number(portText);
  if (port > 65535) throw bad('port must be 0-65535');
  return { host, port };
}

/**
 * Format a host and port as an address string, bracketing IPv6 hosts.
 *
 * @param host - IPv4, IPv6 (unbracketed) or DNS name.
 * @param port - 0-65535.
 */
export function formatHostPort(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}
