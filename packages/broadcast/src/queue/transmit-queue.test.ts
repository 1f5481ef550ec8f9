import { describe, expect, it } from 'vitest';
import { expectBroadcastError } from '../testing/expect-error.js';
import { setup, text } from '../testing/queue-harness.js';
import type { Broadcast } from '../message/broadcast.js';

describe('TransmitLimitedQueue ordering', () => {
  it('hands out fewest transmits first, then the longest, then the newest', () => {
    const { queue, make, take } = setup();
    queue.enqueue(make('a', 10, { unique: true }));
    queue.enqueue(make('b', 10, { unique: true }));
    queue.enqueue(make('c', 20, { unique: true }));
    // One message per call: a 20-byte budget with no overhead.
    expect(take(0, 20)).toEqual(['c']);
    expect(take(0, 10)).toEqual(['b']);
    expect(take(0, 10)).toEqual(['a']);
    // Everything has one transmit now; a fresh broadcast jumps ahead of all of them.
    queue.enqueue(make('d', 5, { unique: true }));
    expect(take(0, 20)).toEqual(['d', 'b']);
    // Tier 1 (c, a, d: longest first), then tier 2 (b, which has been out twice).
    expect(take(0, 100)).toEqual(['c', 'a', 'd', 'b']);
  });

  it('takes each broadcast at most once per call even when room remains', () => {
    const { queue, make, take } = setup();
    queue.enqueue(make('a', 10));
    queue.enqueue(make('b', 10));
    expect(take(2, 1400)).toEqual(['b', 'a']);
    expect(take(2, 1400)).toEqual(['b', 'a']);
  });

  it('returns the enqueued byte arrays themselves (no copy)', () => {
    const { queue, make } = setup();
    const broadcast = make('a', 10);
    queue.enqueue(broadcast);
    expect(queue.getBroadcasts()[0]).toBe(broadcast.message);
  });
});

describe('TransmitLimitedQueue fitting', () => {
  it('skips a message that does not fit and keeps looking for smaller ones', () => {
    const { queue, make, take } = setup();
    queue.enqueue(make('big', 100));
    queue.enqueue(make('mid', 40));
    queue.enqueue(make('small', 10));
    expect(take(2, 55)).toEqual(['mid', 'small']);
    // big was skipped, so it still has zero transmits and comes first now.
    expect(take(2, 1400)).toEqual(['big', 'mid', 'small']);
  });

  it('charges length + overhead per message against the limit', () => {
    const { queue, make, take } = setup();
    for (const tag of ['a', 'b', 'c']) queue.enqueue(make(tag, 10));
    expect(take(2, 36)).toEqual(['c', 'b', 'a']);
    expect(take(2, 35)).toEqual(['c', 'b']);
    expect(take(0, 10)).toEqual(['a']);
  });

  it('returns nothing when the overhead leaves no room, and nothing from an empty queue', () => {
    const { queue, make, take } = setup();
    expect(take(2, 1400)).toEqual([]);
    queue.enqueue(make('a', 10));
    expect(take(5, 5)).toEqual([]);
    expect(take(0, 0)).toEqual([]);
    expect(queue.stats.transmits).toBe(0);
  });

  it('uses the configured overhead and packet budget when called without arguments', () => {
    const { queue, make, take } = setup({ packetBudgetBytes: 30, overheadBytes: 4 });
    queue.enqueue(make('a', 12));
    queue.enqueue(make('b', 13));
    expect(take()).toEqual(['b']); // 13 + 4 = 17 used, then 12 + 4 > 30 − 17
    expect(take()).toEqual(['a']); // 12 + 4 = 16 used, then 13 + 4 > 30 − 16
    expect(take(4, 34)).toEqual(['b', 'a']);
  });

  it('rejects at enqueue a broadcast that can never fit the packet budget', () => {
    const { queue, make, done } = setup();
    const error = expectBroadcastError(
      () => queue.enqueue(make('huge', 1399)),
      'ERR_BROADCAST_TOO_LARGE',
    );
    expect(error.message).toMatch(/1399 bytes \+ 2 overhead.*1400-byte/);
    expect(queue.size).toBe(0);
    expect(queue.stats).toMatchObject({ enqueued: 0, rejected: 1 });
    expect(queue.enqueue(make('edge', 1398))).toBe(true);
    expect(queue.getBroadcasts()).toHaveLength(1);
    expect(done).toEqual([]);
  });

  it('keeps a message that fits the budget but not this call’s limit', () => {
    const { queue, make, take } = setup();
    queue.enqueue(make('a', 500));
    expect(take(2, 300)).toEqual([]);
    expect(queue.size).toBe(1);
    expect(take(2, 1400)).toEqual(['a']);
  });
});

describe('TransmitLimitedQueue retransmit limit', () => {
  it('finishes a broadcast with sent after mult × ⌈log10(n + 1)⌉ transmissions', () => {
    const { queue, make, take, done } = setup({ retransmitMult: 3 }, 9);
    queue.enqueue(make('a', 10));
    expect(queue.currentRetransmitLimit()).toBe(3);
    expect([take(), take(), take(), take()]).toEqual([['a'], ['a'], ['a'], []]);
    expect(done).toEqual(['a:sent']);
    expect(queue.stats).toMatchObject({ sent: 1, transmits: 3 });
  });

  it('reads the cluster size on every call', () => {
    const { queue, make, take, done, cluster } = setup({ retransmitMult: 2 }, 5);
    queue.enqueue(make('a', 10));
    expect(take()).toEqual(['a']);
    cluster.size = 50; // limit 2 → 4
    expect([take(), take(), take()]).toEqual([['a'], ['a'], ['a']]);
    expect(done).toEqual(['a:sent']);
  });

  it('sends at least once when the cluster is empty (limit 0)', () => {
    const { queue, make, take, done } = setup({}, 0);
    queue.enqueue(make('a', 10));
    expect([take(), take()]).toEqual([['a'], []]);
    expect(done).toEqual(['a:sent']);
  });

  it('throws ERR_INVALID_NUM_NODES for a bad cluster size and changes nothing', () => {
    const { queue, make, take, cluster } = setup();
    queue.enqueue(make('a', 10));
    for (const bad of [-1, 2.5, Number.NaN, Number.POSITIVE_INFINITY]) {
      cluster.size = bad;
      expectBroadcastError(() => queue.getBroadcasts(), 'ERR_INVALID_NUM_NODES');
    }
    cluster.size = 3;
    expect(queue.size).toBe(1);
    expect(take()).toEqual(['a']);
  });

  it.each([
    [-1, 100],
    [2, -1],
    [1.5, 100],
    [2, Number.NaN],
    [2, Number.POSITIVE_INFINITY],
  ])('rejects getBroadcasts(%s, %s) with ERR_INVALID_ARGUMENT', (overhead, limit) => {
    const { queue, make } = setup();
    queue.enqueue(make('a', 10));
    expectBroadcastError(() => queue.getBroadcasts(overhead, limit), 'ERR_INVALID_ARGUMENT');
    expect(queue.stats.transmits).toBe(0);
  });

  // memberlist resets its id generator when the queue empties, even in the middle of
  // GetBroadcasts; the broadcasts it re-inserts afterwards keep their old ids, so a new broadcast
  // can get an equal (transmits, length, id) key and silently replace one in the btree. This exact
  // sequence loses "A" in memberlist v0.2.2 and at upstream 1b4c746 (NumQueued drops from 3 to 2,
  // A is never sent again and Finished never runs).
  it('loses nothing when the queue empties inside getBroadcasts (memberlist id-reset bug)', () => {
    const { queue, make, take, done } = setup({}, 9);
    queue.enqueue(make('A', 7, { unique: true }));
    expect(take(2, 1400)).toEqual(['A']);
    queue.enqueue(make('B', 7, { unique: true }));
    queue.enqueue(make('C', 7, { unique: true }));
    expect(take(2, 10)).toEqual(['C']);
    expect(take(2, 10)).toEqual(['B']);
    expect(queue.size).toBe(3);
    const rounds: string[][] = [];
    while (queue.size > 0) rounds.push(take(2, 1400));
    expect(rounds).toEqual([
      ['C', 'B', 'A'],
      ['C', 'B', 'A'],
      ['C', 'B', 'A'],
    ]);
    expect(done.sort()).toEqual(['A:sent', 'B:sent', 'C:sent']);
  });
});

describe('TransmitLimitedQueue invalidation', () => {
  it('replaces a queued broadcast with the same name', () => {
    const { queue, make, take, done } = setup();
    queue.enqueue(make('old', 10, { name: 'node-a' }));
    queue.enqueue(make('other', 10, { name: 'node-b' }));
    expect(take()).toEqual(['other', 'old']);
    expect(queue.enqueue(make('new', 10, { name: 'node-a' }))).toBe(true);
    expect(done).toEqual(['old:invalidated']);
    expect(queue.size).toBe(2);
    expect(queue.has('node-a')).toBe(true);
    // The replacement starts over at zero transmits.
    expect(take()).toEqual(['new', 'other']);
    expect(queue.stats).toMatchObject({ enqueued: 3, invalidated: 1 });
  });

  it('forgets the name once the broadcast is done', () => {
    const { queue, make, take } = setup({ retransmitMult: 1 }, 1);
    queue.enqueue(make('a', 10, { name: 'node-a' }));
    expect(queue.has('node-a')).toBe(true);
    expect(take()).toEqual(['a']);
    expect(queue.has('node-a')).toBe(false);
    expect(queue.has('never')).toBe(false);
  });

  it('lets a plain broadcast invalidate matching plain ones only, in queue order', () => {
    const { queue, make, done } = setup();
    const seen: string[] = [];
    queue.enqueue(make('p1', 10));
    queue.enqueue(make('p2', 30));
    queue.enqueue(make('u', 10, { unique: true }));
    queue.enqueue(make('n', 10, { name: 'x' }));
    queue.enqueue(
      make('p3', 10, {
        invalidates: (other) => {
          seen.push(text(other.message));
          return true;
        },
      }),
    );
    expect(seen.sort()).toEqual(['p1', 'p2']);
    expect(done).toEqual(['p2:invalidated', 'p1:invalidated']);
    expect(queue.size).toBe(3);
  });

  it('leaves queued broadcasts alone when a plain one has no invalidates', () => {
    const { queue, make, done } = setup();
    queue.enqueue(make('a', 10));
    queue.enqueue(make('b', 10));
    expect(done).toEqual([]);
    expect(queue.size).toBe(2);
  });

  it('changes nothing when invalidates throws, and counts the call as rejected', () => {
    const { queue, make, done } = setup();
    queue.enqueue(make('a', 10));
    const failing = make('b', 10, {
      invalidates: () => {
        throw new Error('boom');
      },
    });
    expect(() => queue.enqueue(failing)).toThrow('boom');
    expect(queue.size).toBe(1);
    expect(done).toEqual([]);
    expect(queue.stats).toMatchObject({ enqueued: 1, rejected: 1 });
  });
});

describe('TransmitLimitedQueue bounded depth', () => {
  it('drop-oldest evicts the longest-queued broadcast', () => {
    const { queue, make, take, done } = setup({ maxQueueDepth: 3 });
    queue.enqueue(make('a', 10));
    queue.enqueue(make('b', 10, { name: 'b' }));
    queue.enqueue(make('c', 10));
    take(); // transmits do not matter for drop-oldest, enqueue order does
    queue.enqueue(make('b2', 10, { name: 'b' })); // replacement: depth unchanged, nothing dropped
    expect(done).toEqual(['b:invalidated']);
    expect(queue.enqueue(make('d', 10))).toBe(true);
    expect(done).toEqual(['b:invalidated', 'a:dropped']);
    expect(queue.enqueue(make('e', 10))).toBe(true);
    expect(done).toEqual(['b:invalidated', 'a:dropped', 'c:dropped']);
    expect(queue.size).toBe(3);
    expect(take().sort()).toEqual(['b2', 'd', 'e']);
    expect(queue.stats).toMatchObject({ enqueued: 6, dropped: 2, invalidated: 1, rejected: 0 });
  });

  it('drop-newest discards the incoming broadcast and reports it', () => {
    const { queue, make, take, done } = setup({ maxQueueDepth: 2, dropPolicy: 'drop-newest' });
    queue.enqueue(make('a', 10));
    queue.enqueue(make('b', 10));
    expect(queue.enqueue(make('c', 10))).toBe(false);
    expect(done).toEqual(['c:dropped']);
    expect(queue.size).toBe(2);
    expect(take().sort()).toEqual(['a', 'b']);
    expect(queue.stats).toMatchObject({ enqueued: 3, dropped: 1 });
  });

  it('reject throws ERR_QUEUE_FULL and changes nothing, but still allows replacements', () => {
    const { queue, make, take, done } = setup({ maxQueueDepth: 2, dropPolicy: 'reject' });
    queue.enqueue(make('a', 10, { name: 'a' }));
    queue.enqueue(make('b', 10));
    expectBroadcastError(() => queue.enqueue(make('c', 10)), 'ERR_QUEUE_FULL');
    expect(done).toEqual([]);
    expect(queue.size).toBe(2);
    expect(queue.enqueue(make('a2', 10, { name: 'a' }))).toBe(true);
    expect(done).toEqual(['a:invalidated']);
    expect(take().sort()).toEqual(['a2', 'b']);
    expect(queue.stats).toMatchObject({ enqueued: 3, rejected: 1, invalidated: 1, dropped: 0 });
  });

  it('rejects malformed broadcasts and counts them', () => {
    const { queue } = setup();
    expectBroadcastError(
      () => queue.enqueue({ message: 'x' } as unknown as Broadcast),
      'ERR_INVALID_BROADCAST',
    );
    expectBroadcastError(
      () => queue.enqueue({ name: '', message: new Uint8Array(1) }),
      'ERR_INVALID_BROADCAST',
    );
    expect(queue.stats).toMatchObject({ enqueued: 0, rejected: 2 });
  });
});

describe('TransmitLimitedQueue prune and reset', () => {
  it('prune keeps the freshest broadcasts and discards the most-transmitted first', () => {
    const { queue, make, take, done } = setup();
    queue.enqueue(make('old-long', 20));
    queue.enqueue(make('old-short', 10));
    take();
    queue.enqueue(make('fresh', 10));
    expect(queue.prune(5)).toBe(0);
    expect(queue.prune(2)).toBe(1);
    expect(done).toEqual(['old-short:pruned']);
    expect(queue.prune(0)).toBe(2);
    expect(done).toEqual(['old-short:pruned', 'old-long:pruned', 'fresh:pruned']);
    expect(queue.size).toBe(0);
    expect(queue.prune(0)).toBe(0); // memberlist panics here on a new or reset queue
    expectBroadcastError(() => queue.prune(-1), 'ERR_INVALID_ARGUMENT');
    expect(queue.stats.pruned).toBe(3);
  });

  it('reset finishes everything with reset, fewest transmits first, and the queue stays usable', () => {
    const { queue, make, take, done } = setup();
    queue.enqueue(make('a', 10, { name: 'a' }));
    take();
    queue.enqueue(make('b', 10));
    queue.reset();
    expect(done).toEqual(['b:reset', 'a:reset']);
    expect(queue.size).toBe(0);
    expect(queue.has('a')).toBe(false);
    queue.enqueue(make('c', 10, { name: 'a' }));
    expect(done).toHaveLength(2); // the old 'a' is gone: nothing to invalidate
    expect(take()).toEqual(['c']);
    expect(queue.stats).toMatchObject({ enqueued: 3, reset: 2 });
  });
});
