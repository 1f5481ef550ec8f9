import HashRingNpm from 'hashring';
import { describe, expect, it } from 'vitest';
import { KetamaRing, ketamaHashCount } from './ketama-ring.js';
import { makeKeys as keys } from '../testing/keys.js';

describe('KetamaRing (ketama flavour) matches npm hashring 3.2.0', () => {
  const cases: { title: string; servers: Record<string, number> }[] = [
    {
      title: 'three memcached servers',
      servers: { '127.0.0.1:11211': 1, '127.0.0.1:11212': 1, '127.0.0.1:11213': 1 },
    },
    {
      title: 'weighted servers',
      servers: {
        'a.example:11211': 1,
        'b.example:11211': 3,
        'c.example:11211': 2,
        'd.example:11211': 7,
      },
    },
    {
      title: 'twenty servers',
      servers: Object.fromEntries(
        Array.from({ length: 20 }, (_, i) => [`10.0.${i}.1:7947`, 1 + (i % 4)]),
      ),
    },
    { title: 'one server', servers: { solo: 1 } },
  ];
  for (const { title, servers } of cases) {
    it(`${title}: every point and 5000 keys (seed 11)`, () => {
      const npm = new HashRingNpm(servers);
      const ours = KetamaRing.from(servers);
      expect(ours.tokenCount).toBe(npm.ring.length);
      for (const key of keys(11, 5000)) expect(ours.getNode(key)).toBe(npm.get(key));
      for (const key of keys(12, 300)) {
        const n = Math.min(3, ours.size);
        expect(ours.getNodes(key, n)).toEqual(npm.range(key, n));
      }
    });
  }
  it('adds and removes like npm hashring (seed 13)', () => {
    const npm = new HashRingNpm(['a:1', 'b:1', 'c:1']);
    let ours = KetamaRing.from(['a:1', 'b:1', 'c:1']);
    npm.add('d:1');
    ours = ours.add('d:1');
    npm.remove('b:1');
    ours = ours.remove('b:1');
    for (const key of keys(13, 3000)) expect(ours.getNode(key)).toBe(npm.get(key));
  });
  it('pins a few published-style vectors', () => {
    const ring = KetamaRing.from(['127.0.0.1:11211', '127.0.0.1:11212', '127.0.0.1:11213']);
    const npm = new HashRingNpm(['127.0.0.1:11211', '127.0.0.1:11212', '127.0.0.1:11213']);
    for (const key of ['foo', 'bar', 'hello', 'world', 'user:1', ''])
      expect(ring.getNode(key)).toBe(npm.get(key));
    // md5('foo') = acbd18db…: ketama reads the first four bytes little-endian.
    expect(ring.positionOf('foo')).toBe(0xdb18bdac);
  });
  it('a node whose share rounds to zero hashes still appears in getNodes, last', () => {
    // ⌊1/1001 · 40 · 2⌋ = 0: 'tiny' holds no point, yet getNodes(key, 2) must give 2 nodes.
    const servers = { tiny: 1, huge: 1000 };
    const ring = KetamaRing.from(servers);
    const npm = new HashRingNpm(servers);
    expect(ring.tokenCount).toBe(npm.ring.length);
    for (const key of keys(14, 200)) {
      expect(ring.getNode(key)).toBe('huge');
      expect(ring.getNodes(key, 2)).toEqual(['huge', 'tiny']);
    }
  });
  it('hash counts follow the float64 expression of npm hashring', () => {
    expect(ketamaHashCount('ketama', 1, 3, 3, 40)).toBe(Math.floor((1 / 3) * 40 * 3));
    expect(ketamaHashCount('hashRingPy', 2, 7, 4, 40)).toBe(Math.floor((40 * 4 * 2) / 7));
  });
});
