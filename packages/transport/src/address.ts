import { TransportError } from './errors.js';
import type { Address } from './transport.js';

/** What kind of host an address names. */
export type AddressFamily = 4 | 6 | 'name';

/** A parsed `host:port` address. */
export interface ParsedAddress {
  /** IPv4 dotted quad, IPv6 in canonical form (RFC 5952, no brackets), or a host name (lower case). */
  readonly host: string;
  /** 0–65535. */
  readonly port: number;
  /** `4`, `6` or `'name'` (needs resolving). */
  readonly family: AddressFamily;
}

const PORT_RE = /^[0-9]{1,5}$/;
const IPV4_RE =
  /^(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])(\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3}$/;
const LABEL_RE = /^[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?$/;
const HEX_GROUP_RE = /^[0-9a-f]{1,4}$/;
const ZONE_RE = /^[a-z0-9_.-]+$/;

function invalid(input: string, why: string): TransportError {
  return new TransportError(
    'ERR_INVALID_ADDRESS',
    `invalid address ${JSON.stringify(input)}: ${why}`,
  );
}

/** True when `s` is a dotted-quad IPv4 address (no leading zeros). */
export function isIPv4(s: string): boolean {
  return IPV4_RE.test(s);
}

/** True when `s` is an IPv6 address (without brackets; a `%zone` suffix is allowed). */
export function isIPv6(s: string): boolean {
  return ipv6Groups(s.toLowerCase()) !== undefined;
}

/** Parse an IPv6 text form into its 8 16-bit groups plus zone, or undefined if malformed. */
function ipv6Groups(text: string): { groups: number[]; zone: string; v4Tail: boolean } | undefined {
  let s = text;
  let zone = '';
  const pct = s.indexOf('%');
  if (pct >= 0) {
    zone = s.slice(pct + 1);
    s = s.slice(0, pct);
    if (!ZONE_RE.test(zone)) return undefined;
  }
  if (s.length === 0 || s.length > 45) return undefined;
  let v4Tail = false;
  let tail: number[] = [];
  const lastColon = s.lastIndexOf(':');
  if (lastColon < 0) return undefined;
  const last = s.slice(lastColon + 1);
  if (last.includes('.')) {
    if (!IPV4_RE.test(last)) return undefined;
    const o = last.split('.').map(Number);
    tail = [(o[0]! << 8) | o[1]!, (o[2]! << 8) | o[3]!];
    v4Tail = true;
    // Drop the dotted tail; what remains ends in '::' or in a single ':' that goes too.
    s = s.slice(0, lastColon + 1);
    if (!s.endsWith('::')) s = s.slice(0, -1);
  }
  const parts = s.split('::');
  if (parts.length > 2) return undefined;
  const parse = (chunk: string): number[] | undefined => {
    if (chunk === '') return [];
    const out: number[] = [];
    for (const g of chunk.split(':')) {
      if (!HEX_GROUP_RE.test(g)) return undefined;
      out.push(parseInt(g, 16));
    }
    return out;
  };
  const head = parse(parts[0]!);
  if (head === undefined) return undefined;
  if (parts.length === 1) {
    const groups = [...head, ...tail];
    return groups.length === 8 ? { groups, zone, v4Tail } : undefined;
  }
  const rest = parse(parts[1]!);
  if (rest === undefined) return undefined;
  const known = head.length + rest.length + tail.length;
  if (known > 7) return undefined;
  const groups = [...head, ...new Array<number>(8 - known).fill(0), ...rest, ...tail];
  return { groups, zone, v4Tail };
}

/** RFC 5952 text form: lower case, longest run (≥ 2) of zero groups as `::`, `::ffff:a.b.c.d` kept dotted. */
function canonicalIPv6(parsed: { groups: number[]; zone: string }): string {
  const g = parsed.groups;
  const zone = parsed.zone === '' ? '' : `%${parsed.zone}`;
  const isMapped =
    g[0] === 0 && g[1] === 0 && g[2] === 0 && g[3] === 0 && g[4] === 0 && g[5] === 0xffff;
  if (isMapped) {
    return `::ffff:${g[6]! >> 8}.${g[6]! & 255}.${g[7]! >> 8}.${g[7]! & 255}${zone}`;
  }
  let bestStart = -1;
  let bestLen = 1;
  for (let i = 0; i < 8;) {
    if (g[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && g[j] === 0) j++;
    if (j - i > bestLen) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = g.map((x) => x.toString(16));
  if (bestStart < 0) return hex.join(':') + zone;
  const left = hex.slice(0, bestStart).join(':');
  const right = hex.slice(bestStart + bestLen).join(':');
  return `${left}::${right}${zone}`;
}

/** Validate and normalise a host (no brackets). Returns host + family or throws. */
function parseHost(rawHost: string, input: string): { host: string; family: AddressFamily } {
  if (rawHost.length === 0) throw invalid(input, 'empty host');
  const lower = rawHost.toLowerCase();
  if (lower.includes(':')) {
    const v6 = ipv6Groups(lower);
    if (v6 === undefined) throw invalid(input, 'malformed IPv6 host');
    return { host: canonicalIPv6(v6), family: 6 };
  }
  if (IPV4_RE.test(lower)) return { host: lower, family: 4 };
  if (/^[0-9.]+$/.test(lower)) throw invalid(input, 'malformed IPv4 host');
  const name = lower.endsWith('.') ? lower.slice(0, -1) : lower;
  if (name.length === 0 || name.length > 253)
    throw invalid(input, 'host name length must be 1–253');
  for (const label of name.split('.')) {
    if (!LABEL_RE.test(label)) throw invalid(input, `bad host name label ${JSON.stringify(label)}`);
  }
  return { host: name, family: 'name' };
}

function parsePort(rawPort: string, input: string): number {
  if (rawPort.length === 0) throw invalid(input, 'missing port');
  if (!PORT_RE.test(rawPort)) throw invalid(input, 'port must be decimal digits');
  const port = Number(rawPort);
  if (port > 65535) throw invalid(input, 'port out of range 0–65535');
  return port;
}

/**
 * Parse a `host:port` address. IPv6 hosts must be bracketed (`[::1]:7946`); hosts are normalised
 * (IPv6 to RFC 5952 form, names to lower case without a trailing dot).
 *
 * @param address - e.g. `127.0.0.1:7946`, `[fe80::1%eth0]:7946`, `node-1.example.com:7946`.
 * @throws TransportError `ERR_INVALID_ADDRESS` for a missing/bad port, an empty or malformed host,
 *   or an unbracketed IPv6 host.
 *
 * @example
 * ```ts
 * parseAddress('[::1]:7946'); // { host: '::1', port: 7946, family: 6 }
 * ```
 */
export function parseAddress(address: Address): ParsedAddress {
  if (typeof address !== 'string') {
    throw new TransportError(
      'ERR_INVALID_ADDRESS',
      `address must be a string, got ${typeof address}`,
    );
  }
  if (address.length === 0) throw invalid(address, 'empty');
  if (address.length > 300) throw invalid(address.slice(0, 40) + '…', 'too long');
  if (address.startsWith('[')) {
    const close = address.indexOf(']');
    if (close < 0) throw invalid(address, 'missing "]"');
    const inner = address.slice(1, close);
    const after = address.slice(close + 1);
    if (!after.startsWith(':')) throw invalid(address, 'missing port');
    if (inner.length === 0) throw invalid(address, 'empty host');
    if (!inner.includes(':')) throw invalid(address, 'brackets are only for IPv6 hosts');
    const { host, family } = parseHost(inner, address);
    return Object.freeze({ host, port: parsePort(after.slice(1), address), family });
  }
  const colon = address.lastIndexOf(':');
  if (colon < 0) throw invalid(address, 'missing port');
  const rawHost = address.slice(0, colon);
  if (rawHost.includes(':')) {
    throw invalid(address, 'IPv6 hosts must be bracketed, e.g. [::1]:7946');
  }
  const { host, family } = parseHost(rawHost, address);
  return Object.freeze({ host, port: parsePort(address.slice(colon + 1), address), family });
}

/**
 * Format a host and port as an {@link Address}, bracketing IPv6 hosts and normalising like
 * {@link parseAddress}.
 *
 * @param host - IPv4, IPv6 (bracketed or not) or a host name.
 * @param port - 0–65535.
 * @throws TransportError `ERR_INVALID_ADDRESS` for a malformed host or a port out of range.
 *
 * @example
 * ```ts
 * formatAddress('::1', 7946); // '[::1]:7946'
 * ```
 */
export function formatAddress(host: string, port: number): Address {
  const bare = host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
  const input = `${host} port ${String(port)}`;
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw invalid(input, 'port out of range 0–65535');
  const parsed = parseHost(bare, input);
  return parsed.family === 6 ? `[${parsed.host}]:${port}` : `${parsed.host}:${port}`;
}

/**
 * Canonical form of an address (`parseAddress` then `formatAddress`), so two spellings of the same
 * endpoint compare equal: `[0:0::1]:80` → `[::1]:80`.
 *
 * @throws TransportError `ERR_INVALID_ADDRESS` as {@link parseAddress}.
 */
export function normalizeAddress(address: Address): Address {
  const p = parseAddress(address);
  return p.family === 6 ? `[${p.host}]:${p.port}` : `${p.host}:${p.port}`;
}
