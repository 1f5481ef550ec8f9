import { createSocket } from 'node:dgram';
import { createServer, connect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { Transport } from '../transport.js';
import { Inbox } from '../testing/inbox.js';
import { VirtualClock } from '@ring/base';
import { createUdpTransport } from './udp-transport.js';

const open: Transport[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((t) => t.close()));
});

async function started(
  options: Parameters<typeof createUdpTransport>[0],
): Promise<{ t: Transport; inbox: Inbox }> {
  const t = createUdpTransport(options);
  open.push(t);
  const inbox = new Inbox();
  await t.start(inbox.handlers);
  return { t, inbox };
}

describe('createUdpTransport', () => {
  it('binds UDP and TCP on the same real port when given port 0', async () => {
    const { t, inbox } = await started({ bindAddress: '127.0.0.1', bindPort: 0 });
    const port = Number(t.localAddress().split(':')[1]);
    expect(port).toBeGreaterThan(0);
    // Raw UDP to that port arrives as a packet…
    const raw = createSocket('udp4');
    await new Promise<void>((resolve) =>
      raw.send(Uint8Array.of(42), port, '127.0.0.1', () => resolve()),
    );
    const p = await inbox.nextPacket();
    expect([...p.data]).toEqual([42]);
    expect(p.from).toBe(`127.0.0.1:${raw.address().port}`);
    raw.close();
    // …and a raw TCP connection to it arrives as a stream.
    const socket = connect(port, '127.0.0.1');
    const s = await inbox.nextStream();
    expect(s.remoteAddress).toMatch(/^127\.0\.0\.1:\d+$/);
    s.close();
    socket.destroy();
  });

  it('advertises advertiseAddress/advertisePort instead of the bind address', async () => {
    const { t } = await started({
      bindAddress: '127.0.0.1',
      bindPort: 0,
      advertiseAddress: '192.0.2.10',
      advertisePort: 9000,
    });
    expect(t.localAddress()).toBe('192.0.2.10:9000');
    const { t: v6 } = await started({
      bindAddress: '::1',
      bindPort: 0,
      advertiseAddress: '2001:db8::1',
    });
    expect(v6.localAddress()).toMatch(/^\[2001:db8::1\]:\d+$/);
  });

  it('an unspecified bind (0.0.0.0) advertises a concrete address and still receives on loopback', async () => {
    const { t: a, inbox } = await started({ bindAddress: '0.0.0.0', bindPort: 0 });
    expect(a.localAddress()).not.toMatch(/^0\.0\.0\.0:/);
    const port = Number(a.localAddress().split(':').pop());
    const { t: b } = await started({ bindAddress: '127.0.0.1', bindPort: 0 });
    await b.sendPacket(`127.0.0.1:${port}`, Uint8Array.of(5));
    expect([...(await inbox.nextPacket()).data]).toEqual([5]);
  });

  it('a dual-stack [::] socket reaches and reports IPv4 peers as plain IPv4 addresses', async () => {
    const { t: dual, inbox } = await started({ bindAddress: '::', bindPort: 0 });
    const port = Number(dual.localAddress().split(':').pop());
    const { t: v4, inbox: v4Inbox } = await started({ bindAddress: '127.0.0.1', bindPort: 0 });
    await v4.sendPacket(`127.0.0.1:${port}`, Uint8Array.of(1));
    const p = await inbox.nextPacket();
    expect(p.from).toBe(v4.localAddress());
    await dual.sendPacket(p.from, Uint8Array.of(2));
    expect([...(await v4Inbox.nextPacket()).data]).toEqual([2]);
  });

  it('fails to start with ERR_BIND when the port is taken, and can then be closed', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    const t = createUdpTransport({ bindAddress: '127.0.0.1', bindPort: port });
    open.push(t);
    await expect(t.start(new Inbox().handlers)).rejects.toMatchObject({ code: 'ERR_BIND' });
    expect(t.state).toBe('idle');
    blocker.close();
  });

  it('fails with ERR_BIND when only the UDP twin of a fixed port is taken, releasing the TCP side', async () => {
    const udpBlocker = createSocket('udp4');
    await new Promise<void>((resolve) => udpBlocker.bind(0, '127.0.0.1', () => resolve()));
    const port = udpBlocker.address().port;
    const t = createUdpTransport({ bindAddress: '127.0.0.1', bindPort: port });
    open.push(t);
    const error = await t.start(new Inbox().handlers).catch((e: unknown) => e);
    udpBlocker.close();
    // TCP on that port may or may not have been free; either way the start fails with ERR_BIND…
    expect(error).toMatchObject({ code: 'ERR_BIND' });
    expect(t.state).toBe('idle');
    // …and whatever TCP listener the attempt opened has been closed again.
    const probe = createServer();
    const probeError = await new Promise<NodeJS.ErrnoException | undefined>((resolve) => {
      probe.once('error', resolve);
      probe.listen(port, '127.0.0.1', () => resolve(undefined));
    });
    probe.close();
    expect(probeError).toBeUndefined();
  });

  it('really owns the UDP side of its port (a second UDP bind there fails)', async () => {
    const { t } = await started({ bindAddress: '127.0.0.1', bindPort: 0 });
    const port = Number(t.localAddress().split(':')[1]);
    const probe = createSocket('udp4');
    const err = await new Promise<NodeJS.ErrnoException | undefined>((resolve) => {
      probe.once('error', resolve);
      probe.bind(port, '127.0.0.1', () => resolve(undefined));
    });
    expect(err?.code).toBe('EADDRINUSE');
    probe.close();
  });

  it('timestamps packets on the injected clock', async () => {
    const clock = new VirtualClock(5_000);
    const { t: a } = await started({ bindAddress: '127.0.0.1', bindPort: 0, clock });
    const { t: b, inbox } = await started({ bindAddress: '127.0.0.1', bindPort: 0, clock });
    expect(await a.sendPacket(b.localAddress(), Uint8Array.of(1))).toBe(5_000);
    expect((await inbox.nextPacket()).receivedAt).toBe(5_000);
  });

  it('sends to host names through the injected resolver', async () => {
    const { t: b, inbox } = await started({ bindAddress: '127.0.0.1', bindPort: 0 });
    const port = b.localAddress().split(':')[1]!;
    const { t: a } = await started({
      bindAddress: '127.0.0.1',
      bindPort: 0,
      resolver: (h) => Promise.resolve(h === 'node-b.cluster' ? ['127.0.0.1'] : []),
    });
    await a.sendPacket(`node-b.cluster:${port}`, Uint8Array.of(3));
    expect([...(await inbox.nextPacket()).data]).toEqual([3]);
    const stream = await a.dial(`node-b.cluster:${port}`);
    expect(stream.remoteAddress).toBe(`node-b.cluster:${port}`);
    stream.close();
    await expect(a.sendPacket('other.cluster:1', Uint8Array.of(1))).rejects.toMatchObject({
      code: 'ERR_UNRESOLVABLE_ADDRESS',
    });
  });
});

describe('createUdpTransport bad destinations', () => {
  it('rejects a packet to port 0 with ERR_INVALID_ADDRESS (Node throws synchronously there)', async () => {
    const { t } = await started({ bindAddress: '127.0.0.1', bindPort: 0 });
    await expect(t.sendPacket('127.0.0.1:0', Uint8Array.of(1))).rejects.toMatchObject({
      name: 'TransportError',
      code: 'ERR_INVALID_ADDRESS',
    });
  });
});

describe('createUdpTransport lifecycle edges', () => {
  it('close() while start() is binding rejects the start with ERR_CLOSED and leaves nothing bound', async () => {
    const t = createUdpTransport({ bindAddress: '127.0.0.1', bindPort: 0 });
    const starting = t.start(new Inbox().handlers);
    await t.close();
    await expect(starting).rejects.toMatchObject({ code: 'ERR_CLOSED' });
    expect(t.state).toBe('closed');
    expect(() => t.localAddress()).toThrow(expect.objectContaining({ code: 'ERR_CLOSED' }));
  });

  it('close() while a packet waits for name resolution rejects the send with ERR_CLOSED', async () => {
    let answer!: (ips: readonly string[]) => void;
    const resolver = (): Promise<readonly string[]> => new Promise((resolve) => (answer = resolve));
    const { t } = await started({ bindAddress: '127.0.0.1', bindPort: 0, resolver });
    const sending = t.sendPacket('slow.cluster:7946', Uint8Array.of(1));
    await t.close();
    answer(['127.0.0.1']);
    await expect(sending).rejects.toMatchObject({ name: 'TransportError', code: 'ERR_CLOSED' });
  });
});

describe('createUdpTransport close()', () => {
  it('sends the packets handed to sendPacket before it closes the socket', async () => {
    const { t: b, inbox } = await started({ bindAddress: '127.0.0.1', bindPort: 0 });
    const a = createUdpTransport({ bindAddress: '127.0.0.1', bindPort: 0 });
    await a.start(new Inbox().handlers);
    // The first packet to an address resolves it first: close() comes while that is pending.
    const sent = a.sendPacket(b.localAddress(), Uint8Array.of(7));
    await a.close();
    await expect(sent).resolves.toEqual(expect.any(Number));
    const p = await inbox.nextPacket();
    expect([...p.data]).toEqual([7]);
    expect(a.state).toBe('closed');
    await expect(a.sendPacket(b.localAddress(), Uint8Array.of(8))).rejects.toMatchObject({
      code: 'ERR_CLOSED',
    });
  });
});
