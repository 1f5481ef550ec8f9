import { describe, expect, it } from 'vitest';
import { createSeededRandom } from '@ring/base';
import { resolveSeeds } from './seeds.js';
import type { HostResolver } from './seeds.js';

const hosts: Record<string, string[]> = {
  'seed.local': ['10.1.0.1', '10.1.0.2'],
  'many.local': Array.from({ length: 50 }, (_, i) => `10.2.0.${i + 1}`),
  'v6.local': ['fd00::1'],
};
const resolver: HostResolver = async (h) => {
  const r = hosts[h];
  if (r === undefined) throw new Error(`ENOTFOUND ${h}`);
  return r;
};
const opts = { resolver, random: createSeededRandom(3), maxPerName: 5, defaultPort: 7946 };

describe('resolveSeeds (seed 3)', () => {
  it.each([
    [['127.0.0.1:7000'], ['127.0.0.1:7000']],
    [['[::1]:7946'], ['[::1]:7946']],
    [['::1'], ['[::1]:7946']],
    [['10.0.0.5'], ['10.0.0.5:7946']],
    [['seed.local:8000'], ['10.1.0.1:8000', '10.1.0.2:8000']],
    [['seed.local'], ['10.1.0.1:7946', '10.1.0.2:7946']],
    [['v6.local:1'], ['[fd00::1]:1']],
    [['127.0.0.1:7000', '127.0.0.1:7000'], ['127.0.0.1:7000']],
  ])('%j → %j', async (seeds, expected) => {
    expect((await resolveSeeds(seeds, opts)).addresses).toEqual(expected);
  });

  it('takes a bounded random subset of a name with many addresses', async () => {
    const { addresses } = await resolveSeeds(['many.local:7946'], opts);
    expect(addresses).toHaveLength(5);
    expect(new Set(addresses).size).toBe(5);
    for (const a of addresses) expect(a).toMatch(/^10\.2\.0\.\d+:7946$/);
  });

  it('reports names that do not resolve, keeping the rest', async () => {
    const out = await resolveSeeds(['nope.local:1', '10.0.0.1:2'], opts);
    expect(out.addresses).toEqual(['10.0.0.1:2']);
    expect(out.failures.map((f) => f.seed)).toEqual(['nope.local:1']);
  });

  it.each([[''], ['host:notaport'], ['1.2.3.4:99999']])(
    'rejects %j with ERR_INVALID_ADDRESS',
    async (bad) => {
      await expect(resolveSeeds([bad], opts)).rejects.toMatchObject({
        code: 'ERR_INVALID_ADDRESS',
      });
    },
  );
});
