import { createServer } from 'node:net';
import { runTransportConformance } from '../testing/conformance.js';
import type { Address } from '../transport.js';
import { createTcpTransport } from './tcp-transport.js';
import { createUdpTransport } from './udp-transport.js';
import { systemResolver, type HostResolver } from './resolve-host.js';
import type { NodeTransportOptions } from './options.js';

/** Names under `.hang.test` never resolve nor fail: dials to them hang until timeout or abort. */
const resolver: HostResolver = (host) =>
  host.endsWith('.hang.test') ? new Promise<never>(() => undefined) : systemResolver(host);

/** A loopback port that was free a moment ago (bound, then released): nothing listens there. */
function closedPort(host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, host, () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function harness(
  create: (o: NodeTransportOptions) => ReturnType<typeof createUdpTransport>,
  host: string,
  format: (port: number) => Address,
) {
  return () => ({
    create: () => create({ bindAddress: host, bindPort: 0, resolver }),
    closedAddress: async () => format(await closedPort(host)),
    hangingAddress: () => 'peer.hang.test:7946',
  });
}

runTransportConformance(
  'UDP+TCP on 127.0.0.1',
  harness(createUdpTransport, '127.0.0.1', (p) => `127.0.0.1:${p}`),
);
runTransportConformance(
  'TCP-only on 127.0.0.1',
  harness(createTcpTransport, '127.0.0.1', (p) => `127.0.0.1:${p}`),
);
runTransportConformance(
  'UDP+TCP on [::1]',
  harness(createUdpTransport, '::1', (p) => `[::1]:${p}`),
);
runTransportConformance(
  'TCP-only on [::1]',
  harness(createTcpTransport, '::1', (p) => `[::1]:${p}`),
);
