import { describe, expect, it } from 'vitest';
import { ChunkQueue } from './chunk-queue.js';
import { TransportError } from './errors.js';

const bytes = (...xs: number[]): Uint8Array => Uint8Array.from(xs);

async function drain(q: ChunkQueue): Promise<number[][]> {
  const out: number[][] = [];
  for await (const c of q) out.push([...c]);
  return out;
}

describe('ChunkQueue', () => {
  it('delivers buffered chunks then ends after end()', async () => {
    const consumed: number[] = [];
    const q = new ChunkQueue({ onConsume: (n) => consumed.push(n) });
    q.push(bytes(1));
    q.push(bytes(2, 3));
    expect(q.bufferedBytes).toBe(3);
    q.end();
    expect(q.push(bytes(9))).toBe(false);
    expect(await drain(q)).toEqual([[1], [2, 3]]);
    expect(consumed).toEqual([1, 2]);
  });

  it('wakes a waiting reader on push and on end', async () => {
    const q = new ChunkQueue();
    const it = q[Symbol.asyncIterator]();
    const first = it.next();
    q.push(bytes(7));
    expect(await first).toEqual({ done: false, value: bytes(7) });
    const second = it.next();
    q.end();
    expect(await second).toEqual({ done: true, value: undefined });
  });

  it('fail() discards buffered data and makes the reader throw the error', async () => {
    const q = new ChunkQueue();
    q.push(bytes(1));
    q.fail(new TransportError('ERR_CONNECTION_RESET', 'reset'));
    await expect(drain(q)).rejects.toMatchObject({ code: 'ERR_CONNECTION_RESET' });
    const q2 = new ChunkQueue();
    const pending = q2[Symbol.asyncIterator]().next();
    q2.fail(new TransportError('ERR_CONNECTION_RESET', 'reset'));
    await expect(pending).rejects.toMatchObject({ code: 'ERR_CONNECTION_RESET' });
  });

  it('abort() ends iteration at once, dropping buffered data', async () => {
    const q = new ChunkQueue();
    q.push(bytes(1));
    q.abort();
    expect(await drain(q)).toEqual([]);
  });

  it('breaking out of the loop calls onReturn; a second iteration is refused', async () => {
    let returned = 0;
    const q = new ChunkQueue({ onReturn: () => returned++ });
    q.push(bytes(1));
    q.push(bytes(2));
    for await (const c of q) {
      expect([...c]).toEqual([1]);
      break;
    }
    expect(returned).toBe(1);
    expect(q.closed).toBe(true);
    expect(() => q[Symbol.asyncIterator]()).toThrow(
      expect.objectContaining({ code: 'ERR_STREAM_CLOSED' }),
    );
  });

  it('rejects concurrent reads', async () => {
    const q = new ChunkQueue();
    const it = q[Symbol.asyncIterator]();
    const a = it.next();
    await expect(it.next()).rejects.toMatchObject({ code: 'ERR_STREAM_CLOSED' });
    q.end();
    expect((await a).done).toBe(true);
  });
});
