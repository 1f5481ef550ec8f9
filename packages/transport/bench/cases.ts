// The cases the transport benchmark measures (bench/index.ts runs them side by side): our
// transports and raw node:dgram / node:net peers, loopback only (127.0.0.1, port 0).
import { createSocket, type Socket as DgramSocket } from 'node:dgram';
import { createServer, connect, type Server, type Socket } from 'node:net';
import { MemoryNetwork, VirtualClock, type Stream, type Transport } from '@ring/transport';

export const TRIAL_MS = Number(process.env.BENCH_MS ?? 1000);
export const TRIALS = Number(process.env.BENCH_TRIALS ?? 5);
const WINDOW = 64; // packets in flight before waiting for the receiver to catch up
const CHUNK = 64 * 1024;

const now = (): number => performance.now();
const tick = (): Promise<void> => new Promise((r) => setImmediate(r));

/** One measurement: throughput and how many units it moved. */
export interface Result {
  readonly perSecond: number;
  readonly units: number;
}

/** Something that can be measured. */
export interface Case {
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

export function rawUdpCase(size: number): Case {
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

export function transportPacketCase(create: () => Transport, size: number): Case {
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
export function rawTcpFramedCase(size: number): Case {
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

export function rawStreamCase(): Case {
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

export function transportStreamCase(create: () => Transport): Case {
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
export function memoryCase(nodes: number, size: number): Case {
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
      // Sender/receiver picks: the same LCG sequence as every published run of this case, so the
      // figures stay comparable (a uniform generator touches twice as many of the 10^6 links).
      let k = 12345;
      const start = now();
      while (now() - start < TRIAL_MS) {
        for (let i = 0; i < 10_000; i++) {
          k = (k * 1103515245 + 12345) & 0x7fffffff;
          void ts[k % nodes]!.sendPacket(addrs[(k >> 8) % nodes]!, payload);
        }
        clock.advance(5);
      }
      clock.runAll();
      return { perSecond: delivered / ((now() - start) / 1000), units: delivered };
    },
  };
}
