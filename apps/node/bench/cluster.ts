/**
 * `pnpm --filter @ring/node bench:cluster [-- --sizes 10,30,100 --steady-s 90 --warmup-s S --kills 3 --late-joins 3 --no-go]`
 *
 * Real processes on 127.0.0.1, side by side in one run: N `ring-node` processes (the built bin,
 * `dist/ring-node.cjs`), N Go memberlist 0.2.2 nodes (our go-peer from the swim interop suite,
 * when Go and Debian's memberlist are installed), and one `ring-node --members` process holding
 * N-1-K members plus K+1 single ring-node processes (so each kill -9 and the SIGTERM still hit one
 * member each). Same LAN timing everywhere (memberlist's DefaultLANConfig = ring-node
 * `--preset lan`). For each N, one implementation after the other:
 *
 * 1. spawn the nodes one at a time, each joining the first; spawn → `ready` per node;
 * 2. join convergence: from the spawn of the last node until every node sees N members;
 * 3. after a warm-up (one push/pull stagger + one scaled interval: memberlist's first periodic
 *    push/pull comes that late), a steady window (default 90 s: at least one push-pull interval —
 *    memberlist scales its 30 s LAN interval to 90 s at N = 100 — so TCP figures are not an
 *    accident of phase): CPU s/node/min, RSS and private/proportional memory from /proc, bytes/s/node sent over UDP and TCP and
 *    TCP connections opened per node per minute from the nodes' own counters (ring-node's
 *    `/metrics`, memberlist's go-metrics through go-peer's `metrics` command), and members
 *    suspected although nothing failed;
 * 3b. late joins (`--late-joins`, default 3): one more single process at a time into the settled
 *    cluster, each after the previous one is seen by every member: spawn → `ready` without the
 *    CPU of the joins just before (step 1's figure includes it). They stay, as survivors below;
 * 4. kill -9 of one node at a time, `--kills` times (default 3): time until every survivor has seen
 *    it suspect (or already dead), and until every survivor has it dead; the mean and the slowest;
 * 5. SIGTERM of another: time until every survivor has seen it leave (and how many saw `left`
 *    rather than `dead`).
 *
 * Wall-clock figures on a shared machine: read them as ratios from the same run. Nothing here is
 * asserted; the results go in docs/BENCHMARKS.md.
 */
import { cpus, loadavg } from 'node:os';
import { Cluster, goPeerOrExit, now, sleep } from './cluster/processes.js';
import type { Impl, Proc } from './cluster/processes.js';
import { cpuSeconds, pct, privateMb, rssMb, warmupMs } from './cluster/proc-stats.js';
import { table } from './cluster/report.js';
import type { Result } from './cluster/report.js';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] !== undefined ? process.argv[i + 1]! : fallback;
}

const SIZES = arg('sizes', '10,30,100')
  .split(',')
  .map((s) => Number(s));
const STEADY_MS = Number(arg('steady-s', '90')) * 1000;
/** `--warmup-s S` overrides the wait before the steady window (default: see `warmupMs`). */
const WARMUP_S = process.argv.includes('--warmup-s') ? Number(arg('warmup-s', '0')) : undefined;
const WITH_GO = !process.argv.includes('--no-go');
/** kill -9 rounds per N (one victim each, one after the other): detection is their mean. */
const KILLS = Number(arg('kills', '3'));
if (!Number.isInteger(KILLS) || KILLS < 1) throw new Error('--kills must be an integer ≥ 1');
/** Single processes joined one at a time into the settled cluster after the steady window. */
const LATE_JOINS = Number(arg('late-joins', '3'));
if (!Number.isInteger(LATE_JOINS) || LATE_JOINS < 1)
  throw new Error('--late-joins must be an integer ≥ 1');

const mean = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;

async function runOne(impl: Impl, n: number, goBin: string | undefined): Promise<Result> {
  const c = new Cluster(impl);
  try {
    // 1. spawn one at a time.
    const ready: number[] = [];
    let lastSpawn = 0;
    const first = (): string | undefined => c.procs[0]?.gossipAddr;
    if (impl === 'members') {
      // N-1-KILLS members in one process, then single processes to kill (KILLS) and to stop (1).
      const hostSize = n - 1 - KILLS;
      const host = c.spawnRing('m', undefined, hostSize);
      lastSpawn = host.spawnedAt;
      await c.until('members ready', () => host.readyAt.size === hostSize, 120_000);
      ready.push(Math.max(...host.readyAt.values()) - host.spawnedAt);
      for (const name of Array.from({ length: KILLS + 1 }, (_, i) => `x-${i + 1}`)) {
        const p = c.spawnRing(name, first());
        lastSpawn = p.spawnedAt;
        await c.until(`${name} ready`, () => p.readyAt.size === 1, 120_000);
        ready.push(p.readyAt.get(name)! - p.spawnedAt);
      }
    } else {
      for (let i = 1; i <= n; i++) {
        const name = `${impl === 'go' ? 'g' : 'r'}-${i}`;
        const p =
          impl === 'go' ? await c.spawnGo(goBin!, name, first()) : c.spawnRing(name, first());
        lastSpawn = p.spawnedAt;
        await c.until(
          `${name} ready`,
          () => p.readyAt.size === 1 && p.gossipAddr !== undefined,
          120_000,
        );
        ready.push(p.readyAt.get(name)! - p.spawnedAt);
      }
    }
    // 2. convergence.
    const all = c.members();
    await c.until(`all see ${n}`, () => all.every((m) => c.view(m).members.size === n), 120_000);
    const convergeMs = now() - lastSpawn;
    await c.until(
      'admin APIs known',
      () => c.procs.every((p) => p.impl === 'go' || p.httpAddrs.size === p.hosted.length),
      30_000,
    );
    // Let start-up work (JIT, the first periodic push/pulls of both implementations) settle.
    await sleep(WARMUP_S === undefined ? warmupMs(n) : WARMUP_S * 1000);

    // 3. steady window.
    const cpu0 = c.procs.map((p) => cpuSeconds(p.child.pid!));
    const m0 = await Promise.all(c.procs.map((p) => c.metricsOf(p)));
    const suspicions0 = c.suspicions.length;
    const t0 = now();
    await sleep(STEADY_MS);
    const seconds = (now() - t0) / 1000;
    const cpu1 = c.procs.map((p) => cpuSeconds(p.child.pid!));
    const m1 = await Promise.all(c.procs.map((p) => c.metricsOf(p)));
    const falseSuspicions = new Set(c.suspicions.slice(suspicions0).map((s) => s.name)).size;
    const rss = c.procs.map((p) => rssMb(p.child.pid!));
    const priv = c.procs.map((p) => privateMb(p.child.pid!));
    const cpuTotal = cpu1.reduce((a, v, i) => a + v - cpu0[i]!, 0);
    const sumOf = (k: 'udp' | 'tcp' | 'conns'): number =>
      m1.reduce((a, v, i) => a + v[k] - m0[i]![k], 0);
    const memberCount = c.members().length;

    // 3b. late joins: LATE_JOINS more single processes, one at a time, each into a settled
    // cluster (the previous one seen by every member, then 1 s): spawn → ready without the
    // CPU of the joins just before it, which step 1 measures under. They stay as members.
    const lateReady: number[] = [];
    for (let k = 1; k <= LATE_JOINS; k++) {
      const name = `${impl === 'go' ? 'g' : impl === 'ring' ? 'r' : 'x'}-late-${k}`;
      const p = impl === 'go' ? await c.spawnGo(goBin!, name, first()) : c.spawnRing(name, first());
      await c.until(`${name} ready`, () => p.readyAt.size === 1, 120_000);
      lateReady.push(p.readyAt.get(name)! - p.spawnedAt);
      const size = memberCount + k;
      const everyone = c.members();
      await c.until(
        `all see ${size}`,
        () => everyone.every((m) => c.view(m).members.size === size),
        120_000,
      );
      await sleep(1000);
    }

    // 4. kill -9, KILLS times, one member at a time (for --members: the single processes).
    const victims =
      impl === 'members'
        ? c.procs.slice(1, 1 + KILLS)
        : Array.from(
            { length: KILLS },
            (_, k) => c.procs[Math.floor(((k + 1) * n) / (KILLS + 2))]!,
          );
    const leaver = impl === 'members' ? c.procs[1 + KILLS]! : c.procs[n - 1]!;
    const survivorsOf = (gone: Proc[]): string[] =>
      c.members().filter((m) => !gone.some((g) => g.hosted.includes(m)));
    if (impl === 'go') {
      for (const p of c.procs) p.child.stdin!.write('{"cmd":"watch","timeoutMs":10}\n');
      await sleep(500);
    }
    const suspectSamples: number[] = [];
    const deadSamples: number[] = [];
    for (const [k, victim] of victims.entries()) {
      const victimName = victim.hosted[0]!;
      const killAt = now();
      c.kill(victim, 'SIGKILL');
      const survivors = survivorsOf(victims.slice(0, k + 1));
      const seenFailing = (m: string): number | undefined =>
        c.view(m).suspectAt.get(victimName) ?? c.view(m).deadAt.get(victimName);
      await c.until(
        'all suspect',
        () => survivors.every((m) => seenFailing(m) !== undefined),
        60_000,
      );
      suspectSamples.push(Math.max(...survivors.map((m) => seenFailing(m)!)) - killAt);
      await c.until(
        'all dead',
        () => survivors.every((m) => c.view(m).deadAt.has(victimName)),
        120_000,
      );
      deadSamples.push(
        Math.max(...survivors.map((m) => c.view(m).deadAt.get(victimName)!)) - killAt,
      );
      // A different phase before each next kill (700–1,700 ms), so the samples do not all fall at
      // one point of the probe schedule.
      await sleep(700 + ((k * 389) % 1000));
    }

    // 5. graceful leave.
    const leaverName = leaver.hosted[0]!;
    const rest = survivorsOf([...victims, leaver]);
    const gone = (m: string): number | undefined =>
      c.view(m).leftAt.get(leaverName) ?? c.view(m).deadAt.get(leaverName);
    const termAt = now();
    c.kill(leaver, 'SIGTERM');
    await c.until('all see the leave', () => rest.every((m) => gone(m) !== undefined), 60_000);
    const allLeftMs = Math.max(...rest.map((m) => gone(m)!)) - termAt;
    const sawLeft = rest.filter((m) => c.view(m).leftAt.has(leaverName)).length;

    return {
      load: loadavg()[0]!,
      readyMedianMs: pct(ready, 0.5),
      readyP90Ms: pct(ready, 0.9),
      lateReadyMs: pct(lateReady, 0.5),
      convergeMs,
      cpuPerMemberPerMin: (cpuTotal / memberCount / seconds) * 60,
      rssPerMemberMb: rss.reduce((a, b) => a + b, 0) / memberCount,
      processRssMb: Math.max(...rss),
      ussPerMemberMb: priv.reduce((a, b) => a + b.uss, 0) / memberCount,
      pssPerMemberMb: priv.reduce((a, b) => a + b.pss, 0) / memberCount,
      udpBytesPerSec: sumOf('udp') / memberCount / seconds,
      tcpBytesPerSec: sumOf('tcp') / memberCount / seconds,
      tcpConnsPerMin: (sumOf('conns') / memberCount / seconds) * 60,
      falseSuspicions,
      allSuspectMs: mean(suspectSamples),
      allSuspectMaxMs: Math.max(...suspectSamples),
      allDeadMs: mean(deadSamples),
      allDeadMaxMs: Math.max(...deadSamples),
      kills: KILLS,
      allLeftMs,
      sawLeft: `${sawLeft}/${rest.length}`,
    };
  } finally {
    await c.stop();
  }
}

async function main(): Promise<void> {
  const goBin = WITH_GO ? await goPeerOrExit('bench:cluster') : undefined;
  process.stdout.write(
    `ring-node bench:cluster — Node ${process.version}, ${cpus().length} CPU(s), load average ${loadavg()[0]!.toFixed(1)}, steady window ${STEADY_MS / 1000} s after a warm-up of one push/pull stagger + one scaled interval, preset lan\n\n`,
  );
  for (const n of SIZES) {
    const results: Partial<Record<Impl, Result>> = {};
    const order: Impl[] = goBin === undefined ? ['ring', 'members'] : ['ring', 'go', 'members'];
    for (const impl of order) {
      process.stderr.write(`N=${n} ${impl}...\n`);
      results[impl] = await runOne(impl, n, goBin);
    }
    process.stdout.write(`${table(n, results)}\n\n`);
  }
}

await main();
