/**
 * `pnpm --filter @ring/node bench:join [-- --size 100 --runs 6 --no-go]`
 *
 * Join convergence, many times over: the one figure bench:cluster takes once per N. A cluster of
 * `--size` real processes on 127.0.0.1 is grown one member at a time (each spawned when the
 * previous one is ready, each joining the first), then we wait until every member lists every
 * other one. Ring (`ring-node --preset lan`) and Go memberlist 0.2.2 (go-peer, DefaultLANConfig)
 * alternate, `--runs` builds each. Per build it prints the time from the last spawn until every
 * member sees all, and which member still missed which other member 4 s after the last spawn (a
 * member that heard nothing of a join by gossip, waiting for its next push/pull); then the
 * median, the slowest build, and how many builds had such a miss. Builds are cut off 30 s after
 * the last spawn (reported as "> 30 s").
 *
 * Wall-clock figures on a shared machine; nothing here is asserted. Results go in
 * docs/BENCHMARKS.md.
 */
import { cpus, loadavg } from 'node:os';
import { Cluster, goPeerOrExit, now, sleep } from './cluster/processes.js';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] !== undefined ? process.argv[i + 1]! : fallback;
}

const SIZE = Number(arg('size', '100'));
const RUNS = Number(arg('runs', '6'));
const WITH_GO = !process.argv.includes('--no-go');
const MISS_AT_MS = 4_000;
const CUT_OFF_MS = 30_000;
if (!Number.isInteger(SIZE) || SIZE < 2) throw new Error('--size must be an integer ≥ 2');
if (!Number.isInteger(RUNS) || RUNS < 1) throw new Error('--runs must be an integer ≥ 1');

interface Build {
  readonly convergeMs: number | undefined;
  readonly missesAt4s: string[];
}

async function build(impl: 'ring' | 'go', goBin: string | undefined): Promise<Build> {
  const c = new Cluster(impl);
  try {
    let lastSpawn = 0;
    for (let i = 1; i <= SIZE; i++) {
      const name = `${impl === 'go' ? 'g' : 'r'}-${i}`;
      const first = c.procs[0]?.gossipAddr;
      const p = impl === 'go' ? await c.spawnGo(goBin!, name, first) : c.spawnRing(name, first);
      lastSpawn = p.spawnedAt;
      await c.until(
        `${name} ready`,
        () => p.readyAt.size === 1 && p.gossipAddr !== undefined,
        120_000,
      );
    }
    const all = c.members();
    const misses = (): string[] =>
      all.flatMap((m) =>
        all.filter((x) => !c.view(m).members.has(x)).map((x) => `${m} missed ${x}`),
      );
    let missesAt4s: string[] = [];
    let checked = false;
    while (misses().length > 0 && now() - lastSpawn < CUT_OFF_MS) {
      if (!checked && now() - lastSpawn >= MISS_AT_MS) {
        checked = true;
        missesAt4s = misses();
      }
      await sleep(10);
    }
    const convergeMs = misses().length === 0 ? now() - lastSpawn : undefined;
    return { convergeMs, missesAt4s };
  } finally {
    await c.stop();
  }
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 === 1
    ? s[(s.length - 1) / 2]!
    : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
const fmt = (ms: number | undefined): string =>
  ms === undefined ? `> ${CUT_OFF_MS / 1000} s` : `${(ms / 1000).toFixed(2)} s`;

async function main(): Promise<void> {
  const goBin = WITH_GO ? await goPeerOrExit('bench:join') : undefined;
  process.stdout.write(
    `ring-node bench:join — Node ${process.version}, ${cpus().length} CPU(s), load average ${loadavg()[0]!.toFixed(1)}, ${SIZE} members grown one at a time, ${RUNS} builds per implementation, preset lan\n\n`,
  );
  const impls: ('ring' | 'go')[] = goBin === undefined ? ['ring'] : ['ring', 'go'];
  const results = new Map<string, Build[]>(impls.map((i) => [i, []]));
  for (let run = 1; run <= RUNS; run++) {
    for (const impl of impls) {
      const b = await build(impl, goBin);
      results.get(impl)!.push(b);
      const missText = b.missesAt4s.length === 0 ? 'none' : b.missesAt4s.slice(0, 5).join(', ');
      process.stdout.write(
        `${impl} build ${run}: converged ${fmt(b.convergeMs)} after the last spawn; missing at 4 s: ${missText}\n`,
      );
    }
  }
  process.stdout.write('\n| | median | slowest | builds with a member missing a join at 4 s |\n');
  process.stdout.write('| --- | --: | --: | --: |\n');
  for (const impl of impls) {
    const bs = results.get(impl)!;
    const done = bs.flatMap((b) => (b.convergeMs === undefined ? [] : [b.convergeMs]));
    const slowest = done.length < bs.length ? undefined : Math.max(...done);
    const med = done.length * 2 > bs.length ? median(done) : undefined;
    const missed = bs.filter((b) => b.missesAt4s.length > 0).length;
    process.stdout.write(
      `| ${impl === 'go' ? 'Go memberlist' : 'ring-node'} | ${fmt(med)} | ${fmt(slowest)} | ${missed} of ${bs.length} |\n`,
    );
  }
}

await main();
