/**
 * Simulator benchmarks of @ring/swim (MemoryNetwork + VirtualClock, LAN preset, seeded):
 * dissemination rounds at N = 1,000 (SWIM_BENCH_N overrides; 10,000 too with SWIM_BENCH_10K=1), crash → first suspicion
 * in probe periods, Lifeguard false positives on vs off, and simulator speed.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { SimCluster } from '../test/sim/cluster.js';

export interface SimBenchRow {
  readonly metric: string;
  readonly value: string;
}

async function buildCluster(n: number, seed: number): Promise<SimCluster> {
  const sim = new SimCluster({ n, seed, link: { latencyMs: 1, jitterMs: 1 } });
  // Everyone joins node 0 at once (push/pull returns its state); gossip and push/pull spread the rest.
  await sim.startAndJoinAllAtOnce();
  const ok = await sim.runFastUntil(() => sim.converged(), 600_000, 1_000);
  if (!ok) throw new Error(`cluster of ${n} did not converge`);
  await sim.runFast(5_000);
  return sim;
}

async function disseminationRounds(sim: SimCluster): Promise<{ rounds: number; ms: number }> {
  const origin = sim.nodes[1]!;
  let reached = 0;
  for (const node of sim.nodes) {
    if (node === origin) continue;
    node.on('update', (m) => {
      if (m.name === origin.name) reached++;
    });
  }
  const t0 = sim.clock.now();
  await origin.updateMeta(Uint8Array.of(1, 2, 3));
  const ok = await sim.runFastUntil(() => reached === sim.nodes.length - 1, 120_000, 10);
  if (!ok) throw new Error(`update reached only ${reached} of ${sim.nodes.length - 1}`);
  const ms = sim.clock.now() - t0;
  return { rounds: ms / origin.options.gossipIntervalMs, ms };
}

/**
 * Crash `batches × perBatch` nodes (a batch at once, 1% of the cluster at N = 1,000) and record,
 * for each, the time until the first member suspects it, in probe periods.
 */
async function crashToSuspicion(
  sim: SimCluster,
  batches: number,
  perBatch: number,
): Promise<{ mean: number; p99: number; samples: number }> {
  const periods: number[] = [];
  const probeMs = sim.nodes[0]!.options.probeIntervalMs;
  let next = 2;
  for (let b = 0; b < batches; b++) {
    const victims = new Map<string, number>();
    const suspectedAt = new Map<string, number>();
    for (let i = 0; i < perBatch; i++) victims.set(sim.nodes[next + i]!.name, next + i);
    const handler = (m: { name: string }): void => {
      if (victims.has(m.name) && !suspectedAt.has(m.name)) suspectedAt.set(m.name, sim.clock.now());
    };
    for (let i = 0; i < sim.nodes.length; i++)
      if (!sim.dead.has(i) && !victims.has(sim.nodes[i]!.name))
        sim.nodes[i]!.on('suspect', handler);
    const t0 = sim.clock.now();
    for (const idx of victims.values()) await sim.kill(idx);
    await sim.runFastUntil(() => suspectedAt.size === victims.size, 120_000, 50);
    for (const n of sim.live()) n.off('suspect', handler);
    if (suspectedAt.size !== victims.size)
      throw new Error(`only ${suspectedAt.size} of ${victims.size} crashes suspected`);
    for (const at of suspectedAt.values()) periods.push((at - t0) / probeMs);
    next += perBatch;
    await sim.runFast(5_000);
  }
  periods.sort((a, b) => a - b);
  const mean = periods.reduce((a, b) => a + b, 0) / periods.length;
  const p99 = periods[Math.min(periods.length - 1, Math.ceil(0.99 * periods.length) - 1)]!;
  return { mean, p99, samples: periods.length };
}

async function stallFalsePositives(lifeguard: boolean, seeds: readonly number[]): Promise<number> {
  let total = 0;
  for (const seed of seeds) {
    const sim = new SimCluster({
      n: 12,
      seed,
      stallable: [0],
      options: { lifeguard, disableTcpPings: true },
    });
    await sim.startAndJoin();
    await sim.runUntil(() => sim.converged(), 30_000);
    const stalled = sim.nodes[0]!.name;
    for (const n of sim.nodes) {
      n.on('leave', (m) => {
        if (m.state === 'dead' && m.name !== stalled) total++;
      });
    }
    const gate = sim.gates.get(0)!;
    gate.lag(5_000);
    await sim.run(120_000);
    gate.lag(0);
    await sim.run(30_000);
    await sim.shutdown();
  }
  return total;
}

async function speed(sim: SimCluster, simMs: number): Promise<number> {
  const t = performance.now();
  await sim.runFast(simMs);
  const wallS = (performance.now() - t) / 1000;
  return (sim.live().length * simMs) / 1000 / wallS;
}

const log = (msg: string): void => {
  if (process.env.SWIM_BENCH_QUIET !== '1') console.error(`[swim sim bench] ${msg}`);
};

/** Run the simulator benchmarks and return printable rows. */
export async function runSimBench(): Promise<SimBenchRow[]> {
  const rows: SimBenchRow[] = [];
  const base = Number(process.env.SWIM_BENCH_N ?? 1_000);
  const sizes = process.env.SWIM_BENCH_10K === '1' ? [base, 10_000] : [base];
  for (const n of sizes) {
    const tBuild = performance.now();
    const sim = await buildCluster(n, 41);
    const buildS = (performance.now() - tBuild) / 1000;
    log(`built N=${n} in ${buildS.toFixed(1)} s`);
    rows.push({
      metric: `N=${n}: build + join + converge (wall)`,
      value: `${buildS.toFixed(1)} s`,
    });
    const nps = await speed(sim, 10_000);
    log(`speed ${Math.round(nps)} node-s/s`);
    rows.push({
      metric: `N=${n}: simulator speed (steady state)`,
      value: `${Math.round(nps).toLocaleString('en-US')} simulated node-seconds / wall second`,
    });
    const d = await disseminationRounds(sim);
    log(`dissemination ${d.rounds} rounds`);
    rows.push({
      metric: `N=${n}: update reaches 100% of nodes`,
      value: `${d.rounds.toFixed(1)} gossip rounds (${(d.ms / 1000).toFixed(2)} s at 200 ms/round)`,
    });
    if (n === base) {
      const c = await crashToSuspicion(sim, 4, 10);
      log(`crash → suspicion done`);
      rows.push({
        metric: `N=${n}: crash → first suspicion (${c.samples} crashes, 10 at a time)`,
        value: `mean ${c.mean.toFixed(2)}, p99 ${c.p99.toFixed(2)} probe periods`,
      });
    }
    await sim.shutdown();
  }
  const seeds = [32, 33, 34, 35, 36];
  const on = await stallFalsePositives(true, seeds);
  const off = await stallFalsePositives(false, seeds);
  rows.push({
    metric:
      'stall scenario (N=12, 5 s processing lag for 120 s, 5 seeds): healthy members declared dead',
    value: `Lifeguard on: ${on}, Lifeguard off: ${off}`,
  });
  return rows;
}

/**
 * Run the simulator benchmarks in a child process with a 64 MiB young generation
 * (`--max-semi-space-size=64`): a 1,000-node simulation keeps ~10⁶ member records alive, and with
 * V8's default young generation the simulator spends most of its time in garbage collection
 * (≈ 3× slower). Output goes straight to our stdout/stderr.
 *
 * @returns the child's exit code.
 */
export function runSimBenchInChild(): number {
  const entry = fileURLToPath(new URL('./sim-main.ts', import.meta.url));
  const args = [
    ...process.execArgv.filter((a) => !a.startsWith('--max-semi-space-size')),
    '--max-semi-space-size=64',
    entry,
  ];
  const r = spawnSync(process.execPath, args, { stdio: 'inherit' });
  return r.status ?? 1;
}

/** Print rows as a markdown table. */
export function printSimRows(rows: readonly SimBenchRow[]): void {
  console.log('\n## @ring/swim simulator\n');
  console.log('| metric | value |');
  console.log('|---|---|');
  for (const r of rows) console.log(`| ${r.metric} | ${r.value} |`);
}
