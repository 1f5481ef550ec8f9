import { describe, expect, it } from 'vitest';
import { swimInternals } from '../src/internal.js';
import { SimCluster } from './sim/cluster.js';

describe('swimInternals.muteGossip (simulator bootstrap)', () => {
  it('seed 11: a muted joiner merges every member but queues no re-broadcast; unmuted, the same join queues them', async () => {
    const sim = new SimCluster({ n: 5, seed: 11 });
    for (const n of sim.nodes.slice(0, 4)) await n.start();
    // Nodes 0..3 form a cluster first.
    for (let i = 1; i < 4; i++) {
      const p = sim.nodes[i]!.join([sim.nodes[0]!.address]);
      let settled = false;
      void p.finally(() => (settled = true));
      await sim.clock.runUntilAsync(() => settled, { maxMs: 30_000 });
      await p;
    }
    await sim.runFastUntil(() => sim.nodes.slice(0, 4).every((n) => n.numMembers() === 4), 30_000);
    const muted = sim.nodes[4]!;
    await muted.start();
    const internals = swimInternals(muted);
    internals.discardPendingGossip();
    internals.muteGossip(true);
    const p = muted.join([sim.nodes[0]!.address]);
    let settled = false;
    void p.finally(() => (settled = true));
    await sim.clock.runUntilAsync(() => settled, { maxMs: 30_000 });
    expect(await p).toBe(1);
    expect(muted.numMembers()).toBe(5);
    expect(internals.gossipQueueDepth).toBe(0);
    // Unmuted, a fresh push/pull with the same peer queues the members it (re)learns about.
    internals.muteGossip(false);
    await muted.updateMeta(Uint8Array.of(9));
    expect(internals.gossipQueueDepth).toBeGreaterThan(0);
    await sim.shutdown();
  });
});
