/**
 * `@ring/transport/node`: real-socket transports for Node.js.
 *
 * - {@link createUdpTransport}: UDP packets + TCP streams on one port (memberlist's NetTransport).
 * - {@link createTcpTransport}: TCP only; packets framed over pooled connections.
 *
 * @example
 * ```ts
 * import { createUdpTransport } from '@ring/transport/node';
 *
 * const t = createUdpTransport({ bindAddress: '127.0.0.1', bindPort: 0 });
 * await t.start({ onPacket: (p) => console.log(p.from, p.data), onStream: (s) => s.close() });
 * console.log('listening on', t.localAddress());
 * await t.close();
 * ```
 *
 * @packageDocumentation
 */
export { createUdpTransport } from './udp-transport.js';
export { createTcpTransport } from './tcp-transport.js';
export type { NodeTransportOptions } from './options.js';
export { systemResolver } from './resolve-host.js';
export type { HostResolver } from './resolve-host.js';
