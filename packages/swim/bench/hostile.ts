/**
 * Hostile-input benchmark (issue 19), on real sockets on 127.0.0.1: a 3-member cluster (LAN
 * preset) in this process, an HTTP health endpoint beside it, an attacker and a health prober in
 * child processes. For each flood: health round-trip latency (p50 / p99 / max) seen by the
 * prober, the victim's probes per second, and what was refused. Then a TCP flood of unfinished
 * large push/pulls: peak RSS and whether a new member can still join.
 *
 * Run: pnpm --filter @ring/swim bench:hostile   (HOSTILE_BENCH_SECONDS=10 per scenario)
 * (also part of `pnpm bench` unless SWIM_BENCH_SKIP_HOSTILE=1)
 */
import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import { connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createUdpTransport } from '@ring/transport/node';
import { MemoryMetrics, createSwimNode } from '../src/index.js';
import type { SwimNode } from '../src/index.js';
import {
  MessageType,
  compressMessage,
  encodeCompound,
  encodeStreamMessage,
} from '../src/wire/index.js';
import { lzwCompress } from '../src/wire/layers/lzw.js';

const SECONDS = Number(process.env.HOSTILE_BENCH_SECONDS ?? 10);

/** The issue's bomb: a ~63 KB compound of `compress` parts, each expanding to ~1 MiB. */
function compoundBomb(): Uint8Array {
  const part = compressMessage(new Uint8Array(1_047_000).fill(MessageType.User));
  const parts = Math.floor(63_000 / (part.length + 2));
  return encodeCompound(Array.from({ length: parts }, () => part));
}

/**
 * The most work one datagram may now cause: a top-level `compress` padded (an unknown msgpack
 * key, skipped by decoders) to ~64 KB so that its budget is the maximum 512 KiB, holding LZW
 * data that expands past it.
 */
function maxBudgetBomb(): Uint8Array {
  const lzw = lzwCompress(new Uint8Array(600 * 1024).fill(MessageType.User));
  const pad = 62_000;
  const out: number[] = [MessageType.Compress, 0x83];
  const str = (s: string): void => {
    out.push(0xa0 | s.length, ...Buffer.from(s));
  };
  str('Algo');
  out.push(0);
  str('Buf');
  out.push(0xda, lzw.length >> 8, lzw.length & 0xff, ...lzw);
  str('Pad');
  out.push(0xdb, 0, 0, pad >> 8, pad & 0xff);
  const head = Uint8Array.from(out);
  const all = new Uint8Array(head.length + pad);
  all.set(head);
  return all;
}

const ATTACKER = `
const dgram = require('node:dgram'); const fs = require('node:fs');
const [file, port, pps, ms] = process.argv.slice(1);
const data = fs.readFileSync(file); const s = dgram.createSocket('udp4');
let sent = 0; const every = Math.max(10, 1000 / Number(pps)); const per = Math.round((Number(pps) * every) / 1000);
const t = setInterval(() => { for (let i = 0; i < per; i++) { s.send(data, Number(port), '127.0.0.1'); sent++; } }, every);
setTimeout(() => { clearInterval(t); s.close(); console.log(JSON.stringify({ sent })); }, Number(ms));
`;

const PROBER = `
const http = require('node:http'); const [port, ms] = process.argv.slice(1);
const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
const lat = []; let failed = 0; const end = Date.now() + Number(ms);
function one() {
  if (Date.now() >= end) { lat.sort((a, b) => a - b);
    const q = (p) => lat.length ? lat[Math.min(lat.length - 1, Math.floor(p * lat.length))] : NaN;
    console.log(JSON.stringify({ n: lat.length, failed, p50: q(0.5), p99: q(0.99), max: lat[lat.length - 1] ?? NaN })); process.exit(0); }
  const t0 = performance.now();
  const req = http.get({ host: '127.0.0.1', port: Number(port), path: '/health', agent, timeout: 5000 }, (res) => {
    res.resume(); res.on('end', () => { lat.push(performance.now() - t0); setTimeout(one, 20); });
  });
  req.on('error', () => { failed++; setTimeout(one, 20); });
  req.on('timeout', () => { req.destroy(); });
}
one();
`;

function child(script: string, args: string[]): Promise<Record<string, number>> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, ['-e', script, ...args], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    p.stdout.on('data', (d: Buffer) => (out += d.toString()));
    p.on('error', reject);
    p.on('exit', (code) =>
      code === 0
        ? resolve(JSON.parse(out) as Record<string, number>)
        : reject(new Error(`child exited ${code}`)),
    );
  });
}

interface Cluster {
  nodes: SwimNode[];
  metrics: MemoryMetrics[];
  healthPort: number;
  close(): Promise<void>;
}

async function cluster(): Promise<Cluster> {
  const nodes: SwimNode[] = [];
  const metrics: MemoryMetrics[] = [];
  for (let i = 0; i < 3; i++) {
    const m = new MemoryMetrics();
    const node = createSwimNode({
      name: `bench-${i}`,
      transport: createUdpTransport({ bindAddress: '127.0.0.1', bindPort: 0 }),
      preset: 'lan',
      metrics: m,
    });
    await node.start();
    nodes.push(node);
    metrics.push(m);
  }
  for (const n of nodes.slice(1)) await n.join([nodes[0]!.address]);
  const server = createServer((_req, res) => {
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ status: 'ok', members: nodes[0]!.numMembers() }));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    nodes,
    metrics,
    healthPort: (server.address() as AddressInfo).port,
    close: async () => {
      server.close();
      for (const n of nodes) await n.shutdown();
    },
  };
}

function refusals(m: MemoryMetrics): number {
  let n = 0;
  for (const [k, v] of m.counters) if (k.startsWith('ring_swim_refusals_total')) n += v;
  return n;
}

async function scenario(
  c: Cluster,
  name: string,
  bomb: Uint8Array | undefined,
  pps: number,
): Promise<string> {
  const ms = SECONDS * 1000;
  const victim = c.metrics[0]!;
  const probes0 = victim.counter('ring_swim_probes_total');
  const refused0 = refusals(victim);
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const jobs: Promise<Record<string, number>>[] = [
    child(PROBER, [String(c.healthPort), String(ms)]),
  ];
  if (bomb !== undefined) {
    const file = join(mkdtempSync(join(tmpdir(), 'ring-bomb-')), 'bomb.bin');
    writeFileSync(file, bomb);
    const port = c.nodes[0]!.address.slice(c.nodes[0]!.address.lastIndexOf(':') + 1);
    jobs.push(child(ATTACKER, [file, port, String(pps), String(ms)]));
  }
  const [health, attack] = await Promise.all(jobs);
  const secs = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const probesPerS = (victim.counter('ring_swim_probes_total') - probes0) / secs;
  const healthy = c.nodes.every((n) => n.numMembers() === 3) && c.nodes[0]!.healthScore === 0;
  const f = (v: number | undefined): string =>
    v === undefined || Number.isNaN(v) ? '–' : v.toFixed(1);
  return `| ${name} | ${bomb === undefined ? '–' : `${bomb.length.toLocaleString('en-US')} B × ${pps}/s (${attack?.sent ?? 0} sent)`} | ${f(health!.p50)} | ${f(health!.p99)} | ${f(health!.max)} | ${health!.failed} | ${probesPerS.toFixed(2)} | ${(refusals(victim) - refused0).toLocaleString('en-US')} | ${(((cpu.user + cpu.system) / 1e6 / secs) * 100).toFixed(0)} % | ${healthy ? 'yes' : 'NO'} |`;
}

async function tcpFlood(): Promise<string[]> {
  const c = await cluster();
  const port = Number(c.nodes[0]!.address.slice(c.nodes[0]!.address.lastIndexOf(':') + 1));
  const full = encodeStreamMessage({
    type: MessageType.PushPull,
    body: { join: false, nodes: [], userState: new Uint8Array(19 * 1024 * 1024) },
  });
  const file = join(mkdtempSync(join(tmpdir(), 'ring-pp-')), 'pp.bin');
  writeFileSync(file, full.subarray(0, 1024 * 1024));
  const FLOOD = `
const net = require('node:net'); const fs = require('node:fs');
const [file, port, total, ms] = process.argv.slice(1); const head = fs.readFileSync(file);
const socks = []; let opened = 0, errors = 0;
const t = setInterval(() => { for (let i = 0; i < 20 && opened < Number(total); i++) { opened++;
  const s = net.connect(Number(port), '127.0.0.1'); s.on('error', () => errors++); s.write(head); socks.push(s); } }, 10);
setTimeout(() => { clearInterval(t); for (const s of socks) s.destroy(); console.log(JSON.stringify({ opened, errors })); }, Number(ms));
`;
  const rss0 = process.memoryUsage().rss;
  let peak = rss0;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
  const ms = SECONDS * 1000;
  const flood = child(FLOOD, [file, String(port), '1000', String(ms)]);
  // Halfway through, a new member joins through the flooded node.
  await new Promise((r) => setTimeout(r, ms / 2));
  const late = createSwimNode({
    name: 'bench-late',
    transport: createUdpTransport({ bindAddress: '127.0.0.1', bindPort: 0 }),
    preset: 'lan',
  });
  await late.start();
  // How long the kernel + the flooded node's event loop take to accept a plain TCP connection.
  const c0 = performance.now();
  const connectMs = await new Promise<number>((resolve) => {
    const probe = connect(port, '127.0.0.1', () => {
      resolve(performance.now() - c0);
      probe.destroy();
    });
    probe.on('error', () => resolve(NaN));
  });
  const j0 = performance.now();
  let joined = 'failed';
  try {
    await late.join([c.nodes[0]!.address]);
    joined = `${(performance.now() - j0).toFixed(0)} ms`;
  } catch (e) {
    joined = `failed: ${(e as Error).message}`;
  }
  const r = await flood;
  clearInterval(sampler);
  const m = c.metrics[0]!;
  const by = (reason: string): number =>
    m.counter('ring_swim_refusals_total', { transport: 'tcp', reason });
  await late.shutdown();
  await c.close();
  const mb = (b: number): string => `${(b / 1024 / 1024).toFixed(0)} MB`;
  return [
    '',
    `TCP flood: ${r.opened} connections at 2,000/s, each sending the first 1 MiB of a 19 MiB push/pull and holding it (defaults: 128 served, 1,024 waiting, 64 MiB buffered).`,
    '',
    '| RSS before | RSS peak | growth | TCP connect to the flooded node | join through it | refused: stream_limit / stream_buffer_budget / timeout |',
    '|---:|---:|---:|---:|---|---|',
    `| ${mb(rss0)} | ${mb(peak)} | ${mb(peak - rss0)} | ${connectMs.toFixed(0)} ms | ${joined} | ${by('stream_limit')} / ${by('stream_buffer_budget')} / ${by('timeout')} |`,
  ];
}

/** Run the hostile-input benchmark and print Markdown tables. */
export async function runHostileBench(): Promise<void> {
  const c = await cluster();
  const compound = compoundBomb();
  const maxBomb = maxBudgetBomb();
  if (process.env.HOSTILE_BENCH_ONLY === 'tcp') {
    await c.close();
    for (const line of await tcpFlood()) console.log(line);
    return;
  }
  console.log(
    `\n### Hostile input: decompression-bomb floods (${SECONDS} s each, LAN preset, 3 members, 127.0.0.1)\n`,
  );
  console.log(
    '| flood | datagram × rate | health p50 ms | p99 ms | max ms | health failures | victim probes/s | refused | process CPU | cluster healthy after |',
  );
  console.log('|---|---|---:|---:|---:|---:|---:|---:|---:|---|');
  console.log(await scenario(c, 'none (baseline)', undefined, 0));
  console.log(await scenario(c, 'issue 19: compound of 1 MiB compress parts', compound, 10));
  console.log(await scenario(c, 'the same × 20', compound, 200));
  console.log(await scenario(c, 'worst datagram: 512 KiB of LZW each', maxBomb, 200));
  await c.close();
  for (const line of await tcpFlood()) console.log(line);
}
