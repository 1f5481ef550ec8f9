import { formatAddress, parseAddress } from '@ring/transport';
import { SwimError } from '../errors.js';

/** An address as memberlist carries it: raw IP bytes (4 or 16) and a port. */
export interface WireAddress {
  readonly ip: Uint8Array;
  readonly port: number;
}

const toWireCache = new Map<string, WireAddress>();
const fromWireCache = new Map<string, string>();
/** IPv4 entries of the wire → address cache, keyed by `ip32 · 65536 + port` (no string to build). */
const fromWire4Cache = new Map<number, string>();
const CACHE_LIMIT = 65_536;

function ipv4Bytes(host: string): Uint8Array {
  const parts = host.split('.');
  return Uint8Array.from(parts, (p) => Number(p));
}

function ipv6Bytes(host: string): Uint8Array {
  let h = host;
  const out = new Uint8Array(16);
  // Embedded IPv4 tail (::ffff:1.2.3.4).
  const lastColon = h.lastIndexOf(':');
  const tail = h.slice(lastColon + 1);
  let tailBytes: Uint8Array | undefined;
  if (tail.includes('.')) {
    tailBytes = ipv4Bytes(tail);
    h = `${h.slice(0, lastColon + 1)}0:0`;
  }
  const [head, rest] = h.split('::') as [string, string | undefined];
  const headGroups = head === '' ? [] : head.split(':');
  const restGroups = rest === undefined || rest === '' ? [] : rest.split(':');
  const groups =
    rest === undefined
      ? headGroups
      : [
          ...headGroups,
          ...Array<string>(8 - headGroups.length - restGroups.length).fill('0'),
          ...restGroups,
        ];
  groups.forEach((g, i) => {
    const v = parseInt(g, 16);
    out[2 * i] = v >> 8;
    out[2 * i + 1] = v & 0xff;
  });
  if (tailBytes !== undefined) out.set(tailBytes, 12);
  return out;
}

/**
 * Split a `host:port` gossip address into memberlist's `Addr` bytes and `Port`.
 *
 * @param address - an IP address with port (`10.0.0.1:7946`, `[fd00::1]:7946`).
 * @throws SwimError `ERR_INVALID_ADDRESS` when the host is not an IP literal (memberlist can only
 *   advertise IPs).
 */
export function addressToWire(address: string): WireAddress {
  const cached = toWireCache.get(address);
  if (cached !== undefined) return cached;
  let parsed;
  try {
    parsed = parseAddress(address);
  } catch (cause) {
    throw new SwimError('ERR_INVALID_ADDRESS', `invalid gossip address ${address}`, { cause });
  }
  if (parsed.family === 'name')
    throw new SwimError('ERR_INVALID_ADDRESS', `gossip address must be an IP, got ${address}`);
  const ip = parsed.family === 4 ? ipv4Bytes(parsed.host) : ipv6Bytes(parsed.host);
  const w = Object.freeze({ ip, port: parsed.port });
  if (toWireCache.size >= CACHE_LIMIT) toWireCache.clear();
  toWireCache.set(address, w);
  return w;
}

/**
 * Join memberlist's `Addr` bytes and `Port` into a `host:port` address.
 *
 * @param ip - 4 or 16 bytes.
 * @param port - port.
 * @throws SwimError `ERR_INVALID_ADDRESS` for any other IP length.
 */
export function wireToAddress(ip: Uint8Array, port: number): string {
  if (ip.length === 4 && Number.isInteger(port) && port >= 0 && port <= 0xffff) {
    const key4 = (((ip[0]! << 24) | (ip[1]! << 16) | (ip[2]! << 8) | ip[3]!) >>> 0) * 65536 + port;
    const hit = fromWire4Cache.get(key4);
    if (hit !== undefined) return hit;
    const a = formatAddress(`${ip[0]}.${ip[1]}.${ip[2]}.${ip[3]}`, port);
    if (fromWire4Cache.size >= CACHE_LIMIT) fromWire4Cache.clear();
    fromWire4Cache.set(key4, a);
    return a;
  }
  let key = String(port);
  for (const b of ip) key += `.${b}`;
  const cached = fromWireCache.get(key);
  if (cached !== undefined) return cached;
  let host: string;
  if (ip.length === 4) {
    host = `${ip[0]}.${ip[1]}.${ip[2]}.${ip[3]}`;
  } else if (ip.length === 16) {
    const groups: string[] = [];
    for (let i = 0; i < 16; i += 2) groups.push(((ip[i]! << 8) | ip[i + 1]!).toString(16));
    if (groups.slice(0, 5).every((g) => g === '0') && groups[5] === 'ffff') {
      host = `${ip[12]}.${ip[13]}.${ip[14]}.${ip[15]}`; // IPv4-mapped: Go prints it as IPv4
    } else {
      host = groups.join(':');
    }
  } else {
    throw new SwimError(
      'ERR_INVALID_ADDRESS',
      `IP address must be 4 or 16 bytes, got ${ip.length}`,
    );
  }
  const a = formatAddress(host, port);
  if (fromWireCache.size >= CACHE_LIMIT) fromWireCache.clear();
  fromWireCache.set(key, a);
  return a;
}
