import { afterEach, describe, expect, it, vi } from 'vitest';
import { expectBroadcastError } from '../testing/expect-error.js';
import { bytes, setup, text } from '../testing/queue-harness.js';
import { TransmitLimitedQueue } from './transmit-queue.js';

describe('TransmitLimitedQueue done callbacks', () => {
  it('runs callbacks after the state change, so re-entrant calls are safe', () => {
    const cluster = { size: 1 };
    const log: string[] = [];
    const queue: TransmitLimitedQueue = new TransmitLimitedQueue(
      { numNodes: () => cluster.size },
      { retransmitMult: 1 },
    );
    queue.enqueue({
      message: bytes('first', 10),
      onDone: (reason) => {
        log.push(`first:${reason}:size=${queue.size}`);
        // Re-enter: enqueue a follow-up and read the queue from inside the callback.
        queue.enqueue({ message: bytes('follow', 10), onDone: (r) => log.push(`follow:${r}`) });
        log.push(`inner:${queue.getBroadcasts().map(text).join(',')}`);
      },
    });
    queue.enqueue({ message: bytes('second', 10) });
    expect(queue.getBroadcasts().map(text)).toEqual(['second', 'first']);
    expect(log).toEqual(['first:sent:size=0', 'follow:sent', 'inner:follow']);
    expect(queue.size).toBe(0);
  });

  it('hands a throwing callback to onCallbackError and still runs the others', () => {
    const failures: string[] = [];
    const queue = new TransmitLimitedQueue(
      {
        numNodes: () => 1,
        onCallbackError: (error, broadcast, reason) =>
          failures.push(`${String(error)}|${text(broadcast.message)}|${reason}`),
      },
      { retransmitMult: 1 },
    );
    const ran: string[] = [];
    queue.enqueue({
      message: bytes('a', 10),
      onDone: () => {
        throw new Error('boom');
      },
    });
    queue.enqueue({ message: bytes('b', 10), onDone: () => ran.push('b') });
    expect(queue.getBroadcasts().map(text)).toEqual(['b', 'a']);
    expect(ran).toEqual(['b']);
    expect(failures).toEqual(['Error: boom|a|sent']);
    expect(queue.size).toBe(0);
  });

  describe('without onCallbackError', () => {
    afterEach(() => {
      vi.unstubAllGlobals();
    });

    it('rethrows a callback error on a microtask, after the operation completed', () => {
      const scheduled: (() => void)[] = [];
      vi.stubGlobal('queueMicrotask', (task: () => void) => scheduled.push(task));
      const queue = new TransmitLimitedQueue({ numNodes: () => 1 }, { retransmitMult: 1 });
      const boom = new Error('boom');
      queue.enqueue({
        message: bytes('a', 10),
        onDone: () => {
          throw boom;
        },
      });
      expect(queue.getBroadcasts().map(text)).toEqual(['a']);
      expect(queue.size).toBe(0);
      expect(scheduled).toHaveLength(1);
      expect(() => scheduled[0]!()).toThrow(boom);
    });
  });

  it('rethrows from the method when onCallbackError itself throws, after all callbacks ran', () => {
    const queue = new TransmitLimitedQueue({
      numNodes: () => 1,
      onCallbackError: (error) => {
        throw error;
      },
    });
    const ran: string[] = [];
    queue.enqueue({
      message: bytes('a', 10),
      onDone: () => {
        throw new Error('first');
      },
    });
    queue.enqueue({ message: bytes('b', 10), onDone: () => ran.push('b') });
    expect(() => queue.reset()).toThrow('first');
    expect(ran).toEqual(['b']);
    expect(queue.size).toBe(0);
  });

  it('validates its components', () => {
    expectBroadcastError(() => new TransmitLimitedQueue({} as never), 'ERR_INVALID_OPTION');
    expectBroadcastError(() => new TransmitLimitedQueue(null as never), 'ERR_INVALID_OPTION');
    expectBroadcastError(
      () => new TransmitLimitedQueue({ numNodes: () => 1, onCallbackError: 5 as never }),
      'ERR_INVALID_OPTION',
    );
    expectBroadcastError(
      () => new TransmitLimitedQueue({ numNodes: () => 1 }, { maxQueueDepth: 0 }),
      'ERR_INVALID_OPTION',
    );
  });

  it('exposes frozen options and stats snapshots', () => {
    const { queue, make } = setup({ retransmitMult: 2 });
    expect(queue.options.retransmitMult).toBe(2);
    expect(Object.isFrozen(queue.options)).toBe(true);
    const before = queue.stats;
    queue.enqueue(make('a', 10));
    expect(Object.isFrozen(before)).toBe(true);
    expect(before.enqueued).toBe(0);
    expect(queue.stats.enqueued).toBe(1);
  });
});
