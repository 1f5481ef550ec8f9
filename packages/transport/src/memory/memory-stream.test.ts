import { describe, expect, it } from 'vitest';
import { TransportError } from '../errors.js';
import type { Stream } from '../transport.js';
import { VirtualClock } from '@ring/base';
import { MemoryNetwork } from './memory-network.js';
import type { MemoryTransport } from './memory-transport.js';

interface Rig {
  clock: VirtualClock;
  net: MemoryNetwork;
  a: MemoryTransport;
  b: MemoryTransport;
  accepted: Stream[];
}

async function rig(latencyMs = 5, jitterMs = 0, streamHighWaterMark?: number): Promise<Rig> {
  const clock = new VirtualClock(0);
  const net = new MemoryNetwork({
    clock,
    seed: 1,
    defaultLink: { latencyMs, jitterMs },
    ...(streamHighWaterMark === undefined ? {} : { streamHighWaterMark }),
  });
  const accepted: Stream[] = [];
  const a = net.createTransport();
  const b = net.createTransport();
  await a.start({ onPacket: () => undefined, onStream: (s) => accepted.push(s) });
  await b.start({ onPacket: () => undefined, onStream: (s) => accepted.push(s) });
  return { clock, net, a, b, accepted };
}

/** Collect everything a stream yields, as text, with the error code if it failed. */
function collect(stream: Stream): { text: string; done: boolean; error?: string } {
  const out: { text: string; done: boolean; error?: string } = { text: '', done: false };
  void (async () => {
    try {
      for await (const chunk of stream) out.text += new TextDecoder().decode(chunk);
      out.done = true;
    } catch (error) {
      out.error = (error as TransportError).code;
    }
  })();
  return out;
}

const enc = (s: string): Uint8Array => new TextEncoder().encode(s);

describe('MemoryNetwork streams', () => {
  it('seed 1: dial takes one round trip; data flows both ways in order despite jitter; half-close', async () => {
    const { clock, a, b, accepted } = await rig(5, 20);
    let stream: Stream | undefined;
    void a.dial(b.localAddress()).then((s) => (stream = s));
    await clock.runUntilAsync(() => stream !== undefined, { maxMs: 100 });
    expect(stream?.remoteAddress).toBe(b.localAddress());
    expect(accepted).toHaveLength(1);
    const server = accepted[0]!;
    expect(server.remoteAddress).toBe(a.localAddress());
    const atServer = collect(server);
    const atClient = collect(stream!);
    for (let i = 0; i < 50; i++) await stream!.write(enc(`${i},`));
    await stream!.end();
    await expect(stream!.write(enc('x'))).rejects.toMatchObject({ code: 'ERR_STREAM_CLOSED' });
    await clock.runUntilAsync(() => atServer.done, { maxMs: 1000 });
    expect(atServer.text).toBe(Array.from({ length: 50 }, (_, i) => `${i},`).join(''));
    await server.write(enc('reply'));
    await server.end();
    await clock.runUntilAsync(() => atClient.done, { maxMs: 1000 });
    expect(atClient.text).toBe('reply');
  });

  it('a dial to an address without a transport is refused after one round trip', async () => {
    const { clock, a } = await rig(5);
    let error: TransportError | undefined;
    a.dial('10.0.0.99:7946').catch((e: unknown) => (error = e as TransportError));
    await clock.advanceAsync(9);
    expect(error).toBeUndefined();
    await clock.advanceAsync(1);
    expect(error?.code).toBe('ERR_CONNECTION_REFUSED');
  });

  it('a dial across a partition times out at exactly timeoutMs', async () => {
    const { clock, net, a, b, accepted } = await rig(5);
    net.partition(a.localAddress(), b.localAddress(), { oneWay: true });
    let error: TransportError | undefined;
    a.dial(b.localAddress(), { timeoutMs: 3000 }).catch(
      (e: unknown) => (error = e as TransportError),
    );
    await clock.advanceAsync(2999);
    expect(error).toBeUndefined();
    await clock.advanceAsync(1);
    expect(error?.code).toBe('ERR_TIMEOUT');
    expect(accepted).toHaveLength(0);
    clock.runAll();
    expect(accepted).toHaveLength(0);
  });

  it('a dial whose SYN was lost connects on the retransmission after heal (1 s RTO)', async () => {
    const { clock, net, a, b } = await rig(5);
    net.partition(a.localAddress(), b.localAddress());
    let stream: Stream | undefined;
    void a.dial(b.localAddress()).then((s) => (stream = s));
    await clock.advanceAsync(100);
    net.heal();
    expect(await clock.runUntilAsync(() => stream !== undefined, { maxMs: 5000 })).toBe(true);
    // SYN lost at 5, resent at 5 + 1000 + 5 = 1010, SYN-ACK 5 ms later.
    expect(clock.now()).toBe(1015);
  });

  it('an aborted dial rejects with ERR_ABORTED', async () => {
    const { clock, net, a, b } = await rig(5);
    net.isolate(b.localAddress());
    const ac = new AbortController();
    const p = a.dial(b.localAddress(), { signal: ac.signal });
    await clock.advanceAsync(50);
    ac.abort();
    await expect(p).rejects.toMatchObject({ code: 'ERR_ABORTED' });
  });

  it('an established stream stalls across a partition and resumes in order after heal', async () => {
    const { clock, net, a, b, accepted } = await rig(5);
    let stream: Stream | undefined;
    void a.dial(b.localAddress()).then((s) => (stream = s));
    await clock.runUntilAsync(() => stream !== undefined, { maxMs: 100 });
    const atServer = collect(accepted[0]!);
    await stream!.write(enc('a'));
    await clock.advanceAsync(5);
    expect(atServer.text).toBe('a');
    net.partition(a.localAddress(), b.localAddress());
    await stream!.write(enc('b'));
    await stream!.write(enc('c'));
    await clock.advanceAsync(10_000);
    expect(atServer.text).toBe('a');
    net.heal();
    await stream!.write(enc('d'));
    await stream!.end();
    await clock.runUntilAsync(() => atServer.done, { maxMs: 100 });
    expect(atServer.text).toBe('abcd');
  });

  it('chunks still in flight when a partition heals queue up behind the held ones (order kept)', async () => {
    const { clock, net, a, b, accepted } = await rig(5);
    let stream: Stream | undefined;
    void a.dial(b.localAddress()).then((s) => (stream = s));
    await clock.runUntilAsync(() => stream !== undefined, { maxMs: 100 });
    const atServer = collect(accepted[0]!);
    const t0 = clock.now();
    await stream!.write(enc('a'));
    await clock.advanceAsync(5);
    net.partition(a.localAddress(), b.localAddress());
    await stream!.write(enc('b')); // arrives at t0+10 while partitioned: held
    await clock.advanceAsync(93);
    await stream!.write(enc('c')); // due at t0+103, after the heal below
    await clock.advanceAsync(2);
    net.heal(); // t0+100: the held 'b' is released at t0+105
    await stream!.write(enc('d'));
    await clock.advanceAsync(3);
    expect(clock.now()).toBe(t0 + 103);
    expect(atServer.text).toBe('a');
    await stream!.end();
    await clock.runUntilAsync(() => atServer.done, { maxMs: 100 });
    expect(atServer.text).toBe('abcd');
  });

  it('kill resets the peer: its reads throw ERR_CONNECTION_RESET, its writes fail', async () => {
    const { clock, net, a, b, accepted } = await rig(5);
    let stream: Stream | undefined;
    void a.dial(b.localAddress()).then((s) => (stream = s));
    await clock.runUntilAsync(() => stream !== undefined, { maxMs: 100 });
    const atClient = collect(stream!);
    expect(accepted).toHaveLength(1);
    net.kill(b.localAddress());
    await clock.runUntilAsync(() => atClient.error !== undefined, { maxMs: 100 });
    expect(atClient.error).toBe('ERR_CONNECTION_RESET');
    await expect(stream!.write(enc('x'))).rejects.toMatchObject({ code: 'ERR_STREAM_CLOSED' });
  });

  it('closing a transport closes its streams gracefully (peer reads end) and fails its pending dials', async () => {
    const { clock, net, a, b, accepted } = await rig(5);
    let stream: Stream | undefined;
    void a.dial(b.localAddress()).then((s) => (stream = s));
    await clock.runUntilAsync(() => stream !== undefined, { maxMs: 100 });
    const atClient = collect(stream!);
    await accepted[0]!.write(enc('bye'));
    net.isolate('10.0.0.50:7946');
    const pending = a.dial('10.0.0.50:7946');
    await b.close();
    await clock.advanceAsync(100);
    expect(atClient).toEqual({ text: 'bye', done: true });
    await a.close();
    await expect(pending).rejects.toMatchObject({ code: 'ERR_CLOSED' });
  });

  it('data arriving at a closed end is refused: the writer then gets ERR_STREAM_CLOSED', async () => {
    const { clock, a, b, accepted } = await rig(5);
    let stream: Stream | undefined;
    void a.dial(b.localAddress()).then((s) => (stream = s));
    await clock.runUntilAsync(() => stream !== undefined, { maxMs: 100 });
    accepted[0]!.close();
    await stream!.write(enc('late'));
    await clock.advanceAsync(20);
    await expect(stream!.write(enc('again'))).rejects.toMatchObject({ code: 'ERR_STREAM_CLOSED' });
  });

  it('write() waits while more than the high-water mark is unread (back-pressure)', async () => {
    const { clock, a, b, accepted } = await rig(1, 0, 10);
    let stream: Stream | undefined;
    void a.dial(b.localAddress()).then((s) => (stream = s));
    await clock.runUntilAsync(() => stream !== undefined, { maxMs: 100 });
    let resolved = 0;
    await stream!.write(new Uint8Array(8));
    void stream!.write(new Uint8Array(8)).then(() => resolved++);
    await clock.advanceAsync(50);
    expect(resolved).toBe(0);
    const iterator = accepted[0]![Symbol.asyncIterator]();
    expect((await iterator.next()).value).toHaveLength(8);
    await clock.advanceAsync(0);
    expect(resolved).toBe(1);
  });

  it('a writer waiting on back-pressure fails with ERR_STREAM_CLOSED when the reader closes with data unread', async () => {
    const { clock, a, b, accepted } = await rig(1, 0, 10);
    let stream: Stream | undefined;
    void a.dial(b.localAddress()).then((s) => (stream = s));
    await clock.runUntilAsync(() => stream !== undefined, { maxMs: 100 });
    await stream!.write(new Uint8Array(8));
    let outcome = 'pending';
    stream!.write(new Uint8Array(8)).then(
      () => (outcome = 'resolved'),
      (error: unknown) => (outcome = (error as TransportError).code),
    );
    await clock.advanceAsync(50); // both chunks delivered, unread
    accepted[0]!.close();
    await clock.advanceAsync(50);
    expect(outcome).toBe('ERR_STREAM_CLOSED');
    await expect(stream!.write(enc('after'))).rejects.toMatchObject({ code: 'ERR_STREAM_CLOSED' });
  });
});
