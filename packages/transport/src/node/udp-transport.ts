import { createSocket, type Socket as DgramSocket } from 'node:dgram';
import { isIPv4 } from '../address.js';
import type { Transport } from '../transport.js';
import { peerAddress } from './net-helpers.js';
import { NodeTransport, type Target } from './node-transport.js';
import { resolveNodeTransportOptions, type NodeTransportOptions } from './options.js';
import { toTransportError } from './socket-errors.js';

/**
 * UDP packets and TCP streams on one port — memberlist's `NetTransport`. The TCP listener is bound
 * first (so port 0 picks a port free for TCP), then UDP on the same number; if that UDP port is
 * taken, both are retried (up to `bindRetries` times, only for port 0).
 */
class UdpTcpTransport extends NodeTransport {
  #udp: DgramSocket | undefined;

  protected async bind(): Promise<number> {
    const { bindPort, bindRetries } = this.options;
    for (let attempt = 0; ; attempt++) {
      const port = await this.listenTcp(bindPort);
      try {
        await this.#bindUdp(port);
        return port;
      } catch (error) {
        const code = (error as { code?: unknown }).code;
        await this.releaseSockets();
        if (bindPort !== 0 || code !== 'EADDRINUSE' || attempt + 1 >= bindRetries) throw error;
      }
    }
  }

  #bindUdp(port: number): Promise<void> {
    const { bindAddress, family, unref } = this.options;
    const udp = createSocket({
      type: family === 6 ? 'udp6' : 'udp4',
      ipv6Only: family === 6 && bindAddress !== '::',
    });
    this.#udp = udp;
    return new Promise((resolve, reject) => {
      udp.once('error', reject);
      udp.bind({ address: bindAddress, port, exclusive: true }, () => {
        udp.off('error', reject);
        udp.on('error', () => undefined);
        if (unref) udp.unref();
        udp.on('message', (msg, rinfo) => {
          const handlers = this.handlers;
          if (handlers === undefined || this.state !== 'started') return;
          try {
            handlers.onPacket({
              from: peerAddress(rinfo.address, rinfo.port),
              data: msg,
              receivedAt: this.clock.now(),
            });
          } catch {
            // Handlers must not throw; the contract says such exceptions are dropped.
          }
        });
        resolve();
      });
    });
  }

  protected sendResolved(target: Target, data: Uint8Array): Promise<number> {
    const udp = this.#udp!;
    const ip = this.options.family === 6 && isIPv4(target.ip) ? `::ffff:${target.ip}` : target.ip;
    const sentAt = this.clock.now();
    const what = `send to ${target.address}`;
    return new Promise((resolve, reject) => {
      try {
        udp.send(data, target.port, ip, (error) => {
          if (error) reject(toTransportError(error, 'ERR_SEND', what));
          else resolve(sentAt);
        });
      } catch (error) {
        reject(toTransportError(error, 'ERR_SEND', what)); // e.g. port 0, which no datagram can reach
      }
    });
  }

  protected closePacketPath(): Promise<void> {
    const udp = this.#udp;
    this.#udp = undefined;
    if (udp === undefined) return Promise.resolve();
    return new Promise((resolve) => {
      try {
        udp.close(() => resolve());
      } catch {
        resolve(); // not bound yet / already closed
      }
    });
  }
}

/**
 * Create a UDP+TCP transport (not started): best-effort packets over UDP, streams over TCP, both
 * on one port; IPv4 or IPv6 depending on `bindAddress`.
 *
 * @param options - bind/advertise addresses, sizes, timeouts, clock, resolver.
 * @throws TransportError `ERR_INVALID_OPTION` / `ERR_INVALID_ADDRESS` for bad options.
 *
 * @example
 * ```ts
 * const t = createUdpTransport({ bindAddress: '127.0.0.1', bindPort: 0 });
 * await t.start({ onPacket: (p) => console.log(p.from), onStream: (s) => s.close() });
 * console.log(t.localAddress()); // 127.0.0.1:<real port>
 * ```
 */
export function createUdpTransport(options: NodeTransportOptions = {}): Transport {
  return new UdpTcpTransport(resolveNodeTransportOptions(options));
}
