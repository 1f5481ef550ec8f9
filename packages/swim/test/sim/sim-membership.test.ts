import { describe, expect, it } from 'vitest';
import { suspicionTimeoutMs } from '../../src/core/timing.js';
import { SimCluster } from './cluster.js';

describe('simulated membership (MemoryNetwork + VirtualClock)', () => {
  it('100 nodes join and converge (seed 11)', async () => {
    const sim = new SimCluster({ n: 100, seed: 11 });
    await sim.startAndJoin();
    expect(await sim.runUntil(() => sim.converged(), 60_000)).toBe(true);
    for (const n of sim.nodes) expect(n.members().every((m) => m.state === 'alive')).toBe(true);
    await sim.shutdown();
  }, 60_000);

  it('a killed node is declared dead by every other node within the suspicion bound (seed 12)', async () => {
    const sim = new SimCluster({ n: 20, seed: 12 });
    await sim.startAndJoin();
    expect(await sim.runUntil(() => sim.converged(), 30_000)).toBe(true);
    const victim = sim.nodes[7]!;
    const declaredAt = new Map<string, number>();
    for (const n of sim.nodes) {
      if (n === victim) continue;
      n.on('leave', (m) => {
        if (m.name === victim.name && m.state === 'dead') declaredAt.set(n.name, sim.clock.now());
      });
    }
    const t0 = sim.clock.now();
    await sim.kill(7);
    // Bound: detection within one probe round (n probe intervals, worst case, scaled by health ≤ 8×
    // would be extreme; with healthy peers it is ~n × 1 s), then at most the maximum suspicion
    // timeout (6 × min), plus gossip time.
    const o = victim.options;
    const min = suspicionTimeoutMs(o.suspicionMult, 20, o.probeIntervalMs);
    const bound = 20 * o.probeIntervalMs + o.suspicionMaxTimeoutMult * min + 5_000;
    expect(await sim.runUntil(() => declaredAt.size === 19, bound)).toBe(true);
    for (const at of declaredAt.values()) expect(at - t0).toBeLessThanOrEqual(bound);
    for (const n of sim.live()) expect(n.member(victim.name)?.state).toBe('dead');
    await sim.shutdown();
  }, 60_000);

  it('a graceful leave propagates as left to everyone (seed 13)', async () => {
    const sim = new SimCluster({ n: 20, seed: 13 });
    await sim.startAndJoin();
    expect(await sim.runUntil(() => sim.converged(), 30_000)).toBe(true);
    const leaver = sim.nodes[3]!;
    const leaving = leaver.leave(5_000);
    let done = false;
    void leaving.then(() => {
      done = true;
    });
    expect(await sim.runUntil(() => done, 6_000)).toBe(true);
    await leaving;
    sim.dead.add(3);
    await leaver.shutdown();
    expect(
      await sim.runUntil(
        () => sim.live().every((n) => n.member(leaver.name)?.state === 'left'),
        10_000,
      ),
    ).toBe(true);
    expect(sim.converged()).toBe(true);
    await sim.shutdown();
  }, 60_000);

  it('a graceful leave is passed on eagerly: all 19 others see left within 100 ms of virtual time (seed 21)', async () => {
    // 1–2 ms links, 200 ms gossip interval: with gossip only at ticks a leave needs several
    // intervals to reach 19 members; passing it on as it arrives takes a few round trips.
    const sim = new SimCluster({ n: 20, seed: 21 });
    await sim.startAndJoin();
    expect(await sim.runUntil(() => sim.converged(), 30_000)).toBe(true);
    // Let the join gossip drain so the leave is the only broadcast in flight.
    sim.clock.advance(10_000);
    const leaver = sim.nodes[5]!;
    const seenAt = new Map<string, number>();
    for (const n of sim.nodes) {
      if (n === leaver) continue;
      n.on('leave', (m) => {
        if (m.name === leaver.name && m.state === 'left') seenAt.set(n.name, sim.clock.now());
      });
    }
    const t0 = sim.clock.now();
    void leaver.leave(5_000);
    expect(await sim.runUntil(() => seenAt.size === 19, 5_000)).toBe(true);
    const slowest = Math.max(...seenAt.values()) - t0;
    expect(slowest).toBeLessThan(100);
    await sim.shutdown();
  }, 60_000);
  it('a failure is passed on eagerly: once one member suspects a crashed member, and once one declares it dead, all 18 others follow within 100 ms (seed 22)', async () => {
    // As for a leave: a new suspicion and a new death go out right after the packet, probe or
    // timeout that produced them, not at the next 200 ms gossip tick.
    const sim = new SimCluster({ n: 20, seed: 22 });
    await sim.startAndJoin();
    expect(await sim.runUntil(() => sim.converged(), 30_000)).toBe(true);
    sim.clock.advance(10_000);
    const victim = sim.nodes[5]!.name;
    const suspectAt = new Map<string, number>();
    const deadAt = new Map<string, number>();
    for (const n of sim.nodes) {
      if (n.name === victim) continue;
      n.on('suspect', (m) => {
        if (m.name === victim && !suspectAt.has(n.name)) suspectAt.set(n.name, sim.clock.now());
      });
      n.on('leave', (m) => {
        if (m.name !== victim) return;
        deadAt.set(n.name, sim.clock.now());
        // A member that heard of the death before any suspicion counts as having suspected it.
        if (!suspectAt.has(n.name)) suspectAt.set(n.name, sim.clock.now());
      });
    }
    await sim.kill(5);
    expect(await sim.runUntil(() => deadAt.size === 19, 60_000)).toBe(true);
    const spread = (m: Map<string, number>): number =>
      Math.max(...m.values()) - Math.min(...m.values());
    expect(suspectAt.size).toBe(19);
    expect(spread(suspectAt)).toBeLessThan(100);
    expect(spread(deadAt)).toBeLessThan(100);
    await sim.shutdown();
  }, 60_000);
});
