import { describe, expect, it } from 'vitest';
import { ChangeStream } from './change-stream.js';
import { isPartitionsError } from '../errors.js';

describe('ChangeStream', () => {
  it('delivers pushed events in order, to a waiting and to a late reader', async () => {
    const s = new ChangeStream<number>(4, () => undefined);
    const pending = s.next();
    s.push(1);
    s.push(2);
    s.push(3);
    expect(await pending).toEqual({ done: false, value: 1 });
    expect(await s.next()).toEqual({ done: false, value: 2 });
    expect(await s.next()).toEqual({ done: false, value: 3 });
  });

  it('drops the oldest when full and reports how many with a lagged marker, never blocking push', async () => {
    const s = new ChangeStream<number>(3, () => undefined);
    for (let i = 1; i <= 10; i++) s.push(i);
    expect(s.buffered).toBe(3);
    expect(await s.next()).toEqual({ done: false, value: { type: 'lagged', dropped: 7 } });
    const rest: unknown[] = [];
    for (let i = 0; i < 3; i++) rest.push((await s.next()).value);
    expect(rest).toEqual([8, 9, 10]);
  });

  it('delivers buffered events after end(), then done; detaches once', async () => {
    let detached = 0;
    const s = new ChangeStream<number>(4, () => detached++);
    s.push(1);
    s.end();
    s.end();
    s.push(2);
    expect(await s.next()).toEqual({ done: false, value: 1 });
    expect(await s.next()).toEqual({ done: true, value: undefined });
    expect(detached).toBe(1);
  });

  it('ends a pending read on end()', async () => {
    const s = new ChangeStream<number>(4, () => undefined);
    const pending = s.next();
    s.end();
    expect(await pending).toEqual({ done: true, value: undefined });
  });

  it('rejects a pending read with ERR_ABORTED on abort, then is done', async () => {
    const controller = new AbortController();
    let detached = 0;
    const s = new ChangeStream<number>(4, () => detached++, controller.signal);
    const pending = s.next();
    controller.abort(new Error('stop'));
    const error: unknown = await pending.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(isPartitionsError(error, 'ERR_ABORTED')).toBe(true);
    expect(await s.next()).toEqual({ done: true, value: undefined });
    expect(detached).toBe(1);
  });

  it('is done after abort even with events still buffered', async () => {
    const controller = new AbortController();
    const s = new ChangeStream<number>(2, () => undefined, controller.signal);
    for (let i = 1; i <= 3; i++) s.push(i);
    controller.abort();
    expect(await s.next()).toEqual({ done: true, value: undefined });
  });

  it('is done at once with an already-aborted signal', async () => {
    const controller = new AbortController();
    controller.abort();
    const s = new ChangeStream<number>(4, () => undefined, controller.signal);
    s.push(1);
    expect(await s.next()).toEqual({ done: true, value: undefined });
  });

  it('stops on break in for await (return) and drops the buffer', async () => {
    let detached = 0;
    const s = new ChangeStream<number>(8, () => detached++);
    s.push(1);
    s.push(2);
    const seen: number[] = [];
    for await (const v of s) {
      seen.push(v as number);
      break;
    }
    expect(seen).toEqual([1]);
    expect(detached).toBe(1);
    expect(await s.next()).toEqual({ done: true, value: undefined });
  });

  it('rejects a capacity below 1 with ERR_INVALID_OPTION', () => {
    expect(() => new ChangeStream<number>(0, () => undefined)).toThrow(
      expect.objectContaining({ code: 'ERR_INVALID_OPTION' }),
    );
  });
});
