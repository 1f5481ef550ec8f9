import { parseAddress } from '@ring/transport';
import { SerfError } from '../errors.js';

/**
 * `host:port` → the IP bytes (4 or 16) and port Serf puts in a query's `Addr`/`Port`.
 *
 * @throws SerfError `ERR_INVALID_OPTION` when the host is not an IP literal.
 */
export function addressToIp(address: string): { ip: Uint8Array; port: number } {
  const p = parseAddress(address);
  if (p.family === 4) return { ip: Uint8Array.from(p.host.split('.').map(Number)), port: p.port };
  if (p.family === 6) {
    const [head = '', tail = ''] = p.host.split('::');
    const h = head === '' ? [] : head.split(':');
    const t = p.host.includes('::') && tail !== '' ? tail.split(':') : [];
    const groups = p.host.includes('::')
      ? [...h, ...Array<string>(8 - h.length - t.length).fill('0'), ...t]
      : h;
    const out = new Uint8Array(16);
    groups.forEach((g, i) => {
      const v = parseInt(g, 16);
      out[i * 2] = v >> 8;
      out[i * 2 + 1] = v & 0xff;
    });
    return { ip: out, port: p.port };
  }
  throw new SerfError('ERR_INVALID_OPTION', `not an IP address: ${address}`);
}

/** IP bytes and port → `host:port` (`[v6]:port`). @throws SerfError `ERR_DECODE` for other lengths. */
export function ipToAddress(ip: Uint8Array, port: number): string {
  if (ip.length === 4) return `${ip.join('.')}:${port}`;
  if (ip.length === 16) {
    const groups: string[] = [];
    for (let i = 0; i < 16; i += 2) groups.push(((ip[i]! << 8) | ip[i + 1]!).toString(16));
    if (ip.subarray(0, 10).every((b) => b === 0) && ip[10] === 0xff && ip[11] === 0xff)
      return `${ip.subarray(12).join('.')}:${port}`;
    return `[${groups.join(':')}]:${port}`;
  }
  throw new SerfError('ERR_DECODE', `IP address of ${ip.length} bytes`);
}
