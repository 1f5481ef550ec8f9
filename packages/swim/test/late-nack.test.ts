import { describe, expect, it } from 'vitest';
import { SimCluster } from './sim/cluster.js';

describe('Lifeguard health score and late nacks (MemoryNetwork + VirtualClock)', () => {
  it('probers of a crashed member keep a health score of 0: the relays nacked (seed 44)', async () => {
    const sim = new SimCluster({ n: 6, seed: 44 });
    await sim.startAndJoin();
    expect(await sim.runUntil(() => sim.converged(), 30_000)).toBe(true);
    const scores = (): number[] => sim.live().map((n) => n.healthScore);
    expect(scores()).toEqual([0, 0, 0, 0, 0, 0]);
    const victim = sim.nodes[5]!.name;
    let suspected = 0;
    for (const n of sim.live())
      n.on('suspect', (m) => {
        if (m.name === victim) suspected++;
      });
    await sim.kill(5);
    // Long enough for every survivor to probe the crashed member and to conclude the probe.
    await sim.run(8_000);
    expect(suspected).toBeGreaterThan(0);
    // Every failed probe of the crashed member had 3 live relays that nacked (a few ms after the
    // probe deadline): none of them may count against the prober's own health.
    expect(scores()).toEqual([0, 0, 0, 0, 0]);
    await sim.shutdown();
  });
});
