import { describe, expect, it } from 'vitest';
import { VirtualClock } from './virtual-clock.js';
import { withTimeout } from './with-timeout.js';

describe('withTimeout', () => {
  it('rejects a timeoutMs that is not > 0 with ERR_INVALID_OPTION without starting the task', async () => {
    const clock = new VirtualClock();
    let started = 0;
    for (const timeoutMs of [0, -1, Number.NaN]) {
      await expect(
        withTimeout({ clock, timeoutMs, what: 'op' }, async () => started++),
      ).rejects.toMatchObject({ code: 'ERR_INVALID_OPTION' });
    }
    expect(started).toBe(0);
    expect(
      await withTimeout(
        { clock, timeoutMs: Number.POSITIVE_INFINITY, what: 'op' },
        async () => 'no limit',
      ),
    ).toBe('no limit');
  });

  it('resolves with the task result and cancels its timer', async () => {
    const clock = new VirtualClock();
    const value = await withTimeout({ clock, timeoutMs: 100, what: 'op' }, async () => 42);
    expect(value).toBe(42);
    expect(clock.pending).toBe(0);
  });

  it('rejects with ERR_TIMEOUT when the clock passes the deadline, aborts the task signal and hands late results to onLate', async () => {
    const clock = new VirtualClock();
    let release!: (v: string) => void;
    let taskSignal!: AbortSignal;
    const late: string[] = [];
    const p = withTimeout(
      { clock, timeoutMs: 100, what: 'dial x', onLate: (v: string) => late.push(v) },
      (signal) => {
        taskSignal = signal;
        return new Promise<string>((r) => (release = r));
      },
    );
    clock.advance(99);
    clock.advance(1);
    await expect(p).rejects.toMatchObject({
      code: 'ERR_TIMEOUT',
      message: 'dial x: timed out after 100 ms',
    });
    expect(taskSignal.aborted).toBe(true);
    release('stream');
    await Promise.resolve();
    await Promise.resolve();
    expect(late).toEqual(['stream']);
  });

  it('rejects with ERR_ABORTED on an aborted or aborting signal', async () => {
    const clock = new VirtualClock();
    const pre = new AbortController();
    pre.abort();
    await expect(
      withTimeout({ clock, timeoutMs: 100, signal: pre.signal, what: 'op' }, async () => 1),
    ).rejects.toMatchObject({
      code: 'ERR_ABORTED',
    });
    const ac = new AbortController();
    const p = withTimeout(
      { clock, timeoutMs: 100, signal: ac.signal, what: 'op' },
      () => new Promise<number>(() => undefined),
    );
    ac.abort(new Error('user'));
    await expect(p).rejects.toMatchObject({ code: 'ERR_ABORTED' });
    expect(clock.pending).toBe(0);
  });

  it('passes task errors through and never times out with Infinity', async () => {
    const clock = new VirtualClock();
    await expect(
      withTimeout({ clock, timeoutMs: Number.POSITIVE_INFINITY, what: 'op' }, () =>
        Promise.reject(new RangeError('boom')),
      ),
    ).rejects.toBeInstanceOf(RangeError);
    expect(clock.pending).toBe(0);
  });
});
