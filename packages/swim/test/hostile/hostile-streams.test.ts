/**
 * Issue 19, stream path on the in-memory network with a virtual clock: idle and half-sent
 * connections cannot lock real members out of push/pull, buffered bytes stay within the
 * budget, slow senders are cut, and every refusal is counted.
 */
import { describe, expect, it } from 'vitest';
import type { Stream } from '@ring/transport';
import { Keyring, MessageType, StreamParser, encodeStreamMessage } from '../../src/wire/index.js';
import { hostileCluster } from './harness.js';

/** The first `n` bytes of a push/pull announcing `userStateBytes` of user state (never finished). */
function unfinishedPushPull(userStateBytes: number, n: number): Uint8Array {
  const full = encodeStreamMessage({
    type: MessageType.PushPull,
    body: { join: false, nodes: [], userState: new Uint8Array(userStateBytes) },
  });
  return full.slice(0, n);
}

describe('hostile streams (MemoryNetwork + VirtualClock)', () => {
  it('idle connections beyond maxInboundStreams wait, are dropped or evicted; a real push/pull still works (seed 1911)', async () => {
    const c = await hostileCluster(3, 1911, {
      maxInboundStreams: 16,
      maxWaitingInboundStreams: 32,
      inboundStreamTimeoutMs: 10_000,
    });
    const streams: Stream[] = [];
    for (let k = 0; k < 200; k++) streams.push(await c.dial(0));
    await c.run(10);
    // 16 served, 32 waiting, the oldest waiters dropped.
    expect(c.refusals(0, 'stream_limit', 'tcp')).toBe(200 - 16 - 32);
    // Past the 1 s grace, a real member's push/pull (join) evicts the oldest idle stream.
    await c.run(1_000);
    let joined: number | undefined;
    void c.nodes[2]!.join([c.nodes[0]!.address]).then((n) => (joined = n));
    expect(await c.until(() => joined !== undefined, 5_000)).toBe(true);
    expect(joined).toBe(1);
    expect(c.refusals(0, 'stream_limit', 'tcp')).toBe(200 - 16 - 32 + 1);
    // Every idle stream ends, each counted once: dropped, evicted, or cut at its deadline.
    await c.run(25_000);
    expect(c.refusals(0, 'stream_limit', 'tcp') + c.refusals(0, 'timeout', 'tcp')).toBe(200);
    expect(c.metrics[0]!.gauges.get('ring_swim_inbound_streams') ?? -1).toBe(0);
    expect(c.healthy()).toBe(true);
    for (const s of streams) s.close();
    await c.shutdown();
  }, 30_000);

  it('unfinished large push/pulls stay within maxInboundStreamBytes; the greediest are evicted (seed 1912)', async () => {
    const budget = 4 * 1024 * 1024;
    const c = await hostileCluster(3, 1912, { maxInboundStreamBytes: budget });
    const head = unfinishedPushPull(19 * 1024 * 1024, 512 * 1024);
    const streams: Stream[] = [];
    let peak = 0;
    for (let k = 0; k < 30; k++) {
      const s = await c.dial(0);
      streams.push(s);
      void s.write(head).catch(() => undefined);
      await c.run(5);
      peak = Math.max(peak, c.metrics[0]!.gauges.get('ring_swim_inbound_stream_bytes') ?? 0);
    }
    await c.run(1_000);
    peak = Math.max(peak, c.metrics[0]!.gauges.get('ring_swim_inbound_stream_bytes') ?? 0);
    expect(peak).toBeLessThanOrEqual(budget);
    expect(c.refusals(0, 'stream_buffer_budget', 'tcp')).toBeGreaterThanOrEqual(30 - 8);
    let joined: number | undefined;
    void c.nodes[2]!.join([c.nodes[0]!.address]).then((n) => (joined = n));
    expect(await c.until(() => joined !== undefined, 5_000)).toBe(true);
    expect(joined).toBe(1);
    for (const s of streams) s.close();
    await c.run(11_000);
    expect(c.healthy()).toBe(true);
    await c.shutdown();
  }, 30_000);

  it('junk and oversize headers are refused by reason, with an errResp (seed 1913)', async () => {
    const c = await hostileCluster(3, 1913);
    const junk = await c.dial(0);
    const reply: number[] = [];
    void (async () => {
      for await (const chunk of junk) reply.push(...chunk);
    })().catch(() => undefined);
    await junk.write(Uint8Array.of(0x42, 1, 2, 3));
    // A push/pull header claiming a 1 GiB user state (UserStateLen 16 patched to uint32 2^30).
    const big = await c.dial(0);
    const huge = encodeStreamMessage({
      type: MessageType.PushPull,
      body: { join: false, nodes: [], userState: new Uint8Array(16) },
    });
    const key = new TextEncoder().encode('UserStateLen');
    const k = huge.findIndex((_, i) => key.every((b, j) => huge[i + j] === b)) + key.length;
    expect(huge[k]).toBe(16);
    const patched = new Uint8Array(huge.length - 16 + 4);
    patched.set(huge.subarray(0, k));
    patched.set([0xce, 0x40, 0, 0, 0], k);
    patched.set(huge.subarray(k + 1, huge.length - 16), k + 5);
    await big.write(patched);
    await c.run(100);
    expect(c.refusals(0, 'unsupported', 'tcp')).toBe(1);
    // The reply is an errResp (compressed, as memberlist compresses streams).
    const [answer] = new StreamParser().push(Uint8Array.from(reply));
    expect(answer?.type).toBe(MessageType.Err);
    expect(c.refusals(0, 'too_large', 'tcp')).toBe(1);
    expect(c.healthy()).toBe(true);
    junk.close();
    big.close();
    await c.shutdown();
  }, 30_000);

  it('with a key, plaintext streams are refused at their first byte and plaintext packets before decoding (seed 1914)', async () => {
    const key = new Uint8Array(32).fill(7);
    const c = await hostileCluster(3, 1914, {}, new Keyring([key]));
    const s = await c.dial(0);
    await s.write(unfinishedPushPull(1024, 64));
    // A plaintext user message (its first byte is no encryption version), then a forged
    // version-1 packet that does not authenticate.
    await c.sendRaw(0, Uint8Array.of(MessageType.User, 1, 2, 3));
    await c.sendRaw(0, Uint8Array.of(1, ...new Uint8Array(60).fill(9)));
    await c.run(100);
    expect(c.refusals(0, 'encryption_required', 'tcp')).toBe(1);
    expect(c.refusals(0, 'unsupported', 'udp')).toBe(1);
    expect(c.refusals(0, 'decrypt', 'udp')).toBe(1);
    expect(c.healthy()).toBe(true);
    s.close();
    await c.shutdown();
  }, 30_000);
});
