// Benchmark of @ring/swim/wire: encode/decode messages per second for ping, alive and a full
// 1400-byte compound packet, beside msgpackr's plain pack/unpack of the same objects in the same
// run (msgpackr cannot decode memberlist faithfully — it is the speed reference, not an
// alternative), plus a 1,000,000-input fuzz run. Run: pnpm --filter @ring/swim bench
import { Packr } from 'msgpackr';
import {
  MessageType,
  UDP_BUFFER_SIZE,
  decodeMessage,
  decodePacket,
  encodeMessage,
  packMessages,
} from '../src/wire/index.js';
import type { Alive, Ping, WireMessage } from '../src/wire/index.js';
import { runFuzz } from '../test/wire/fuzz-harness.js';

const packr = new Packr({ useRecords: false, variableMapSize: true });

const ip = new Uint8Array([192, 168, 1, 200]);
const vsn = new Uint8Array([1, 5, 2, 0, 0, 0]);
const ping: Ping = {
  seqNo: 123456,
  node: 'node-b',
  sourceAddr: ip,
  sourcePort: 7946,
  sourceNode: 'node-a',
};
const aliveOf = (i: number): Alive => ({
  incarnation: 1000 + i,
  node: `node-${String(i).padStart(3, '0')}`,
  addr: ip,
  port: 7946,
  meta: new TextEncoder().encode('role=web,dc=east'),
  vsn,
});
// Go-named objects for msgpackr (what it would be asked to pack: bytes as Uint8Array → bin8).
const goPing = {
  Node: ping.node,
  SeqNo: ping.seqNo,
  SourceAddr: ip,
  SourceNode: ping.sourceNode,
  SourcePort: ping.sourcePort,
};
const goAlive = (a: Alive): Record<string, unknown> => ({
  Addr: a.addr,
  Incarnation: a.incarnation,
  Meta: a.meta,
  Node: a.node,
  Port: a.port,
  Vsn: a.vsn,
});

// As many alives as fit one 1400-byte compound.
const alives: Alive[] = [];
{
  let size = 2;
  for (let i = 0; ; i++) {
    const a = aliveOf(i);
    const len = encodeMessage({ type: MessageType.Alive, body: a }).length + 2;
    if (size + len > UDP_BUFFER_SIZE) break;
    size += len;
    alives.push(a);
  }
}
const aliveMsgs: WireMessage[] = alives.map((body) => ({ type: MessageType.Alive, body }));
const goAlives = alives.map(goAlive);

interface Row {
  name: string;
  messagesPerOp: number;
  ours: () => unknown;
  peer: () => unknown;
}

const pingBytes = encodeMessage({ type: MessageType.Ping, body: ping });
const aliveBytes = encodeMessage({ type: MessageType.Alive, body: alives[0]! });
const compound = packMessages(aliveMsgs.map((m) => encodeMessage(m)));
if (compound.length !== 1) throw new Error('the compound should be one packet');
const compoundBytes = compound[0]!;
const goPingBytes = packr.pack(goPing);
const goAliveBytes = packr.pack(goAlives[0]);
const goCompoundBytes = packr.pack(goAlives);

const rows: Row[] = [
  {
    name: 'encode ping',
    messagesPerOp: 1,
    ours: () => encodeMessage({ type: MessageType.Ping, body: ping }),
    peer: () => packr.pack(goPing),
  },
  {
    name: 'decode ping',
    messagesPerOp: 1,
    ours: () => decodeMessage(pingBytes),
    peer: (): unknown => packr.unpack(goPingBytes),
  },
  {
    name: 'encode alive',
    messagesPerOp: 1,
    ours: () => encodeMessage(aliveMsgs[0]!),
    peer: () => packr.pack(goAlives[0]),
  },
  {
    name: 'decode alive',
    messagesPerOp: 1,
    ours: () => decodeMessage(aliveBytes),
    peer: (): unknown => packr.unpack(goAliveBytes),
  },
  {
    name: `encode compound (${alives.length} alive, ${compoundBytes.length} B)`,
    messagesPerOp: alives.length,
    ours: () => packMessages(aliveMsgs.map((m) => encodeMessage(m))),
    peer: () => packr.pack(goAlives),
  },
  {
    name: `decode compound (${alives.length} alive, ${compoundBytes.length} B)`,
    messagesPerOp: alives.length,
    ours: () => decodePacket(compoundBytes),
    peer: (): unknown => packr.unpack(goCompoundBytes),
  },
];

function opsPerSec(fn: () => unknown, ms: number): number {
  let n = 0;
  const start = performance.now();
  let now = start;
  while (now - start < ms) {
    for (let i = 0; i < 200; i++) fn();
    n += 200;
    now = performance.now();
  }
  return (n * 1000) / (now - start);
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

const fmt = (x: number): string => Math.round(x).toLocaleString('en-US');

/** Run the wire benchmark and print a Markdown table (plus the fuzz run). */
export function runWireBench(
  options: { roundMs?: number; rounds?: number; fuzzInputs?: number } = {},
): void {
  const roundMs = options.roundMs ?? 150;
  const rounds = options.rounds ?? 11;
  const fuzzInputs = options.fuzzInputs ?? 1_000_000;
  console.log(
    `\n## @ring/swim wire codec — Node ${process.version}, ${rounds} interleaved rounds × ${roundMs} ms, median\n`,
  );
  console.log('| operation | @ring/swim/wire msgs/s | msgpackr msgs/s | ratio (ours / msgpackr) |');
  console.log('|---|---:|---:|---:|');
  for (const r of rows) {
    for (let i = 0; i < 2000; i++) {
      r.ours();
      r.peer();
    }
    const ours: number[] = [];
    const peer: number[] = [];
    for (let i = 0; i < rounds; i++) {
      ours.push(opsPerSec(r.ours, roundMs) * r.messagesPerOp);
      peer.push(opsPerSec(r.peer, roundMs) * r.messagesPerOp);
    }
    const o = median(ours);
    const p = median(peer);
    console.log(`| ${r.name} | ${fmt(o)} | ${fmt(p)} | ${(o / p).toFixed(2)} |`);
  }
  const t0 = performance.now();
  const report = runFuzz(0x5eed, fuzzInputs);
  const secs = (performance.now() - t0) / 1000;
  console.log(
    `\nfuzz: ${fmt(report.inputs)} inputs (seed 0x5eed), ${fmt(report.decodeCalls)} decoder calls, ` +
      `${fmt(report.accepted)} accepted, ${fmt(report.typedErrors)} WireErrors, ` +
      `${report.failures.length} other failures, max stream buffer ${fmt(report.maxBuffered)} B, ` +
      `${secs.toFixed(1)} s (${fmt(report.inputs / secs)} inputs/s)`,
  );
  if (report.failures.length > 0) {
    console.log(JSON.stringify(report.failures, null, 2));
    process.exitCode = 1;
  }
}
