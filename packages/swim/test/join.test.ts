import { describe, expect, it } from 'vitest';
import { SimCluster } from './sim/cluster.js';

describe('join and converge on MemoryNetwork + VirtualClock', () => {
  it('3 nodes join and see each other, with join events (seed 1)', async () => {
    const sim = new SimCluster({ n: 3, seed: 1 });
    const joins: string[] = [];
    sim.nodes[0]!.on('join', (m) => joins.push(m.name));
    await sim.startAndJoin();
    expect(await sim.runUntil(() => sim.converged(), 10_000)).toBe(true);
    expect(joins.sort()).toEqual(['node-0', 'node-1', 'node-2']);
    await sim.shutdown();
  });
});
