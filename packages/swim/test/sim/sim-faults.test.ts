import { describe, expect, it } from 'vitest';
import { SimCluster } from './cluster.js';

describe('simulated faults (MemoryNetwork + VirtualClock)', () => {
  it('a two-way partition heals and the cluster reconverges (seed 21)', async () => {
    const sim = new SimCluster({ n: 10, seed: 21 });
    await sim.startAndJoin();
    expect(await sim.runUntil(() => sim.converged(), 30_000)).toBe(true);
    const a = sim.nodes.slice(0, 5).map((n) => n.address);
    const b = sim.nodes.slice(5).map((n) => n.address);
    sim.net.partition(a, b);
    // Each side declares the other dead (memberlist would stay split forever from here).
    const split = (): boolean => sim.nodes.every((n) => n.numMembers() === 5);
    expect(await sim.runUntil(split, 120_000)).toBe(true);
    // Stay split long enough for the dead to be forgotten as well.
    await sim.run(60_000);
    expect(split()).toBe(true);
    sim.net.heal();
    expect(await sim.runUntil(() => sim.converged(), 120_000)).toBe(true);
    for (const n of sim.nodes) expect(n.members().every((m) => m.state === 'alive')).toBe(true);
    await sim.shutdown();
  }, 60_000);

  it('without the reconnect remedy (reconnectIntervalMs 0) the halves stay split, as in memberlist (seed 21)', async () => {
    const sim = new SimCluster({ n: 10, seed: 21, options: { reconnectIntervalMs: 0 } });
    await sim.startAndJoin();
    expect(await sim.runUntil(() => sim.converged(), 30_000)).toBe(true);
    sim.net.partition(
      sim.nodes.slice(0, 5).map((n) => n.address),
      sim.nodes.slice(5).map((n) => n.address),
    );
    expect(await sim.runUntil(() => sim.nodes.every((n) => n.numMembers() === 5), 120_000)).toBe(
      true,
    );
    await sim.run(60_000);
    sim.net.heal();
    await sim.run(120_000);
    expect(sim.converged()).toBe(false);
    expect(sim.nodes.every((n) => n.numMembers() === 5)).toBe(true);
    await sim.shutdown();
  }, 60_000);

  it('a short partition (members dead but not yet forgotten) also heals (seed 22)', async () => {
    const sim = new SimCluster({ n: 8, seed: 22 });
    await sim.startAndJoin();
    expect(await sim.runUntil(() => sim.converged(), 30_000)).toBe(true);
    sim.net.partition(
      sim.nodes.slice(0, 4).map((n) => n.address),
      sim.nodes.slice(4).map((n) => n.address),
    );
    expect(await sim.runUntil(() => sim.nodes.every((n) => n.numMembers() === 4), 120_000)).toBe(
      true,
    );
    sim.net.heal();
    expect(await sim.runUntil(() => sim.converged(), 120_000)).toBe(true);
    await sim.shutdown();
  }, 60_000);
});
