/**
 * Members joining one after another at a process's pace, as `ring-node --join` spawned one at a
 * time does (and bench:cluster's join phase): each member starts, joins the first member, and the
 * next starts `gapMs` later. Then: which member still misses which other member, some time after
 * the last join. Deterministic by seed.
 */
import type { SwimOptions } from '../../src/index.js';
import { SimCluster } from './cluster.js';

/** A staggered join and what each member saw of it. */
export interface StaggeredJoin {
  readonly sim: SimCluster;
  /** `observer!member` for every member a live member does not list, now. */
  misses(): string[];
}

/**
 * Start `n` members one at a time, `gapMs` apart, each joining member 0.
 *
 * @param n - members.
 * @param seed - the run's seed.
 * @param options - swim options for every member.
 * @param gapMs - simulated time between one join completing and the next member starting.
 */
export async function staggeredJoin(
  n: number,
  seed: number,
  options: SwimOptions = {},
  gapMs = 250,
): Promise<StaggeredJoin> {
  const sim = new SimCluster({ n, seed, options });
  await sim.nodes[0]!.start();
  for (let i = 1; i < n; i++) {
    const node = sim.nodes[i]!;
    await node.start();
    let settled = false;
    const p = node.join([sim.nodes[0]!.address]).finally(() => {
      settled = true;
    });
    await sim.runUntil(() => settled, 30_000);
    await p;
    await sim.run(gapMs);
  }
  return {
    sim,
    misses() {
      const out: string[] = [];
      for (const observer of sim.nodes) {
        const seen = new Set(observer.members().map((m) => m.name));
        for (const m of sim.nodes) if (!seen.has(m.name)) out.push(`${observer.name}!${m.name}`);
      }
      return out;
    },
  };
}
