import { isIPv4, isIPv6 } from '../address.js';
import { TransportError } from '../errors.js';
import { toTransportError } from './socket-errors.js';

/**
 * Resolves a host name to IP addresses (IPv4 dotted quads and/or IPv6 without brackets). Inject
 * your own for service discovery, tests, or to avoid DNS entirely.
 */
export type HostResolver = (host: string) => Promise<readonly string[]>;

/**
 * The default {@link HostResolver}: `dns.lookup` (the OS resolver, honouring /etc/hosts). Names in
 * the `.invalid` TLD fail at once without a query, as RFC 6761 §6.4 asks of resolver APIs.
 */
export const systemResolver: HostResolver = async (host) => {
  if (host === 'invalid' || host.endsWith('.invalid')) {
    throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host} (RFC 6761 .invalid)`), {
      code: 'ENOTFOUND',
    });
  }
  // Loaded on the first name to resolve: a cluster joined by IP addresses never pays its memory.
  const { lookup } = await import('node:dns/promises');
  const results = await lookup(host, { all: true, verbatim: true });
  return results.map((r) => r.address);
};

/**
 * Resolve `host` to one IP address usable from a socket of `family` (`4`, or `6` which also reaches
 * IPv4 peers through mapped addresses). IP literals are returned as-is.
 *
 * @throws TransportError `ERR_UNRESOLVABLE_ADDRESS` when the name does not resolve, or resolves only
 *   to addresses of the other family.
 */
export async function resolveHost(
  host: string,
  family: 4 | 6,
  resolver: HostResolver,
): Promise<string> {
  if (isIPv4(host) || isIPv6(host)) return host;
  let addresses: readonly string[];
  try {
    addresses = await resolver(host);
  } catch (error) {
    throw toTransportError(error, 'ERR_UNRESOLVABLE_ADDRESS', `resolve ${host}`);
  }
  const pick =
    addresses.find((a) => (family === 4 ? isIPv4(a) : isIPv6(a))) ??
    (family === 6 ? addresses.find(isIPv4) : undefined);
  if (pick === undefined) {
    throw new TransportError(
      'ERR_UNRESOLVABLE_ADDRESS',
      `resolve ${host}: no IPv${family} address (got ${addresses.join(', ') || 'none'})`,
    );
  }
  return pick;
}
