/**
 * Repeated refutation (docs/PROTOCOL.md §20): a claim about this node below its own incarnation
 * makes it gossip its current alive again, at most once while that alive is still queued, and
 * never after it left. The lossy-link effect is in `sim/sim-refutation-repeat.test.ts`.
 */
import { describe, expect, it } from 'vitest';
import { dead, hostileCluster, suspect } from './hostile/harness.js';

describe('repeated refutation (MemoryNetwork + VirtualClock)', () => {
  it('a stale suspect or dead about us re-gossips our alive, once per drained queue, not after leaving (seed 2001)', async () => {
    const c = await hostileCluster(3, 2001);
    const node = c.nodes[0]!;
    const m = c.metrics[0]!;
    const repeats = (): number => m.counter('ring_swim_refutation_repeats_total');
    const accused = node.localMember.incarnation;

    // A current claim is refuted the memberlist way: a higher incarnation, no repeat.
    await c.sendRaw(0, suspect(node.name, accused));
    await c.run(5_000);
    const refuted = node.localMember.incarnation;
    expect(refuted).toBeGreaterThan(accused);
    expect(m.counter('ring_swim_refutations_total')).toBe(1);
    expect(repeats()).toBe(0);

    // A claim at the refuted incarnation: its sender missed the refutation. Gossip it again,
    // without raising the incarnation; a second stale claim while it is queued adds nothing.
    await c.sendRaw(0, suspect(node.name, accused));
    await c.sendRaw(0, dead(node.name, accused));
    await c.run(10);
    expect(repeats()).toBe(1);
    expect(node.localMember.incarnation).toBe(refuted);
    // Once the queue drained, the next stale claim repeats it again.
    await c.run(5_000);
    await c.sendRaw(0, dead(node.name, accused));
    await c.run(10);
    expect(repeats()).toBe(2);
    expect(m.counter('ring_swim_refutations_total')).toBe(1);
    await c.run(2_000);
    // Everyone holds the refutation; nobody was evicted.
    for (const other of c.nodes.slice(1)) {
      expect(other.members().find((x) => x.name === node.name)).toMatchObject({
        state: 'alive',
        incarnation: refuted,
      });
    }

    // A node that left stays gone: a stale claim does not bring its alive back.
    const leaving = node.leave();
    await c.run(3_000);
    await leaving;
    await c.sendRaw(0, suspect(node.name, accused));
    await c.run(1_000);
    expect(repeats()).toBe(2);
    for (const other of c.nodes.slice(1)) {
      expect(other.members().some((x) => x.name === node.name)).toBe(false);
    }
    await c.shutdown();
  });
});
