import { describe, expect, it } from 'vitest';
import type { PartitionsError } from '../errors.js';
import {
  Handoff,
  type AcquireContext,
  type HandoffTransition,
  type ReleaseContext,
} from './handoff.js';

function deferred(): { promise: Promise<void>; resolve: () => void; reject: (e: unknown) => void } {
  let resolve!: () => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

const flush = async (): Promise<void> => {
  for (let i = 0; i < 10; i++) await Promise.resolve();
};

describe('Handoff', () => {
  it('walks acquiring → owned and releasing → released, waiting for the hooks', async () => {
    const acquire = deferred();
    const release = deferred();
    const transitions: HandoffTransition[] = [];
    const acquired: AcquireContext[] = [];
    const released: ReleaseContext[] = [];
    const h = new Handoff(
      2,
      {
        onAcquire: (ctx) => {
          acquired.push(ctx);
          return acquire.promise;
        },
        onRelease: (ctx) => {
          released.push(ctx);
          return release.promise;
        },
      },
      (t) => transitions.push(t),
      () => undefined,
    );
    h.apply(
      {
        acquired: [{ partition: 3, replica: 1, from: 'node-b', hadPartition: false }],
        released: [],
      },
      1,
    );
    expect(h.state(3, 1)).toBe('acquiring');
    await flush();
    expect(acquired.map((c) => [c.partition, c.replica, c.from, c.epoch])).toEqual([
      [3, 1, 'node-b', 1],
    ]);
    expect(h.state(3, 1)).toBe('acquiring');
    acquire.resolve();
    await h.settled();
    expect(h.state(3, 1)).toBe('owned');

    h.apply(
      {
        acquired: [],
        released: [{ partition: 3, replica: 1, to: 'node-c', keepsPartition: false }],
      },
      2,
    );
    expect(h.state(3, 1)).toBe('releasing');
    await flush();
    expect(released.map((c) => c.to)).toEqual(['node-c']);
    expect(h.state(3, 1)).toBe('releasing');
    release.resolve();
    await h.settled();
    expect(h.state(3, 1)).toBe('released');
    expect(transitions.map((t) => `${t.partition}/${t.replica} ${t.state} @${t.epoch}`)).toEqual([
      '3/1 acquiring @1',
      '3/1 owned @1',
      '3/1 releasing @2',
      '3/1 released @2',
    ]);
  });

  it('aborts a superseded hook and runs the next one after it settles', async () => {
    const first = deferred();
    const order: string[] = [];
    let firstSignal: AbortSignal | undefined;
    const h = new Handoff(
      1,
      {
        onAcquire: (ctx) => {
          order.push(`acquire@${ctx.epoch}`);
          firstSignal = ctx.signal;
          return first.promise;
        },
        onRelease: (ctx) => {
          order.push(`release@${ctx.epoch}`);
        },
      },
      () => undefined,
      () => undefined,
    );
    h.apply(
      { acquired: [{ partition: 0, replica: 0, from: null, hadPartition: false }], released: [] },
      1,
    );
    await flush();
    h.apply(
      { acquired: [], released: [{ partition: 0, replica: 0, to: 'x', keepsPartition: false }] },
      2,
    );
    expect(firstSignal?.aborted).toBe(true);
    expect(h.state(0, 0)).toBe('releasing');
    await flush();
    expect(order).toEqual(['acquire@1']); // the release waits for the aborted acquire to settle
    first.resolve();
    await h.settled();
    expect(order).toEqual(['acquire@1', 'release@2']);
    expect(h.state(0, 0)).toBe('released');
  });

  it('reports a failing hook as ERR_HOOK_FAILED and still advances the slot', async () => {
    const errors: PartitionsError[] = [];
    const h = new Handoff(
      1,
      {
        onAcquire: () => {
          throw new Error('disk full');
        },
        onRelease: () => Promise.reject(new Error('peer gone')),
      },
      () => undefined,
      (e) => errors.push(e),
    );
    h.apply(
      {
        acquired: [{ partition: 1, replica: 0, from: null, hadPartition: false }],
        released: [{ partition: 2, replica: 0, to: 'y', keepsPartition: false }],
      },
      5,
    );
    await h.settled();
    expect(h.state(1, 0)).toBe('owned');
    expect(h.state(2, 0)).toBe('released');
    expect(errors.map((e) => [e.code, (e.cause as Error).message]).sort()).toEqual([
      ['ERR_HOOK_FAILED', 'disk full'],
      ['ERR_HOOK_FAILED', 'peer gone'],
    ]);
  });

  it('works without hooks and stops after close, aborting running hooks', async () => {
    const never = deferred();
    let signal: AbortSignal | undefined;
    const h = new Handoff(
      1,
      {
        onAcquire: (ctx) => {
          signal = ctx.signal;
          return never.promise;
        },
      },
      () => undefined,
      () => undefined,
    );
    h.apply(
      { acquired: [{ partition: 0, replica: 0, from: null, hadPartition: false }], released: [] },
      1,
    );
    await flush();
    h.close();
    expect(signal?.aborted).toBe(true);
    h.apply(
      { acquired: [{ partition: 1, replica: 0, from: null, hadPartition: false }], released: [] },
      2,
    );
    expect(h.state(1, 0)).toBe('released');
    never.resolve();
    await h.settled();
    expect(h.state(0, 0)).toBe('acquiring');

    const bare = new Handoff(
      1,
      {},
      () => undefined,
      () => undefined,
    );
    bare.apply(
      { acquired: [{ partition: 0, replica: 0, from: null, hadPartition: false }], released: [] },
      1,
    );
    await bare.settled();
    expect(bare.state(0, 0)).toBe('owned');
  });
});
