import { describe, expect, it } from 'vitest';
import { createSeededRandom } from '@ring/transport';
import { createSwimNode } from '../../src/index.js';
import type { SwimNode, SwimOptions } from '../../src/index.js';
import { SimCluster } from './cluster.js';

/**
 * Kill node-3, wait until every other member holds it dead, then start a new node-3 on a new
 * address and let it join node-0 (the join itself runs inside the reclaim window).
 */
async function restartNode3(sim: SimCluster, options: Partial<SwimOptions>, seed: number) {
  const oldAddress = sim.nodes[3]!.address;
  await sim.kill(3);
  const others = sim.live();
  expect(
    await sim.runUntil(() => others.every((n) => n.member('node-3')?.state === 'dead'), 60_000),
  ).toBe(true);
  const diedAt = sim.clock.now();
  const reborn = createSwimNode({
    name: 'node-3',
    transport: sim.net.createTransport(),
    clock: sim.clock,
    random: createSeededRandom(seed),
    options,
  });
  await reborn.start();
  let joined = false;
  void reborn.join([sim.nodes[0]!.address]).then(() => (joined = true));
  await sim.runUntil(() => joined, 5_000);
  return { oldAddress, others, diedAt, reborn };
}

/** Every one of `others` holds node-3 alive at `reborn`'s address. */
const movedTo = (others: readonly SwimNode[], reborn: SwimNode) => (): boolean =>
  others.every(
    (n) => n.member('node-3')?.state === 'alive' && n.member('node-3')?.address === reborn.address,
  );

describe('a restarted node on a new address (MemoryNetwork + VirtualClock)', () => {
  it('reclaims its name after deadNodeReclaimTimeMs and rejoins everywhere (seed 61)', async () => {
    const options = { deadNodeReclaimTimeMs: 10_000 };
    const sim = new SimCluster({ n: 8, seed: 61, options });
    await sim.startAndJoin();
    expect(await sim.runUntil(() => sim.converged(), 30_000)).toBe(true);
    const { oldAddress, others, diedAt, reborn } = await restartNode3(sim, options, 6161);
    expect(reborn.address).not.toBe(oldAddress);
    // Too early: the name is still held by the dead member at the old address.
    expect(sim.clock.now() - diedAt).toBeLessThan(10_000);
    expect(sim.nodes[0]!.member('node-3')?.address).toBe(oldAddress);
    // After the reclaim time, the new address is everywhere.
    expect(await sim.runUntil(movedTo(others, reborn), 120_000)).toBe(true);
    expect(reborn.numMembers()).toBe(8);
    await reborn.shutdown();
    await sim.shutdown();
  }, 60_000);

  it('a claim refused inside the reclaim window is applied when it closes: no push/pull needed (5 seeds)', async () => {
    // docs/PROTOCOL.md §21. Push/pull (and the reconnect) far apart, so only the held claims can
    // move the name within the bound; memberlist's rule alone leaves the old address in place.
    const options = {
      deadNodeReclaimTimeMs: 10_000,
      pushPullIntervalMs: 600_000,
      reconnectIntervalMs: 600_000,
    };
    for (const seed of [1, 2, 3, 4, 5]) {
      const sim = new SimCluster({ n: 5, seed, options });
      await sim.startAndJoin();
      expect(await sim.runUntil(() => sim.converged(), 30_000)).toBe(true);
      const { others, diedAt, reborn } = await restartNode3(sim, options, seed * 7);
      expect(sim.nodes[0]!.member('node-3')?.state).toBe('dead');
      // Every window closes within 10 s of the last member's verdict; 2 s for the gossip.
      expect(await sim.runUntil(movedTo(others, reborn), diedAt + 12_000 - sim.clock.now())).toBe(
        true,
      );
      await reborn.shutdown();
      await sim.shutdown();
    }
  }, 60_000);
});
