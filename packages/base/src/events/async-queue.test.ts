import { describe, expect, it } from 'vitest';
import { AsyncQueue } from './async-queue.js';

describe('AsyncQueue', () => {
  it('delivers pushed items in order, including those pushed while waiting, and ends after end()', async () => {
    const q = new AsyncQueue<number>();
    q.push(1);
    const seen: number[] = [];
    const done = (async () => {
      for await (const n of q) seen.push(n);
    })();
    await Promise.resolve();
    q.push(2);
    q.push(3);
    q.end();
    q.push(4);
    await done;
    expect(seen).toEqual([1, 2, 3]);
  });

  it('stops at once when the signal aborts', async () => {
    const ac = new AbortController();
    const q = new AsyncQueue<string>(ac.signal);
    q.push('a');
    const it = q[Symbol.asyncIterator]();
    expect(await it.next()).toEqual({ value: 'a', done: false });
    const pending = it.next();
    ac.abort();
    expect(await pending).toEqual({ value: undefined, done: true });
    q.push('late');
    expect(q.size).toBe(0);
  });
});
