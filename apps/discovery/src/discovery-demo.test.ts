import { describe, expect, it } from 'vitest';
import { runDiscoveryDemo } from './discovery-demo.js';

const u = (n: number) => `http://client${n}.local:8080`;

describe('discovery demo (seed 004), loopback', () => {
  it('peers() and a non-member subscriber follow every change; no list is ever empty; the subscriber survives its node leaving', async () => {
    const lines: string[] = [];
    const r = await runDiscoveryDemo({ write: (l) => lines.push(l) });
    for (const list of [...r.client1, ...r.subscriber, ...r.pool])
      expect(list.length).toBeGreaterThan(0);
    // client1 saw the cluster grow to three, lose client2, gain client4 (then it left itself).
    const c1 = r.client1.map((l) => l.join(' '));
    const i3 = c1.indexOf([u(1), u(2), u(3)].join(' '));
    const i2 = c1.indexOf([u(1), u(3)].join(' '));
    const i4 = c1.indexOf([u(1), u(3), u(4)].join(' '));
    expect(i3).toBeGreaterThanOrEqual(0);
    expect(i2).toBeGreaterThan(i3);
    expect(i4).toBeGreaterThan(i2);
    // The subscriber's first list is the full snapshot and its last is after client1 left.
    expect(r.subscriber[0]).toEqual([u(1), u(2), u(3)]);
    expect(r.subscriber.at(-1)).toEqual([u(3), u(4)]);
    expect(
      r.subscriberStatus.filter((s) => s.startsWith('following')).length,
    ).toBeGreaterThanOrEqual(2);
    expect(r.pool.at(-1)).toEqual([u(3), u(4)]);
    const text = lines.join('\n');
    expect(text).toContain(`subscriber changes => [${u(3)}, ${u(4)}]`);
    expect(text).toMatch(
      /client3 +pool\.Set\(http:\/\/client3\.local:8080, http:\/\/client4\.local:8080\)/,
    );
    expect(lines.at(-1)).toMatch(
      /^done: \d+ peer lists delivered, none empty; the subscriber used [2-9] members' event streams$/,
    );
  }, 60_000);
});
