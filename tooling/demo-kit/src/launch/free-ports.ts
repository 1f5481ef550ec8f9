import { createSocket } from 'node:dgram';
import { createServer } from 'node:net';

/** True when both a TCP listener and a UDP socket can bind `host:port` right now. */
async function bindable(host: string, port: number): Promise<number | undefined> {
  const server = createServer();
  const tcpPort = await new Promise<number | undefined>((resolve) => {
    server.once('error', () => resolve(undefined));
    server.listen({ host, port, exclusive: true }, () => {
      const address = server.address();
      resolve(typeof address === 'object' && address !== null ? address.port : undefined);
    });
  });
  if (tcpPort === undefined) return undefined;
  const udp = createSocket(host.includes(':') ? 'udp6' : 'udp4');
  const udpOk = await new Promise<boolean>((resolve) => {
    udp.once('error', () => resolve(false));
    udp.bind({ address: host, port: tcpPort, exclusive: true }, () => resolve(true));
  });
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (udpOk) await new Promise<void>((resolve) => udp.close(() => resolve()));
  return udpOk ? tcpPort : undefined;
}

/**
 * Ports on `host` that are free for both TCP and UDP (a swim member binds both on one port):
 * the preferred ones when they are all free (so a demo shows the seeds' familiar ports), else
 * ports the system hands out. Another program may take a port between this check and its use;
 * the demo then says which port is in use.
 *
 * @param count - how many.
 * @param host - the IP to bind. @default '127.0.0.1'
 * @param preferred - ports to try first, all or none.
 */
export async function findFreePorts(
  count: number,
  host = '127.0.0.1',
  preferred: readonly number[] = [],
): Promise<number[]> {
  if (preferred.length >= count) {
    const wanted = preferred.slice(0, count);
    const ok = await Promise.all(wanted.map((p) => bindable(host, p)));
    if (ok.every((p) => p !== undefined)) return wanted;
  }
  const ports: number[] = [];
  for (let attempts = 0; ports.length < count && attempts < count * 20; attempts++) {
    const port = await bindable(host, 0);
    if (port !== undefined && !ports.includes(port)) ports.push(port);
  }
  if (ports.length < count) throw new Error(`could not find ${count} free ports on ${host}`);
  return ports;
}
