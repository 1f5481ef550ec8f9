/**
 * @ring/transport benchmarks: our transports against raw node:dgram / node:net, measured in the
 * same run and reported as ratios. Loopback only (127.0.0.1, port 0).
 *
 *   pnpm --filter @ring/transport bench          (env BENCH_MS=<ms per trial>, BENCH_TRIALS=<n>)
 */
import { createSocket, type Socket as DgramSocket } from 'node:dgram';
import { createServer, connect, type Server, type Socket } from 'node:net';
import { cpus, loadavg } from 'node:os';
import {
  MemoryNetwork,
  VirtualClock,
  createSeededRandom,
  type Stream,
  type Transport,
} from '@ring/transport';
import { createTcpTransport, createUdpTransport } from '@ring/transport/node';

const TRIAL_MS = Number(process.env.BENCH_MS ?? 1000);
const TRIALS = Number(process.env.BENCH_TRIALS ?? 5);
const WINDOW = 64; // packets in flight before waiting for the receiver to catch up
const CHUNK = 64 * 1024;

const now = (): number => performance.now();
const tick = (): Promise<void> => new Promise((r) => setImmediate(r));

/** One measurement: throughput and how many units it moved. */
interface Result {
  readonly perSecond: number;
  readonly units: number;
}

/** Something that can be measured. */
interface Case {
  readonly name: string;
  readonly unit: string;
  run(): Promise<Result>;
}

// ---- packets -------------------------------------------------------------------------------

/**
 * Windowed packet pump shared by every packet case: send WINDOW packets, wait (≤ 20 ms) for the
 * receiver to have them, repeat for TRIAL_MS. Returns delivered packets per second.
 */
async function pumpPackets(
  send: () => Promise<unknown> | void,
  received: () => number,
): Promise<Result> {
  let sent = 0;
  const start = now();
  const startCount = received();
  while (now() - start < TRIAL_MS) {
    const pending: Promise<unknown>[] = [];
    for (let i = 0; i < WINDOW; i++) {
      const r = send();
      if (r !== undefined) pending.push(r);
    }
    await Promise.all(pending);
    sent += WINDOW;
    const waitStart = now();
    while (received() - startCount < sent && now() - waitStart < 20) await tick();
    if (received() - startCount < sent) sent = received() - startCount; // count losses as not delivered
  }
  const units = received() - startCount;
  return { perSecond: units / ((now() - start) / 1000), units };
}

function bindUdp(): Promise<DgramSocket> {
  const s = createSocket('udp4');
  return new Promise((resolve) => s.bind(0, '127.0.0.1', () => resolve(s)));
}

function rawUdpCase(size: number): Case {
  return {
    name: `packets ${size} B`,
    unit: 'pkt/s',
    async run() {
      const rx = await bindUdp();
      const tx = await bindUdp();
      let count = 0;
      rx.on('message', () => count++);
      const port = rx.address().port;
      const payload = new Uint8Array(size);
      const rate = await pumpPackets(
        () => new Promise<void>((resolve) => tx.send(payload, port, '127.0.0.1', () => resolve())),
        () => count,
      );
      rx.close();
      tx.close();
      return rate;
    },
  };
}

function transportPacketCase(create: () => Transport, size: number): Case {
  return {
    name: `packets ${size} B`,
    unit: 'pkt/s',
    async run() {
      let count = 0;
      const rx = create();
      const tx = create();
      await rx.start({ onPacket: () => count++, onStream: (s) => s.close() });
      await tx.start({ onPacket: () => undefined, onStream: (s) => s.close() });
      const to = rx.localAddress();
      const payload = new Uint8Array(size);
      const rate = await pumpPackets(
        () => tx.sendPacket(to, payload),
        () => count,
      );
      await Promise.all([rx.close(), tx.close()]);
      return rate;
    },
  };
}

/** Raw TCP baseline for the TCP-only transport: the same 4-byte length framing, no transport. */
function rawTcpFramedCase(size: number): Case {
  return {
    name: `packets ${size} B`,
    unit: 'pkt/s',
    async run() {
      let count = 0;
      const frameLen = 4 + size;
      const server = await listenRaw((socket) => {
        let pending = 0;
        socket.on('data', (chunk: Buffer) => {
          pending += chunk.length;
          const frames = Math.floor(pending / frameLen);
          count += frames;
          pending -= frames * frameLen;
        });
      });
      const client = await dialRaw(server);
      const frame = Buffer.alloc(frameLen);
      frame.writeUInt32BE(size, 0);
      const rate = await pumpPackets(
        () => void client.write(Buffer.from(frame)),
        () => count,
      );
      client.destroy();
      server.close();
      return rate;
    },
  };
}

// ---- streams -------------------------------------------------------------------------------

function listenRaw(onSocket: (s: Socket) => void): Promise<Server> {
  const server = createServer(onSocket);
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

function dialRaw(server: Server): Promise<Socket> {
  const port = (server.address() as { port: number }).port;
  return new Promise((resolve) => {
    const s = connect(port, '127.0.0.1', () => resolve(s));
    s.setNoDelay(true);
  });
}

/** Write CHUNK-sized writes for TRIAL_MS, then end; returns MB/s as seen by the reader. */
async function pumpStream(
  write: (chunk: Uint8Array) => Promise<void> | boolean,
  end: () => Promise<void> | void,
  done: Promise<number>,
): Promise<Result> {
  const chunk = new Uint8Array(CHUNK);
  const start = now();
  while (now() - start < TRIAL_MS) {
    const r = write(chunk);
    if (r instanceof Promise) await r;
  }
  await end();
  const bytes = await done;
  return { perSecond: bytes / 1e6 / ((now() - start) / 1000), units: bytes / 1e6 };
}

/** The stream case's name and unit, shared by the transport and the raw-socket peer. */
const STREAM_CASE = { name: 'stream 64 KiB writes', unit: 'MB/s' } as const;

/** The byte count the receiving side reports at end of stream. */
function receivedBytes(): { done: Promise<number>; resolveDone: (n: number) => void } {
  let resolveDone!: (n: number) => void;
  const done = new Promise<number>((r) => (resolveDone = r));
  return { done, resolveDone };
}

function rawStreamCase(): Case {
  return {
    ...STREAM_CASE,
    async run() {
      const { done, resolveDone } = receivedBytes();
      const server = await listenRaw((socket) => {
        let bytes = 0;
        socket.on('data', (c: Buffer) => (bytes += c.length));
        socket.on('end', () => {
          resolveDone(bytes);
          socket.end();
        });
      });
      const client = await dialRaw(server);
      const write = (c: Uint8Array): Promise<void> | boolean =>
        client.write(c) ? true : new Promise<void>((r) => client.once('drain', () => r()));
      const rate = await pumpStream(write, () => new Promise<void>((r) => client.end(r)), done);
      client.destroy();
      server.close();
      return rate;
    },
  };
}

function transportStreamCase(create: () => Transport): Case {
  return {
    ...STREAM_CASE,
    async run() {
      const { done, resolveDone } = receivedBytes();
      const rx = create();
      const tx = create();
      await rx.start({
        onPacket: () => undefined,
        onStream: (s: Stream) => {
          void (async () => {
            let bytes = 0;
            for await (const c of s) bytes += c.length;
            resolveDone(bytes);
            s.close();
          })();
        },
      });
      await tx.start({ onPacket: () => undefined, onStream: (s) => s.close() });
      const stream = await tx.dial(rx.localAddress());
      const rate = await pumpStream(
        (c) => stream.write(c),
        () => stream.end(),
        done,
      );
      stream.close();
      await Promise.all([rx.close(), tx.close()]);
      return rate;
    },
  };
}

// ---- memory network ------------------------------------------------------------------------

/** N nodes on a MemoryNetwork + VirtualClock, each sending to pseudo-random peers; wall-clock rate. */
function memoryCase(nodes: number, size: number): Case {
  return {
    name: `memory ${nodes} nodes, ${size} B`,
    unit: 'pkt/s',
    async run() {
      const clock = new VirtualClock(0);
      const net = new MemoryNetwork({
        clock,
        seed: 1,
        defaultLink: { latencyMs: 1, jitterMs: 1, loss: 0.01 },
      });
      const ts: Transport[] = [];
      let delivered = 0;
      for (let i = 0; i < nodes; i++) {
        const t = net.createTransport();
        await t.start({ onPacket: () => delivered++, onStream: (s) => s.close() });
        ts.push(t);
      }
      const addrs = ts.map((t) => t.localAddress());
      const payload = new Uint8Array(size);
      const pick = createSeededRandom(12345);
      const start = now();
      while (now() - start < TRIAL_MS) {
        for (let i = 0; i < 10_000; i++) {
          void ts[pick.int(nodes)]!.sendPacket(addrs[pick.int(nodes)]!, payload);
        }
        clock.advance(5);
      }
      clock.runAll();
      return { perSecond: delivered / ((now() - start) / 1000), units: delivered };
    },
  };
}

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
