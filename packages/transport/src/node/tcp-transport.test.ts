import { createServer, connect, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { Transport } from '../transport.js';
import { Inbox } from '../testing/inbox.js';
import { VirtualClock } from '@ring/base';
import { FrameDecoder, encodeFrame } from './frame-decoder.js';
import { KIND_PACKETS, KIND_STREAM, decodePreface, encodePreface } from './preface.js';
import { MAX_PENDING_PREFACES, createTcpTransport } from './tcp-transport.js';

const open: Transport[] = [];
const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((t) => t.close()));
  for (const s of servers.splice(0)) s.close();
});

async function started(
  options: Parameters<typeof createTcpTransport>[0] = {},
): Promise<{ t: Transport; inbox: Inbox }> {
  const t = createTcpTransport({ bindAddress: '127.0.0.1', bindPort: 0, ...options });
  open.push(t);
  const inbox = new Inbox();
  await t.start(inbox.handlers);
  return { t, inbox };
}

/** A raw TCP peer that records connections, prefaces and frames. */
async function rawPeer(): Promise<{
  address: string;
  connections: Socket[];
  prefaces: string[];
  frames: number[][];
  nextFrame: () => Promise<void>;
}> {
  const connections: Socket[] = [];
  const prefaces: string[] = [];
  const frames: number[][] = [];
  let wake: (() => void) | undefined;
  const server = createServer((socket) => {
    connections.push(socket);
    let buf: Buffer = Buffer.alloc(0);
    let decoder: FrameDecoder | undefined;
    socket.on('data', (chunk: Buffer) => {
      if (decoder !== undefined) return decoder.push(chunk);
      buf = Buffer.concat([buf, chunk]);
      const d = decodePreface(buf);
      if (d === undefined) return;
      prefaces.push(`${String.fromCharCode(d.preface.kind)} ${d.preface.from}`);
      decoder = new FrameDecoder(65536, (f) => {
        frames.push([...f]);
        wake?.();
      });
      decoder.push(buf.subarray(d.length));
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = `127.0.0.1:${(server.address() as { port: number }).port}`;
  return {
    address,
    connections,
    prefaces,
    frames,
    nextFrame: () => new Promise<void>((resolve) => (wake = resolve)),
  };
}

function closed(socket: Socket): Promise<void> {
  return new Promise((resolve) => {
    if (socket.destroyed) resolve();
    else socket.once('close', () => resolve());
  });
}

describe('createTcpTransport', () => {
  it('sends packets as frames over one pooled connection that opens with a packet preface', async () => {
    const peer = await rawPeer();
    const { t } = await started({ advertiseAddress: '127.0.0.1' });
    for (let i = 0; i < 20; i++) await t.sendPacket(peer.address, Uint8Array.of(i));
    while (peer.frames.length < 20) await peer.nextFrame();
    expect(peer.connections).toHaveLength(1);
    expect(peer.prefaces).toEqual([`P ${t.localAddress()}`]);
    expect(peer.frames).toEqual(Array.from({ length: 20 }, (_, i) => [i]));
  });

  it('reports the advertised address from the preface as Packet.from, not the ephemeral port', async () => {
    const { t: a } = await started({ advertisePort: 4242 });
    const { t: b, inbox } = await started();
    await a.sendPacket(b.localAddress(), Uint8Array.of(1));
    expect((await inbox.nextPacket()).from).toBe('127.0.0.1:4242');
    const s = await a.dial(b.localAddress());
    expect((await inbox.nextStream()).remoteAddress).toBe('127.0.0.1:4242');
    s.close();
  });

  it('closes a pooled connection after idleTimeoutMs on its clock and reconnects on the next packet', async () => {
    const clock = new VirtualClock(0);
    const peer = await rawPeer();
    const { t } = await started({ clock, idleTimeoutMs: 1000 });
    await t.sendPacket(peer.address, Uint8Array.of(1));
    while (peer.frames.length < 1) await peer.nextFrame();
    clock.advance(999);
    await t.sendPacket(peer.address, Uint8Array.of(2));
    while (peer.frames.length < 2) await peer.nextFrame();
    clock.advance(999); // 1998: only 999 ms since the last packet
    expect(peer.connections[0]!.destroyed).toBe(false);
    clock.advance(1); // 1999 = last use + 1000
    await closed(peer.connections[0]!);
    await t.sendPacket(peer.address, Uint8Array.of(3));
    while (peer.frames.length < 3) await peer.nextFrame();
    expect(peer.connections).toHaveLength(2);
  });

  it('closes its side of a packet channel the dialer ended (no half-open socket left behind)', async () => {
    const { t, inbox } = await started();
    const port = Number(t.localAddress().split(':')[1]);
    const dialer = connect({ port, host: '127.0.0.1', allowHalfOpen: true }, () => {
      dialer.end(
        Buffer.concat([encodePreface(KIND_PACKETS, '127.0.0.1:1'), encodeFrame(Uint8Array.of(7))]),
      );
    });
    let peerEnded = false;
    dialer.on('end', () => (peerEnded = true));
    dialer.resume();
    expect([...(await inbox.nextPacket()).data]).toEqual([7]);
    await closed(dialer);
    expect(peerEnded).toBe(true);
  });

  it('keeps a pooled connection forever with idleTimeoutMs: Infinity (no timer spin)', async () => {
    const clock = new VirtualClock(0);
    const peer = await rawPeer();
    const { t } = await started({ clock, idleTimeoutMs: Number.POSITIVE_INFINITY });
    await t.sendPacket(peer.address, Uint8Array.of(1));
    while (peer.frames.length < 1) await peer.nextFrame();
    expect(clock.pending).toBe(0);
    clock.advance(365 * 24 * 3600 * 1000);
    await t.sendPacket(peer.address, Uint8Array.of(2));
    while (peer.frames.length < 2) await peer.nextFrame();
    expect(peer.connections).toHaveLength(1);
    expect(peer.connections[0]!.destroyed).toBe(false);
  });

  it('rejects a packet to a refusing peer with ERR_CONNECTION_REFUSED (TCP reports what UDP cannot)', async () => {
    const { t } = await started();
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const port = (probe.address() as { port: number }).port;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    await expect(t.sendPacket(`127.0.0.1:${port}`, Uint8Array.of(1))).rejects.toMatchObject({
      code: 'ERR_CONNECTION_REFUSED',
    });
  });

  it('drops connections with a foreign preface or an oversized frame, and keeps serving', async () => {
    const { t, inbox } = await started({ maxPacketSize: 100 });
    const port = Number(t.localAddress().split(':')[1]);
    const http = connect(port, '127.0.0.1', () => http.write('GET / HTTP/1.1\r\n\r\n'));
    await closed(http);
    const big = connect(port, '127.0.0.1', () => {
      big.write(encodePreface(KIND_PACKETS, '127.0.0.1:1'));
      big.write(encodeFrame(new Uint8Array(101)));
    });
    await closed(big);
    const good = connect(port, '127.0.0.1', () => {
      good.write(
        Buffer.concat([encodePreface(KIND_PACKETS, '127.0.0.1:1'), encodeFrame(Uint8Array.of(7))]),
      );
    });
    const p = await inbox.nextPacket();
    expect(p).toMatchObject({ from: '127.0.0.1:1' });
    expect([...p.data]).toEqual([7]);
    expect(inbox.packets).toHaveLength(1);
    good.destroy();
  });

  it('hands bytes that follow a stream preface in the same segment to the stream', async () => {
    const { t, inbox } = await started();
    const port = Number(t.localAddress().split(':')[1]);
    const raw = connect(port, '127.0.0.1', () => {
      raw.end(Buffer.concat([encodePreface(KIND_STREAM, '127.0.0.1:9'), Buffer.from('payload')]));
    });
    const s = await inbox.nextStream();
    let text = '';
    for await (const chunk of s) text += Buffer.from(chunk).toString();
    expect(text).toBe('payload');
    expect(s.remoteAddress).toBe('127.0.0.1:9');
    s.close();
    raw.destroy();
  });
});

describe('TCP-only transport under a connection flood', () => {
  it('closes inbound connections beyond MAX_PENDING_PREFACES that have not sent their preface', async () => {
    const { t } = await started();
    const port = Number(t.localAddress().split(':')[1]);
    const sockets: Socket[] = [];
    let closed = 0;
    try {
      for (let i = 0; i < MAX_PENDING_PREFACES + 40; i++) {
        const s = connect(port, '127.0.0.1');
        s.on('error', () => undefined);
        s.on('close', () => closed++);
        sockets.push(s);
      }
      const deadline = performance.now() + 10_000;
      while (closed < 40 && performance.now() < deadline)
        await new Promise<void>((resolve) => setTimeout(resolve, 5));
      expect(closed).toBeGreaterThanOrEqual(40);
      // The pending ones are still held (waiting for their preface), not closed.
      expect(closed).toBeLessThan(MAX_PENDING_PREFACES + 40);
    } finally {
      for (const s of sockets) s.destroy();
    }
  });
});
