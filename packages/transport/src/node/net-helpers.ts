import { connect, type Server, type Socket } from 'node:net';
import { networkInterfaces } from 'node:os';
import { formatAddress, isIPv4 } from '../address.js';
import type { Address } from '../transport.js';
import { toTransportError } from './socket-errors.js';

/** `::ffff:1.2.3.4` → `1.2.3.4`; anything else unchanged. */
export function unmapIPv4(ip: string): string {
  if (ip.length > 7 && ip.startsWith('::ffff:')) {
    const v4 = ip.slice(7);
    if (isIPv4(v4)) return v4;
  }
  return ip;
}

/** Format a socket-level peer (`rinfo.address`/`remoteAddress` + port) as an {@link Address}. */
export function peerAddress(ip: string, port: number): Address {
  const host = unmapIPv4(ip);
  return isIPv4(host) ? `${host}:${port}` : formatAddress(host, port);
}

/** True for `0.0.0.0` / `::`. */
export function isUnspecified(ip: string): boolean {
  return ip === '0.0.0.0' || ip === '::' || ip === '0:0:0:0:0:0:0:0';
}

/**
 * The IP to advertise for a socket bound to `bindAddress`: the bind address itself, or for an
 * unspecified bind the first non-internal interface address of that family (what memberlist does
 * with a private IP), falling back to loopback.
 */
export function defaultAdvertiseHost(bindAddress: string, family: 4 | 6): string {
  if (!isUnspecified(bindAddress)) return bindAddress;
  for (const list of Object.values(networkInterfaces())) {
    for (const info of list ?? []) {
      if (info.internal) continue;
      if (family === 4 && info.family === 'IPv4') return info.address;
      if (family === 6 && info.family === 'IPv6' && !info.address.startsWith('fe80'))
        return info.address;
    }
  }
  return family === 4 ? '127.0.0.1' : '::1';
}

/** Listen on `host:port`; resolves with the bound port. Rejects with the raw Node error. */
export function listen(server: Server, host: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error): void => reject(error);
    server.once('error', onError);
    server.listen(
      { host, port, exclusive: true, ipv6Only: host.includes(':') && host !== '::' },
      () => {
        server.off('error', onError);
        const address = server.address();
        resolve(typeof address === 'object' && address !== null ? address.port : port);
      },
    );
  });
}

/**
 * Open a TCP connection (half-open allowed, Nagle off). Destroys the socket when `signal` aborts.
 *
 * @throws TransportError `ERR_CONNECTION_REFUSED`, `ERR_CONNECTION_RESET`, `ERR_TIMEOUT`, …
 */
export function connectTcp(
  ip: string,
  port: number,
  signal: AbortSignal,
  what: string,
): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: ip, port, allowHalfOpen: true, noDelay: true });
    const onAbort = (): void => {
      socket.destroy();
    };
    signal.addEventListener('abort', onAbort, { once: true });
    socket.once('connect', () => {
      signal.removeEventListener('abort', onAbort);
      socket.removeListener('error', onError);
      resolve(socket);
    });
    const onError = (error: Error): void => {
      signal.removeEventListener('abort', onAbort);
      reject(toTransportError(error, 'ERR_CONNECTION_REFUSED', what));
    };
    socket.once('error', onError);
  });
}
