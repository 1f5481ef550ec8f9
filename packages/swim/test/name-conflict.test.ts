import { describe, expect, it } from 'vitest';
import { createSeededRandom, isRingError } from '@ring/transport';
import { createSwimNode } from '../src/index.js';
import { SimCluster } from './sim/cluster.js';

describe('two nodes with the same name (MemoryNetwork + VirtualClock)', () => {
  it('the second join fails with ERR_NAME_CONFLICT naming who holds the name (seed 71)', async () => {
    const sim = new SimCluster({ n: 3, seed: 71 });
    await sim.startAndJoin();
    expect(await sim.runUntil(() => sim.converged(), 30_000)).toBe(true);
    const holder = sim.nodes[1]!;
    const twin = createSwimNode({
      name: 'node-1',
      transport: sim.net.createTransport(),
      clock: sim.clock,
      random: createSeededRandom(7171),
    });
    await twin.start();
    let failure: unknown;
    const joining = twin.join([sim.nodes[0]!.address]).catch((error: unknown) => {
      failure = error;
    });
    await sim.runUntil(() => failure !== undefined, 10_000);
    await joining;
    expect(isRingError(failure) && failure.code).toBe('ERR_NAME_CONFLICT');
    expect((failure as Error).message).toContain(holder.address);
    // The cluster still sees the original holder, at its own address.
    await sim.runUntil(() => false, 5_000);
    for (const n of sim.live()) {
      expect(n.member('node-1')?.address).toBe(holder.address);
      expect(n.member('node-1')?.state).toBe('alive');
    }
    await twin.shutdown();
    await sim.shutdown();
  }, 60_000);
});
