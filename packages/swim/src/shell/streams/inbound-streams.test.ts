import { describe, expect, it } from 'vitest';
import type { Stream } from '@ring/transport';
import { InboundStreams } from './inbound-streams.js';
import type { InboundEntry, InboundRefusal } from './inbound-streams.js';

function fakeStream(name: string): Stream {
  return {
    remoteAddress: name,
    write: () => Promise.resolve(),
    end: () => Promise.resolve(),
    close: () => undefined,
    [Symbol.asyncIterator]: () => ({
      next: () => Promise.resolve({ done: true, value: undefined }),
    }),
  };
}

function table(maxStreams: number, maxBytes: number, maxWaiting = 2) {
  const evicted: [string, InboundRefusal][] = [];
  const served: string[] = [];
  const t = new InboundStreams({
    maxStreams,
    maxWaiting,
    maxBytes,
    graceMs: 100,
    timeoutMs: 1_000,
    onEvict: (e: InboundEntry, r) => evicted.push([e.stream.remoteAddress, r]),
    onServe: (e) => served.push(e.stream.remoteAddress),
  });
  return { t, evicted, served };
}

describe('InboundStreams', () => {
  it('beyond the limit a newcomer waits while the served streams are young, and is served when a slot frees', () => {
    const { t, evicted, served } = table(2, 1000);
    const a = t.admit(fakeStream('a'), 0);
    t.admit(fakeStream('b'), 0);
    t.admit(fakeStream('c'), 50);
    expect(served).toEqual(['a', 'b']);
    expect(t.waiting).toBe(1);
    t.remove(a, 60);
    expect(served).toEqual(['a', 'b', 'c']);
    expect(evicted).toEqual([]);
  });

  it('past the grace period the oldest stream still reading is evicted, never one that is replying', () => {
    const { t, evicted, served } = table(2, 1000);
    const a = t.admit(fakeStream('a'), 0);
    t.admit(fakeStream('b'), 10);
    t.settle(a); // a is replying
    t.admit(fakeStream('c'), 200);
    expect(evicted).toEqual([['b', 'stream_limit']]);
    expect(served).toEqual(['a', 'b', 'c']);
    expect(t.count).toBe(2);
  });

  it('a full wait list drops its oldest waiter; a waiter past the timeout is dropped, not served', () => {
    const { t, evicted, served } = table(1, 1000, 2);
    const a = t.admit(fakeStream('a'), 0);
    t.admit(fakeStream('w1'), 1);
    t.admit(fakeStream('w2'), 2);
    t.admit(fakeStream('w3'), 3);
    expect(evicted).toEqual([['w1', 'stream_limit']]);
    t.remove(a, 1_002); // w2 waited 1,000 ms: dropped; w3 is served
    expect(evicted).toEqual([
      ['w1', 'stream_limit'],
      ['w2', 'timeout'],
    ]);
    expect(served).toEqual(['a', 'w3']);
  });

  it('the byte budget evicts the biggest holder, or refuses the arriving stream when it is the biggest', () => {
    const { t, evicted } = table(10, 100);
    const big = t.admit(fakeStream('big'), 1);
    const small = t.admit(fakeStream('small'), 2);
    expect(t.charge(big, 80)).toBe(true);
    expect(t.charge(small, 10)).toBe(true);
    expect(t.charge(small, 20)).toBe(true); // evicts big
    expect(evicted).toEqual([['big', 'stream_buffer_budget']]);
    expect(t.bytes).toBe(30);
    const greedy = t.admit(fakeStream('greedy'), 3);
    expect(t.charge(greedy, 71)).toBe(false); // it would be the biggest: refused itself
    expect(t.bytes).toBe(30);
    t.remove(small, 4);
    expect(t.bytes).toBe(0);
    expect(t.count).toBe(1);
  });
});
