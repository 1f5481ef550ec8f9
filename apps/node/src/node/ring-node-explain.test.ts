import { describe, expect, it } from 'vitest';
import { configOf, quietLogger } from '../testing/config.js';
import { MemoryNetwork, VirtualClock, createSeededRandom } from '@ring/transport';
import { RingNode } from './ring-node.js';

describe('RingNode explain (memory network, virtual clock)', () => {
  it('seed 17: explainKey agrees with lookup and names tag-filtered and dead members; explainMember shows suspect then dead with evidence', async () => {
    const clock = new VirtualClock(1_700_000_000_000);
    const network = new MemoryNetwork({ clock, seed: 17, defaultLink: { latencyMs: 1 } });
    const nodes: RingNode[] = [];
    const roles: Record<string, string> = { n1: 'db', n2: 'db', n3: 'db', n4: 'web' };
    for (const name of ['n1', 'n2', 'n3', 'n4']) {
      const join = nodes.length === 0 ? [] : ['--join', nodes[0]!.address];
      const config = configOf([
        ...['--name', name, '--http', 'off', '--preset', 'local'],
        ...['--partitions', '8', '--redundancy', '2', '--tags', `role=${roles[name]!}`],
        ...['--watch-tag', 'role=^db$', ...join],
      ]);
      nodes.push(
        await clock.runUntilSettled(
          RingNode.start({
            config,
            transport: network.createTransport(),
            clock,
            random: createSeededRandom(17 * 31 + nodes.length),
            logger: quietLogger,
          }),
          { maxMs: 50_000 },
        ),
      );
    }
    await clock.runUntilAsync(() => nodes.every((n) => n.members().length === 4), {
      maxMs: 30_000,
    });
    const n1 = nodes[0]!;
    for (let k = 0; k < 50; k++) {
      const key = `user:${k}`;
      const x = n1.explainKey(key);
      const l = n1.lookup(key);
      expect(x.owner?.name).toBe(l.owner?.name);
      expect(x.ring.owners[0]!.name).toBe(l.owner?.name);
      expect(x.ring.owners.map((o) => o.name).sort()).toEqual(['n1', 'n2', 'n3']);
      expect(x.partition.partition).toBe(l.partition);
      expect(x.partition.owners.map((o) => o.name)).toEqual(l.partitionOwners);
      expect(x.ring.hashHex).toBe(x.ring.hash.toString(16).padStart(8, '0'));
      expect(x.ring.point!.token).toBeGreaterThanOrEqual(x.ring.point!.wrapped ? 0 : x.ring.hash);
    }
    expect(n1.explainKey('k').excluded).toEqual([
      expect.objectContaining({ name: 'n4', reasons: ['watch-tag-mismatch'] }),
    ]);
    const ring = n1.ring();
    expect(ring.nodes.map((n) => n.name)).toEqual(['n1', 'n2', 'n3']);

    // n1 has probed n2 successfully at least once; then n2 crashes: its gossip stops without a leave.
    await clock.runUntilAsync(() => n1.explainMember('n2')?.lastAck != null, { maxMs: 30_000 });
    const rtt = n1.explainMember('n2')!.lastAck!.rttMs;
    expect(rtt).toBeGreaterThanOrEqual(2); // 1 ms each way on this network
    const n2 = nodes[1]!;
    await n2.swim.shutdown();
    await clock.runUntilAsync(() => n1.swim.member('n2')?.state === 'dead', { maxMs: 60_000 });
    const x = n1.explainMember('n2')!;
    expect(x.member!.state).toBe('dead');
    expect(x.tags).toEqual(expect.objectContaining({ role: 'db' }));
    const kinds = x.history.map((e) => e.kind);
    expect(kinds).toContain('suspect');
    expect(kinds.indexOf('suspect')).toBeLessThan(kinds.lastIndexOf('dead'));
    expect(x.lastAck!.rttMs).toBe(rtt);
    expect(n1.explainMember('nobody')).toBeUndefined();
    const after = n1.explainKey('k');
    expect(after.excluded.map((e) => [e.name, e.reasons])).toEqual([
      ['n2', ['not-alive']],
      ['n4', ['watch-tag-mismatch']],
    ]);
    expect(after.ring.owners.map((o) => o.name).sort()).toEqual(['n1', 'n3']);
    for (const n of [nodes[0]!, nodes[2]!, nodes[3]!])
      await clock.runUntilSettled(n.shutdown(), { maxMs: 50_000 });
    await n2.shutdown().catch(() => undefined);
  }, 60_000);
});
