// The processes of one bench:cluster run (ring-node, Go memberlist peers, ring-node --members) and
// what each member reported on its event stream.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import type { Server } from 'node:net';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { loopbackArgs } from '../../src/config/loopback-args.js';
import { ensureGoPeerBuilt } from '@ring/go-peer';

/** Which implementation a cluster runs. */
export type Impl = 'ring' | 'go' | 'members';

const BIN = fileURLToPath(new URL('../../bin/ring-node.cjs', import.meta.url));

/** What one observer (a member) has seen. */
export interface View {
  readonly members: Set<string>;
  readonly suspectAt: Map<string, number>;
  readonly deadAt: Map<string, number>;
  readonly leftAt: Map<string, number>;
}

export interface Proc {
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

export interface Suspicion {
  readonly name: string;
  readonly at: number;
}

/** Monotonic milliseconds. */
export const now = (): number => performance.now();
/** Wall-clock wait (a benchmark measures real time). */
export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** One implementation's processes and what each member has seen of the others. */
export class Cluster {
  readonly views = new Map<string, View>();
  readonly procs: Proc[] = [];
  readonly suspicions: Suspicion[] = [];
  /** Processes this bench killed or stopped on purpose. */
  readonly #stopped = new Set<Proc>();
  /** Listeners holding the Go peers' stand-in admin ports (see {@link Cluster.spawnGo}). */
  readonly #portHolders: Server[] = [];

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
    const args = [BIN, ...loopbackArgs(name, '--preset', 'lan', '--json')];
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

  async spawnGo(bin: string, name: string, join: string | undefined): Promise<Proc> {
    // The same node metadata as ring-node's (its admin address as a Serf-style tag), so push-pull
    // and alive messages carry the same bytes on both sides. The port is one the kernel assigns
    // (a listener on 127.0.0.1:0, held until stop()), as ring-node's `--http 127.0.0.1:0` is:
    // sequential stand-ins (40001, 40002, ...) share more prefixes, so memberlist's LZW packed
    // Go's push/pulls 5-7 % smaller than Ring's for the same number of equally long records.
    const args = ['-name', name, '-bind', '127.0.0.1', '-port', '0', '-preset', 'lan'];
    args.push('-tags', `ring.http=127.0.0.1:${String(await this.#kernelPort())}`);
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
    await Promise.all(
      this.#portHolders.splice(0).map((s) => new Promise<void>((r) => s.close(() => r()))),
    );
  }

  /** A loopback TCP port the kernel picked for a listener on port 0 (kept open until stop()). */
  async #kernelPort(): Promise<number> {
    const server = createServer();
    this.#portHolders.push(server);
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', resolve);
    });
    const address = server.address();
    if (address === null || typeof address === 'string') throw new Error('no TCP port assigned');
    return address.port;
  }
}

/**
 * The built Go memberlist peer, or exit 1 with the install line (a bench asked to compare with
 * Go never silently runs without it).
 *
 * @param bench - the bench's name, for the message.
 */
export async function goPeerOrExit(bench: string): Promise<string> {
  try {
    return await ensureGoPeerBuilt();
  } catch (error) {
    process.stderr.write(
      `${bench}: no Go memberlist peer (${String(error)}); install it with ` +
        '`apt-get install golang-go golang-github-hashicorp-memberlist-dev`, or pass --no-go\n',
    );
    process.exit(1);
  }
}
