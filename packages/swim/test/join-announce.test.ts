import { describe, expect, it } from 'vitest';
import { MemoryNetwork, VirtualClock } from '@ring/transport';
import { MemoryMetrics, SwimError, createSwimNode } from '../src/index.js';
import type { SwimNode, SwimOptions } from '../src/index.js';
import { swimInternals } from '../src/internal.js';
import { staggeredJoin } from './sim/staggered-join.js';
import { memoryNode } from './helpers/memory-node.js';

/** 100 members joining member 0 one at a time, 250 ms apart; who misses whom 2 s after the last join. */
async function missesAfterStaggeredJoin(
  seed: number,
  options: SwimOptions = {},
): Promise<string[]> {
  const run = await staggeredJoin(100, seed, options);
  await run.sim.run(2_000);
  const misses = run.misses();
  await run.sim.shutdown();
  return misses;
}

describe('join announcement (joinAnnouncePerInterval)', () => {
  it('seeds 1 and 3: gossip alone leaves a member unaware of a join 2 s after the last one; the announcement closes it', async () => {
    // The hole: with these seeds one member heard nothing of one join by gossip (it would learn
    // of it only at its first periodic push/pull, 90 s later at 100 members).
    expect(await missesAfterStaggeredJoin(1, { joinAnnouncePerInterval: 0 })).toEqual([
      'node-3!node-85',
    ]);
    expect(await missesAfterStaggeredJoin(3, { joinAnnouncePerInterval: 0 })).toEqual([
      'node-6!node-94',
    ]);
    expect(await missesAfterStaggeredJoin(1)).toEqual([]);
    expect(await missesAfterStaggeredJoin(3)).toEqual([]);
  }, 60_000);

  it('seeds 2, 4 to 8: every member lists all 100 within 2 s of the last join', async () => {
    for (const seed of [2, 4, 5, 6, 7, 8]) expect(await missesAfterStaggeredJoin(seed)).toEqual([]);
  }, 60_000);

  /** `n` running members joined to the first, and one more node (not started) with `options`. */
  async function clusterAndJoiner(
    n: number,
    options: SwimOptions,
  ): Promise<{ clock: VirtualClock; nodes: SwimNode[]; joiner: SwimNode; metrics: MemoryMetrics }> {
    const seed = 5;
    const clock = new VirtualClock(0);
    const net = new MemoryNetwork({ clock, seed, defaultLink: { latencyMs: 1 } });
    const metrics = new MemoryMetrics();
    const nodes: SwimNode[] = [];
    for (let i = 0; i < n; i++) nodes.push(memoryNode({ net, clock, seed }, i));
    for (const node of nodes) await node.start();
    for (const node of nodes.slice(1)) {
      const p = node.join([nodes[0]!.address]);
      await clock.runUntilAsync(() => node.numMembers() > 1, { maxMs: 1_000 });
      await p;
    }
    await clock.runUntilAsync(() => nodes.every((x) => x.numMembers() === n), { maxMs: 30_000 });
    const joiner = memoryNode({ net, clock, seed, options, metrics }, n);
    await joiner.start();
    return { clock, nodes, joiner, metrics };
  }

  const announced = (m: MemoryMetrics): number => m.counter('ring_swim_join_announcements_total');

  it('seed 5: the joiner tells each member but the seed once, 4 per gossip interval from just after join() resolves, then stops', async () => {
    const { clock, nodes, joiner, metrics } = await clusterAndJoiner(10, {
      joinAnnouncePerInterval: 4,
    });
    // join() resolves before the first batch is built: its caller reports "joined" first.
    let announcedWhenJoined = -1;
    const p = joiner.join([nodes[0]!.address]).then(() => {
      announcedWhenJoined = announced(metrics);
    });
    await clock.runUntilAsync(() => announced(metrics) > 0, { maxMs: 1_000 });
    await p;
    expect(announcedWhenJoined).toBe(0);
    // 10 members known, the seed excepted: 9 to tell, in batches of 4, 4 and 1.
    expect(announced(metrics)).toBe(4);
    await clock.advanceAsync(200);
    expect(announced(metrics)).toBe(8);
    await clock.advanceAsync(200);
    expect(announced(metrics)).toBe(9);
    await clock.advanceAsync(5_000);
    expect(announced(metrics)).toBe(9);
    for (const x of [...nodes, joiner]) await x.shutdown();
  });

  it('seed 5: 0 turns it off, and a muted or discarded announcement sends nothing more', async () => {
    const off = await clusterAndJoiner(6, { joinAnnouncePerInterval: 0 });
    await Promise.all([off.joiner.join([off.nodes[0]!.address]), off.clock.advanceAsync(1_000)]);
    expect(announced(off.metrics)).toBe(0);
    for (const x of [...off.nodes, off.joiner]) await x.shutdown();

    const muted = await clusterAndJoiner(6, { joinAnnouncePerInterval: 1 });
    swimInternals(muted.joiner).muteGossip(true);
    await Promise.all([
      muted.joiner.join([muted.nodes[0]!.address]),
      muted.clock.advanceAsync(1_000),
    ]);
    expect(announced(muted.metrics)).toBe(0);
    for (const x of [...muted.nodes, muted.joiner]) await x.shutdown();

    const discarded = await clusterAndJoiner(6, { joinAnnouncePerInterval: 1 });
    const p = discarded.joiner.join([discarded.nodes[0]!.address]);
    await discarded.clock.runUntilAsync(() => announced(discarded.metrics) === 1, { maxMs: 1_000 });
    await p;
    swimInternals(discarded.joiner).discardPendingGossip();
    await discarded.clock.advanceAsync(2_000);
    expect(announced(discarded.metrics)).toBe(1);
    for (const x of [...discarded.nodes, discarded.joiner]) await x.shutdown();
  });

  it('seed 5: a shutdown in the middle of the announcement ends it', async () => {
    const { clock, nodes, joiner, metrics } = await clusterAndJoiner(8, {
      joinAnnouncePerInterval: 1,
    });
    const p = joiner.join([nodes[0]!.address]);
    await clock.runUntilAsync(() => announced(metrics) === 1, { maxMs: 1_000 });
    await p;
    await joiner.shutdown();
    await clock.advanceAsync(5_000);
    expect(announced(metrics)).toBe(1);
    for (const x of nodes) await x.shutdown();
  });

  it('rejects a negative or fractional joinAnnouncePerInterval with ERR_INVALID_OPTION', () => {
    const clock = new VirtualClock(0);
    const net = new MemoryNetwork({ clock, seed: 1 });
    for (const bad of [-1, 1.5, Number.NaN]) {
      expect(() =>
        createSwimNode({
          name: 'x',
          transport: net.createTransport(),
          clock,
          options: { joinAnnouncePerInterval: bad },
        }),
      ).toThrow(expect.objectContaining({ code: 'ERR_INVALID_OPTION' }) as SwimError);
    }
  });
});
