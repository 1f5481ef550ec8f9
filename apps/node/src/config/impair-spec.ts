import { NodeError } from '../errors.js';

/** The parsed `--impair` flag: faults for this node's outbound gossip (testing only). */
export interface ImpairSpec {
  /** Added delay per packet and per stream setup, ms. */
  readonly delayMs: number;
  /** Uniform jitter around the delay, ms. */
  readonly jitterMs: number;
  /** Probability that an outbound packet is dropped. */
  readonly loss: number;
  /** Seed of the fault draws; `undefined` = unseeded. */
  readonly seed: number | undefined;
  /** Path MTU in bytes: the packet budget becomes the MTU minus the IP and UDP headers. */
  readonly mtu: number | undefined;
}

const KEYS = ['delay', 'jitter', 'loss', 'seed', 'mtu'] as const;

/**
 * Parse `delay=MS,jitter=MS,loss=P,seed=N,mtu=BYTES` (every key optional, at least one given).
 *
 * @param text - the flag's value.
 * @param where - where it came from, for the error message.
 * @throws NodeError `ERR_USAGE` for an unknown key, a repeated key or an out-of-range value.
 */
export function parseImpairSpec(text: string, where: string): ImpairSpec {
  const fail = (why: string): NodeError =>
    new NodeError(
      'ERR_USAGE',
      `--impair: ${why}; expected delay=MS,jitter=MS,loss=0..1,seed=N,mtu=576..65535 (${where})`,
    );
  const values = new Map<string, number>();
  for (const part of text.split(',').map((p) => p.trim())) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const key = eq < 0 ? part : part.slice(0, eq).trim();
    if (!(KEYS as readonly string[]).includes(key)) throw fail(`unknown key '${key}'`);
    if (values.has(key)) throw fail(`'${key}' given twice`);
    const raw = eq < 0 ? '' : part.slice(eq + 1).trim();
    const n = raw === '' ? Number.NaN : Number(raw);
    if (!Number.isFinite(n)) throw fail(`'${key}' needs a number, got '${raw}'`);
    values.set(key, n);
  }
  if (values.size === 0) throw fail('no fault given');
  const delayMs = values.get('delay') ?? 0;
  const jitterMs = values.get('jitter') ?? 0;
  const loss = values.get('loss') ?? 0;
  const seed = values.get('seed');
  const mtu = values.get('mtu');
  if (delayMs < 0 || delayMs > 60_000) throw fail(`delay ${delayMs} is outside 0..60000 ms`);
  if (jitterMs < 0 || jitterMs > 60_000) throw fail(`jitter ${jitterMs} is outside 0..60000 ms`);
  if (loss < 0 || loss > 1) throw fail(`loss ${loss} is outside 0..1`);
  if (seed !== undefined && !(Number.isSafeInteger(seed) && seed >= 0))
    throw fail(`seed ${seed} is not a non-negative integer`);
  if (mtu !== undefined && !(Number.isInteger(mtu) && mtu >= 576 && mtu <= 65_535))
    throw fail(`mtu ${mtu} is outside 576..65535`);
  return Object.freeze({ delayMs, jitterMs, loss, seed, mtu });
}

/**
 * The UDP payload that fits in one IP packet of `mtu` bytes: minus 20 (IPv4) or 40 (IPv6) bytes of
 * IP header and 8 of UDP header.
 *
 * @param mtu - path MTU in bytes.
 * @param ipv6 - whether the gossip address is IPv6.
 */
export function udpPayloadForMtu(mtu: number, ipv6: boolean): number {
  return mtu - (ipv6 ? 40 : 20) - 8;
}
