/**
 * @ring/transport benchmarks: our transports against raw node:dgram / node:net, measured in the
 * same run and reported as ratios. Loopback only (127.0.0.1, port 0).
 *
 *   pnpm --filter @ring/transport bench          (env BENCH_MS=<ms per trial>, BENCH_TRIALS=<n>)
 */
import { cpus, loadavg } from 'node:os';
import type { Transport } from '@ring/transport';
import { createTcpTransport, createUdpTransport } from '@ring/transport/node';
import {
  TRIALS,
  TRIAL_MS,
  memoryCase,
  rawStreamCase,
  rawTcpFramedCase,
  rawUdpCase,
  transportPacketCase,
  transportStreamCase,
  type Case,
} from './cases.js';

// ---- runner --------------------------------------------------------------------------------

const udp = (): Transport =>
  createUdpTransport({ bindAddress: '127.0.0.1', bindPort: 0, unref: false });
const tcp = (): Transport =>
  createTcpTransport({ bindAddress: '127.0.0.1', bindPort: 0, unref: false });

interface Row {
  readonly what: string;
  readonly ours: Case;
  readonly peer: Case | undefined;
  readonly peerName: string;
}

const rows: Row[] = [
  {
    what: 'UDP+TCP packets 64 B',
    ours: transportPacketCase(udp, 64),
    peer: rawUdpCase(64),
    peerName: 'node:dgram',
  },
  {
    what: 'UDP+TCP packets 1400 B',
    ours: transportPacketCase(udp, 1400),
    peer: rawUdpCase(1400),
    peerName: 'node:dgram',
  },
  {
    what: 'TCP-only packets 64 B',
    ours: transportPacketCase(tcp, 64),
    peer: rawTcpFramedCase(64),
    peerName: 'node:net framed',
  },
  {
    what: 'TCP-only packets 1400 B',
    ours: transportPacketCase(tcp, 1400),
    peer: rawTcpFramedCase(1400),
    peerName: 'node:net framed',
  },
  {
    what: 'UDP+TCP stream',
    ours: transportStreamCase(udp),
    peer: rawStreamCase(),
    peerName: 'node:net',
  },
  {
    what: 'TCP-only stream',
    ours: transportStreamCase(tcp),
    peer: rawStreamCase(),
    peerName: 'node:net',
  },
  {
    what: 'Memory 2 nodes 64 B',
    ours: memoryCase(2, 64),
    peer: rawUdpCase(64),
    peerName: 'node:dgram',
  },
  {
    what: 'Memory 1000 nodes 64 B',
    ours: memoryCase(1000, 64),
    peer: rawUdpCase(64),
    peerName: 'node:dgram',
  },
];

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function fmt(x: number): string {
  return x >= 1000 ? Math.round(x).toLocaleString('en-US') : x.toFixed(1);
}

/** Run a case, measuring process CPU time (µs) per unit alongside wall-clock throughput. */
async function measure(c: Case): Promise<{ perSecond: number; cpuPerUnit: number }> {
  const cpu0 = process.cpuUsage();
  const r = await c.run();
  const cpu = process.cpuUsage(cpu0);
  return { perSecond: r.perSecond, cpuPerUnit: (cpu.user + cpu.system) / Math.max(1, r.units) };
}

async function main(): Promise<void> {
  console.log(
    `@ring/transport bench — Node ${process.version}, ${cpus().length} CPU(s), load average ${loadavg()[0]!.toFixed(1)}, ${TRIALS} trials × ${TRIAL_MS} ms, medians`,
  );
  const table: string[][] = [];
  for (const row of rows) {
    const ours: { perSecond: number; cpuPerUnit: number }[] = [];
    const peer: { perSecond: number; cpuPerUnit: number }[] = [];
    for (let i = 0; i < TRIALS; i++) {
      // Interleave ours and the peer so that machine load hits both alike.
      ours.push(await measure(row.ours));
      if (row.peer !== undefined) peer.push(await measure(row.peer));
    }
    const o = median(ours.map((x) => x.perSecond));
    const p = median(peer.map((x) => x.perSecond));
    const oc = median(ours.map((x) => x.cpuPerUnit));
    const pc = median(peer.map((x) => x.cpuPerUnit));
    const per = row.ours.unit === 'MB/s' ? 'MB' : 'pkt';
    table.push([
      row.what,
      `${fmt(o)} ${row.ours.unit}`,
      `${row.peerName}: ${fmt(p)} ${row.peer?.unit ?? ''}`,
      (o / p).toFixed(2),
      `${oc.toFixed(1)} / ${pc.toFixed(1)} µs per ${per}`,
      (oc / pc).toFixed(2),
    ]);
    console.error(`  measured ${row.what}`);
  }
  const header = [
    'case',
    'ours',
    'peer (same run)',
    'throughput ours/peer',
    'CPU ours / peer',
    'CPU ours/peer',
  ];
  const lines = [header, header.map(() => '---'), ...table].map((r) => `| ${r.join(' | ')} |`);
  console.log(lines.join('\n'));
}

await main();
