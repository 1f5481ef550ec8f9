/**
 * `pnpm --filter @ring/node bench:cluster [-- --sizes 10,30,100 --steady-s 90 --no-go]`
 *
 * Real processes on 127.0.0.1, side by side in one run: N `ring-node` processes (the built bin,
 * `dist/ring-node.mjs`), N Go memberlist 0.2.2 nodes (our go-peer from the swim interop suite,
 * when Go and Debian's memberlist are installed), and one `ring-node --members` process holding
 * N-2 members plus two single ring-node processes (so a kill -9 and a SIGTERM still hit one
 * member each). Same LAN timing everywhere (memberlist's DefaultLANConfig = ring-node
 * `--preset lan`). For each N, one implementation after the other:
 *
 * 1. spawn the nodes one at a time, each joining the first; spawn → `ready` per node;
 * 2. join convergence: from the spawn of the last node until every node sees N members;
 * 3. a steady window (default 90 s: at least one push-pull interval — memberlist scales its
 *    30 s LAN interval to 90 s at N = 100 — so TCP figures are not an accident of phase): CPU s/node/min and RSS from /proc, bytes/s/node sent over UDP and TCP and
 *    TCP connections opened per node per minute from the nodes' own counters (ring-node's
 *    `/metrics`, memberlist's go-metrics through go-peer's `metrics` command), and members
 *    suspected although nothing failed;
 * 4. kill -9 of one node: time until every survivor has seen it suspect (or already dead), and
 *    until every survivor has it dead;
 * 5. SIGTERM of another: time until every survivor has seen it leave (and how many saw `left`
 *    rather than `dead`).
 *
 * Wall-clock figures on a shared machine: read them as ratios from the same run. Nothing here is
 * asserted; the results go in docs/BENCHMARKS.md.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { ensureGoPeerBuilt } from '@ring/go-peer';

type Impl = 'ring' | 'go' | 'members';

const BIN = fileURLToPath(new URL('../bin/ring-node.mjs', import.meta.url));
const CLK_TCK = 100;

/** What one observer (a member) has seen. */
interface View {
  readonly members: Set<string>;
  readonly suspectAt: Map<string, number>;
  readonly deadAt: Map<string, number>;
  readonly leftAt: Map<string, number>;
}

interface Proc {
  readonly impl: Impl;
  readonly name: string;
  readonly child: ChildProcess;
  readonly spawnedAt: number;
  readonly exited: Promise<void>;
  /** Members hosted by this process (one, or K with --members). */
  readonly hosted: string[];
  readonly readyAt: Map<string, number>;
  gossipAddr?: string;
  readonly httpAddrs: Map<string, string>;
  pendingMetrics?: (counters: Record<string, number>) => void;
  /** Exit code once the process has exited unasked, and its last stderr lines. */
  exitCode?: number | null;
  readonly stderrTail: string[];
}

interface Suspicion {
  readonly name: string;
  readonly at: number;
}

const now = (): number => performance.now();
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] !== undefined ? process.argv[i + 1]! : fallback;
}

const SIZES = arg('sizes', '10,30,100')
  .split(',')
  .map((s) => Number(s));
const STEADY_MS = Number(arg('steady-s', '90')) * 1000;
const WITH_GO = !process.argv.includes('--no-go');

class Cluster {
  readonly views = new Map<string, View>();
  readonly procs: Proc[] = [];
  readonly suspicions: Suspicion[] = [];
  /** Processes this bench killed or stopped on purpose. */
  readonly #stopped = new Set<Proc>();

  kill(p: Proc, signal: NodeJS.Signals): void {
    this.#stopped.add(p);
    p.child.kill(signal);
  }

  constructor(readonly impl: Impl) {}

  view(name: string): View {
    let v = this.views.get(name);
    if (v === undefined) {
      v = { members: new Set(), suspectAt: new Map(), deadAt: new Map(), leftAt: new Map() };
      this.views.set(name, v);
    }
    return v;
  }

  #onRingLine(p: Proc, line: Record<string, unknown>): void {
    const observer = typeof line.node === 'string' ? line.node : p.name;
    const v = this.view(observer);
    const name = String(line.name);
    const t = now();
    switch (line.event) {
      case 'config':
        if (observer === p.hosted[0]) p.gossipAddr = String(line.addr);
        break;
      case 'ready':
        v.members.add(observer);
        p.readyAt.set(observer, t);
        break;
      case 'join':
        v.members.add(name);
        break;
      case 'update':
        if (line.state === 'suspect') {
          if (!v.suspectAt.has(name)) v.suspectAt.set(name, t);
          this.suspicions.push({ name, at: t });
        }
        break;
      case 'leave':
        v.members.delete(name);
        (line.state === 'left' ? v.leftAt : v.deadAt).set(name, t);
        break;
    }
  }

  #onGoLine(p: Proc, line: Record<string, unknown>): void {
    const v = this.view(p.name);
    const name = String(line.name);
    const t = now();
    switch (line.event) {
      case 'ready':
        p.gossipAddr = `${String(line.addr)}:${String(line.port)}`;
        v.members.add(p.name);
        p.readyAt.set(p.name, t);
        break;
      case 'join':
        v.members.add(name);
        break;
      case 'update':
        if (line.state === 'suspect' && !v.suspectAt.has(name)) v.suspectAt.set(name, t);
        break;
      case 'leave':
        v.members.delete(name);
        (line.state === 'left' ? v.leftAt : v.deadAt).set(name, t);
        break;
      case 'metrics':
        p.pendingMetrics?.(line.counters as Record<string, number>);
        break;
    }
  }

  spawnRing(name: string, join: string | undefined, members = 1): Proc {
    const args = [
      BIN,
      '--name',
      name,
      '--bind',
      '127.0.0.1:0',
      '--http',
      '127.0.0.1:0',
      '--preset',
      'lan',
      '--json',
    ];
    if (members > 1) args.push('--members', String(members));
    if (join !== undefined) args.push('--join', join);
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const hosted =
      members > 1 ? Array.from({ length: members }, (_, i) => `${name}-${i + 1}`) : [name];
    const p = this.#track(child, members > 1 ? 'members' : 'ring', name, hosted);
    createInterface({ input: child.stdout }).on('line', (l) =>
      this.#onRingLine(p, JSON.parse(l) as Record<string, unknown>),
    );
    createInterface({ input: child.stderr }).on('line', (l) => {
      const m = /(?:\[([^\]]+)\] )?HTTP admin API on http:\/\/(\S+)\/v1\/members/.exec(l);
      if (m !== null) p.httpAddrs.set(m[1] ?? name, m[2]!);
    });
    return p;
  }

  spawnGo(bin: string, name: string, join: string | undefined): Proc {
    // The same node metadata as ring-node's (its admin address as a Serf-style tag), so push-pull
    // and alive messages carry the same bytes on both sides.
    const args = ['-name', name, '-bind', '127.0.0.1', '-port', '0', '-preset', 'lan'];
    args.push('-tags', `ring.http=127.0.0.1:${String(40_000 + this.procs.length)}`);
    if (join !== undefined) args.push('-join', join);
    const child = spawn(bin, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    const p = this.#track(child, 'go', name, [name]);
    createInterface({ input: child.stdout }).on('line', (l) =>
      this.#onGoLine(p, JSON.parse(l) as Record<string, unknown>),
    );
    // memberlist logs each failed probe: "Suspect <name> has failed, no acks received".
    createInterface({ input: child.stderr }).on('line', (l) => {
      const m = /Suspect (\S+) has failed/.exec(l);
      if (m !== null) this.suspicions.push({ name: m[1]!, at: now() });
    });
    return p;
  }

  #track(child: ChildProcess, impl: Impl, name: string, hosted: string[]): Proc {
    const p: Proc = {
      impl,
      name,
      child,
      spawnedAt: now(),
      exited: new Promise<void>((r) =>
        child.once('exit', (code) => {
          p.exitCode = code;
          r();
        }),
      ),
      stderrTail: [],
      hosted,
      readyAt: new Map(),
      httpAddrs: new Map(),
    };
    this.procs.push(p);
    return p;
  }

  async metricsOf(p: Proc): Promise<{ udp: number; tcp: number; conns: number }> {
    if (p.impl === 'go') {
      const counters = await new Promise<Record<string, number>>((resolve) => {
        p.pendingMetrics = resolve;
        p.child.stdin!.write('{"cmd":"metrics"}\n');
      });
      return {
        udp: counters['memberlist.udp.sent'] ?? 0,
        tcp: counters['memberlist.tcp.sent'] ?? 0,
        conns: counters['memberlist.tcp.connect'] ?? 0,
      };
    }
    const sum = { udp: 0, tcp: 0, conns: 0 };
    for (const http of p.httpAddrs.values()) {
      const text = await (await fetch(`http://${http}/metrics`)).text();
      const value = (series: string): number => {
        const line = text.split('\n').find((l) => l.startsWith(series));
        return line === undefined ? 0 : Number(line.slice(series.length).trim());
      };
      sum.udp += value('ring_node_transport_bytes_total{channel="packet",direction="out"}');
      sum.tcp += value('ring_node_transport_bytes_total{channel="stream",direction="out"}');
      sum.conns += value('ring_node_transport_streams_total{direction="out"}');
    }
    return sum;
  }

  members(): string[] {
    return this.procs.flatMap((p) => p.hosted);
  }

  async until(what: string, done: () => boolean, timeoutMs: number): Promise<number> {
    const start = now();
    while (!done()) {
      const dead = this.procs.find((p) => p.exitCode !== undefined && !this.#stopped.has(p));
      if (dead !== undefined)
        throw new Error(
          `${this.impl}: ${dead.name} exited (${String(dead.exitCode)}) while waiting for ${what}:\n${dead.stderrTail.join('\n')}`,
        );
      if (now() - start > timeoutMs) throw new Error(`${this.impl}: timed out waiting for ${what}`);
      await sleep(5);
    }
    return now() - start;
  }

  async stop(): Promise<void> {
    for (const p of this.procs) this.kill(p, 'SIGKILL');
    await Promise.all(this.procs.map((p) => p.exited));
  }
}

function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / CLK_TCK;
}

function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)![1]) / 1024;
}

const pct = (xs: readonly number[], q: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
};

interface Result {
  load: number;
  readyMedianMs: number;
  readyP90Ms: number;
  convergeMs: number;
  cpuPerMemberPerMin: number;
  rssPerMemberMb: number;
  processRssMb: number;
  udpBytesPerSec: number;
  tcpBytesPerSec: number;
  tcpConnsPerMin: number;
  falseSuspicions: number;
  allSuspectMs: number;
  allDeadMs: number;
  allLeftMs: number;
  sawLeft: string;
}

async function runOne(impl: Impl, n: number, goBin: string | undefined): Promise<Result> {
  const c = new Cluster(impl);
  try {
    // 1. spawn one at a time.
    const ready: number[] = [];
    let lastSpawn = 0;
    const first = (): string | undefined => c.procs[0]?.gossipAddr;
    if (impl === 'members') {
      // N-2 members in one process, then two single processes to kill and to stop.
      const host = c.spawnRing('m', undefined, n - 2);
      lastSpawn = host.spawnedAt;
      await c.until('members ready', () => host.readyAt.size === n - 2, 120_000);
      ready.push(Math.max(...host.readyAt.values()) - host.spawnedAt);
      for (const name of ['x-1', 'x-2']) {
        const p = c.spawnRing(name, first());
        lastSpawn = p.spawnedAt;
        await c.until(`${name} ready`, () => p.readyAt.size === 1, 120_000);
        ready.push(p.readyAt.get(name)! - p.spawnedAt);
      }
    } else {
      for (let i = 1; i <= n; i++) {
        const name = `${impl === 'go' ? 'g' : 'r'}-${i}`;
        const p = impl === 'go' ? c.spawnGo(goBin!, name, first()) : c.spawnRing(name, first());
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
    // Let start-up work (JIT, the first push-pulls) settle before measuring.
    await sleep(10_000);

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
    const cpuTotal = cpu1.reduce((a, v, i) => a + v - cpu0[i]!, 0);
    const sumOf = (k: 'udp' | 'tcp' | 'conns'): number =>
      m1.reduce((a, v, i) => a + v[k] - m0[i]![k], 0);

    // 4. kill -9 one member (for --members: one of the two single processes).
    const victim = impl === 'members' ? c.procs[1]! : c.procs[Math.floor(n / 2)]!;
    const leaver = impl === 'members' ? c.procs[2]! : c.procs[n - 1]!;
    const survivorsOf = (gone: Proc[]): string[] =>
      c.members().filter((m) => !gone.some((g) => g.hosted.includes(m)));
    if (impl === 'go') {
      for (const p of c.procs) p.child.stdin!.write('{"cmd":"watch","timeoutMs":10}\n');
      await sleep(500);
    }
    const victimName = victim.hosted[0]!;
    const killAt = now();
    c.kill(victim, 'SIGKILL');
    const survivors = survivorsOf([victim]);
    const seenFailing = (m: string): number | undefined =>
      c.view(m).suspectAt.get(victimName) ?? c.view(m).deadAt.get(victimName);
    await c.until(
      'all suspect',
      () => survivors.every((m) => seenFailing(m) !== undefined),
      60_000,
    );
    const allSuspectMs = Math.max(...survivors.map((m) => seenFailing(m)!)) - killAt;
    await c.until(
      'all dead',
      () => survivors.every((m) => c.view(m).deadAt.has(victimName)),
      120_000,
    );
    const allDeadMs = Math.max(...survivors.map((m) => c.view(m).deadAt.get(victimName)!)) - killAt;

    // 5. graceful leave.
    const leaverName = leaver.hosted[0]!;
    const rest = survivorsOf([victim, leaver]);
    const gone = (m: string): number | undefined =>
      c.view(m).leftAt.get(leaverName) ?? c.view(m).deadAt.get(leaverName);
    const termAt = now();
    c.kill(leaver, 'SIGTERM');
    await c.until('all see the leave', () => rest.every((m) => gone(m) !== undefined), 60_000);
    const allLeftMs = Math.max(...rest.map((m) => gone(m)!)) - termAt;
    const sawLeft = rest.filter((m) => c.view(m).leftAt.has(leaverName)).length;

    const memberCount = c.members().length;
    return {
      load: loadavg()[0]!,
      readyMedianMs: pct(ready, 0.5),
      readyP90Ms: pct(ready, 0.9),
      convergeMs,
      cpuPerMemberPerMin: (cpuTotal / memberCount / seconds) * 60,
      rssPerMemberMb: rss.reduce((a, b) => a + b, 0) / memberCount,
      processRssMb: Math.max(...rss),
      udpBytesPerSec: sumOf('udp') / memberCount / seconds,
      tcpBytesPerSec: sumOf('tcp') / memberCount / seconds,
      tcpConnsPerMin: (sumOf('conns') / memberCount / seconds) * 60,
      falseSuspicions,
      allSuspectMs,
      allDeadMs,
      allLeftMs,
      sawLeft: `${sawLeft}/${rest.length}`,
    };
  } finally {
    await c.stop();
  }
}

const ROWS: [keyof Result, string, (v: number) => string][] = [
  ['load', 'machine load average (1 min) at the end', (v) => v.toFixed(1)],
  ['readyMedianMs', 'spawn → ready, median (ms)', (v) => v.toFixed(0)],
  ['readyP90Ms', 'spawn → ready, p90 (ms)', (v) => v.toFixed(0)],
  ['convergeMs', 'join convergence (ms)', (v) => v.toFixed(0)],
  ['cpuPerMemberPerMin', 'CPU s/member/min', (v) => v.toFixed(3)],
  ['rssPerMemberMb', 'RSS MB/member', (v) => v.toFixed(1)],
  ['processRssMb', 'largest process RSS MB', (v) => v.toFixed(1)],
  ['udpBytesPerSec', 'UDP bytes/s/member sent', (v) => v.toFixed(0)],
  ['tcpBytesPerSec', 'TCP bytes/s/member sent', (v) => v.toFixed(0)],
  ['tcpConnsPerMin', 'TCP connections/member/min', (v) => v.toFixed(2)],
  ['falseSuspicions', 'members falsely suspected (steady)', (v) => v.toFixed(0)],
  ['allSuspectMs', 'kill -9 → all suspect (ms)', (v) => v.toFixed(0)],
  ['allDeadMs', 'kill -9 → all dead (ms)', (v) => v.toFixed(0)],
  ['allLeftMs', 'SIGTERM → all see it leave (ms)', (v) => v.toFixed(0)],
];

function table(n: number, results: Partial<Record<Impl, Result>>): string {
  const { ring, go, members } = results;
  const lines = [
    `### N = ${n}`,
    '',
    '| measure | ring-node | memberlist (Go) | ring ÷ Go | ring-node --members | members ÷ Go |',
    '| --- | ---: | ---: | ---: | ---: | ---: |',
  ];
  const ratio = (a: number | undefined, b: number | undefined): string =>
    a === undefined || b === undefined || b === 0 ? '–' : `${(a / b).toFixed(2)}×`;
  for (const [key, label, fmt] of ROWS) {
    const r = ring?.[key] as number | undefined;
    const g = go?.[key] as number | undefined;
    const m = members?.[key] as number | undefined;
    const f = (v: number | undefined): string => (v === undefined ? '–' : fmt(v));
    lines.push(`| ${label} | ${f(r)} | ${f(g)} | ${ratio(r, g)} | ${f(m)} | ${ratio(m, g)} |`);
  }
  lines.push(
    `| saw \`left\` (not \`dead\`) | ${ring?.sawLeft ?? '–'} | ${go?.sawLeft ?? '–'} | | ${members?.sawLeft ?? '–'} | |`,
  );
  return lines.join('\n');
}

async function main(): Promise<void> {
  let goBin: string | undefined;
  if (WITH_GO) {
    try {
      goBin = await ensureGoPeerBuilt();
    } catch (error) {
      process.stderr.write(
        `bench:cluster: no Go memberlist peer (${String(error)}); install it with ` +
          '`apt-get install golang-go golang-github-hashicorp-memberlist-dev`, or pass --no-go\n',
      );
      process.exit(1);
    }
  }
  process.stdout.write(
    `ring-node bench:cluster — Node ${process.version}, ${cpus().length} CPU(s), load average ${loadavg()[0]!.toFixed(1)}, steady window ${STEADY_MS / 1000} s, preset lan\n\n`,
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
