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
    [Symbol.asyncIterator]: () => ({ next: () => Promise.resolve({ done: true, value: undefined }) }),
  };
}

function table(maxStreams: number, maxBytes: number) {
  const evicted: [string, InboundRefusal][] = [];
  const t = new InboundStreams({
    maxStreams,
    maxBytes,
    onEvict: (e: InboundEntry, r) => evicted.push([e.stream.remoteAddress, r]),
  });
  return { t, evicted };
}

describe('InboundStreams', () => {
  it('a full table evicts the oldest stream still reading, never one that is replying', () => {
    const { t, evicted } = table(2, 1000);
    const a = t.admit(fakeStream('a'), 1)!;
    t.admit(fakeStream('b'), 2);
    t.settle(a); // a is replying
    expect(t.admit(fakeStream('c'), 3)).toBeDefined();
    expect(evicted).toEqual([['b', 'stream_limit']]);
    expect(t.count).toBe(2);
  });

  it('refuses the newcomer when every served stream is replying', () => {
    const { t, evicted } = table(1, 1000);
    t.settle(t.admit(fakeStream('a'), 1)!);
    expect(t.admit(fakeStream('b'), 2)).toBeUndefined();
    expect(evicted).toEqual([]);
  });

  it('the byte budget evicts the biggest holder, or refuses the arriving stream when it is the biggest', () => {
    const { t, evicted } = table(10, 100);
    const big = t.admit(fakeStream('big'), 1)!;
    const small = t.admit(fakeStream('small'), 2)!;
    expect(t.charge(big, 80)).toBe(true);
    expect(t.charge(small, 10)).toBe(true);
    expect(t.charge(small, 20)).toBe(true); // evicts big
    expect(evicted).toEqual([['big', 'stream_buffer_budget']]);
    expect(t.bytes).toBe(30);
    const greedy = t.admit(fakeStream('greedy'), 3)!;
    expect(t.charge(greedy, 71)).toBe(false); // it would be the biggest: refused itself
    expect(t.bytes).toBe(30);
    t.remove(small);
    expect(t.bytes).toBe(0);
    expect(t.count).toBe(1);
  });
});
