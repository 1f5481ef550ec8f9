import type { Random } from '@ring/base';
import { formatAddress, isIPv4, isIPv6, parseAddress } from '@ring/transport';
import { shuffleInPlace } from '@ring/base';
import { SwimError } from '../errors.js';

/** Resolves a host name to IP addresses (A and AAAA). Injected so tests need no DNS. */
export type HostResolver = (host: string) => Promise<readonly string[]>;

/** The default {@link HostResolver}: the operating system's resolver via `node:dns`. */
export const systemResolver: HostResolver = async (host) => {
  const dns = await import('node:dns/promises');
  const records = await dns.lookup(host, { all: true });
  return records.map((r) => r.address);
};

/** Options of {@link resolveSeeds}. */
export interface ResolveSeedsOptions {
  readonly resolver: HostResolver;
  readonly random: Random;
  /** Most addresses taken from one DNS name (a random subset). */
  readonly maxPerName: number;
  /** Port for seeds given without one. */
  readonly defaultPort: number;
}

function splitSeed(seed: string, defaultPort: number): { host: string; port: number } {
  const s = seed.trim();
  if (s.length === 0) throw new SwimError('ERR_INVALID_ADDRESS', 'empty seed address');
  // A bare IPv6 address or a bare host gets the default port.
  if (isIPv6(s)) return { host: s, port: defaultPort };
  if (!s.includes(':') || (s.startsWith('[') && s.endsWith(']'))) {
    return { host: s.startsWith('[') ? s.slice(1, -1) : s, port: defaultPort };
  }
  try {
    const p = parseAddress(s);
    return { host: p.host, port: p.port };
  } catch (cause) {
    throw new SwimError('ERR_INVALID_ADDRESS', `invalid seed address ${JSON.stringify(seed)}`, {
      cause,
    });
  }
}

/**
 * Turn seed strings (`host:port`, `[v6]:port`, a bare host or IP for the default port, DNS names)
 * into gossip addresses. Each DNS name contributes a random subset of at most `maxPerName` of its
 * resolved addresses, so a name backed by a hundred hosts does not become a hundred dials.
 * Duplicates are dropped; order is preserved per seed.
 *
 * @param seeds - what the user passed to `join()`.
 * @param options - resolver, randomness and bounds.
 * @returns addresses plus the seeds that failed to resolve (with their errors).
 * @throws SwimError `ERR_INVALID_ADDRESS` for a syntactically invalid seed.
 */
export async function resolveSeeds(
  seeds: readonly string[],
  options: ResolveSeedsOptions,
): Promise<{ addresses: string[]; failures: { seed: string; error: unknown }[] }> {
  const parsed = seeds.map((seed) => ({ seed, ...splitSeed(seed, options.defaultPort) }));
  const addresses: string[] = [];
  const seen = new Set<string>();
  const failures: { seed: string; error: unknown }[] = [];
  const add = (host: string, port: number): void => {
    const a = formatAddress(host, port);
    if (!seen.has(a)) {
      seen.add(a);
      addresses.push(a);
    }
  };
  const resolved = await Promise.all(
    parsed.map(async (p) => {
      if (isIPv4(p.host) || isIPv6(p.host)) return [p.host];
      try {
        return [...(await options.resolver(p.host))];
      } catch (error) {
        failures.push({ seed: p.seed, error });
        return [];
      }
    }),
  );
  parsed.forEach((p, i) => {
    let hosts = resolved[i] ?? [];
    if (hosts.length > options.maxPerName)
      hosts = shuffleInPlace(options.random, [...hosts]).slice(0, options.maxPerName);
    for (const h of hosts) add(h, p.port);
  });
  return { addresses, failures };
}
