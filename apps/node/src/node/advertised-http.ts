import { formatHostPort, parseHostPort } from '../config/host-port.js';
import { isLoopbackHost } from '../config/http-security.js';
import type { NodeLogger } from '../cli/logger.js';

const UNSPECIFIED = new Set(['0.0.0.0', '::']);

/**
 * The admin API address a node advertises (tag `ring.http`): `--http-advertise`, else the bound
 * address, with an unspecified host (`0.0.0.0`, `::`) replaced by the host the node gossips on.
 * Warns when it is loopback while the cluster is not (other members could not forward to it).
 *
 * @param options - bound HTTP address, `--http-advertise`, gossip address, logger.
 */
export function advertisedHttp(options: {
  readonly bound: string;
  readonly advertise: string | undefined;
  readonly gossip: string;
  readonly logger: NodeLogger;
}): string {
  const gossip = parseHostPort(options.gossip, 'gossip');
  const advertised = options.advertise ?? derivedHttp(options.bound, gossip.host);
  if (isLoopbackHost(parseHostPort(advertised, '--http').host) && !isLoopbackHost(gossip.host)) {
    options.logger.warn(
      { http: advertised, gossip: options.gossip },
      'the admin API is advertised on loopback to a cluster off loopback: other members cannot forward requests here; use --http 0.0.0.0:PORT with --http-token, or --http-advertise',
    );
  }
  return advertised;
}

function derivedHttp(bound: string, gossipHost: string): string {
  const http = parseHostPort(bound, '--http');
  if (!UNSPECIFIED.has(http.host)) return bound;
  // Bound to every interface: peers reach the API on the host they gossip with.
  return formatHostPort(gossipHost, http.port);
}
