// Property test: random operation sequences (seed in the test name) never break the queue's
// invariants, and every accepted broadcast gets exactly one done callback once drained or reset.
import { describe, expect, it } from 'vitest';
import { createSeededRandom } from '@ring/base';
import type { Broadcast, DoneReason } from '../src/message/broadcast.js';
import { DROP_POLICIES } from '../src/constants.js';
import { BroadcastError } from '../src/errors.js';
import { TransmitLimitedQueue } from '../src/queue/transmit-queue.js';

interface Tracked {
  readonly serial: number;
  readonly name: string | undefined;
  readonly done: DoneReason[];
  transmissions: number;
}

const BUDGET = 256;
const OVERHEAD = 2;

function run(seed: number): void {
  const random = createSeededRandom(seed);
  const pick = <T>(items: readonly T[]): T => items[random.int(items.length)]!;
  const maxQueueDepth = pick([1, 3, 16, 64, 300]);
  const dropPolicy = pick(DROP_POLICIES);
  const retransmitMult = pick([1, 2, 4]);
  let numNodes = random.int(50);
  let maxLimit = 0;
  const queue = new TransmitLimitedQueue(
    { numNodes: () => numNodes },
    {
      maxQueueDepth,
      dropPolicy,
      retransmitMult,
      packetBudgetBytes: BUDGET,
      overheadBytes: OVERHEAD,
    },
  );
  const byMessage = new Map<Uint8Array, Tracked>();
  const accepted: Tracked[] = [];
  let rejectedSeen = 0;
  let doneCalls = 0;
  let serial = 0;

  const enqueue = (): void => {
    serial++;
    const length =
      random.next() < 0.05
        ? BUDGET - OVERHEAD + 1 + random.int(10)
        : random.int(BUDGET - OVERHEAD + 1);
    const kind = pick(['named', 'named', 'unique', 'plain'] as const);
    const name = kind === 'named' ? `node-${random.int(20)}` : undefined;
    const group = random.int(8);
    const groups = new WeakMap<Broadcast, number>();
    const tracked: Tracked = { serial, name, done: [], transmissions: 0 };
    const message = new Uint8Array(length);
    const broadcast: Broadcast = {
      message,
      ...(name !== undefined ? { name } : {}),
      ...(kind === 'unique' ? { unique: true } : {}),
      ...(kind === 'plain' && random.next() < 0.5
        ? { invalidates: (other: Broadcast) => groups.get(other) === group }
        : {}),
      onDone: (reason) => {
        doneCalls++;
        tracked.done.push(reason);
      },
    };
    groups.set(broadcast, group);
    const full = queue.size >= maxQueueDepth;
    let queued: boolean | undefined;
    let failure: unknown;
    try {
      queued = queue.enqueue(broadcast);
    } catch (error) {
      failure = error;
    }
    if (queued !== undefined) {
      expect(length + OVERHEAD).toBeLessThanOrEqual(BUDGET);
      // Only drop-newest on a full queue discards the newcomer, and then it is told at once.
      expect(tracked.done).toEqual(queued ? [] : ['dropped']);
      if (!queued) expect({ full, dropPolicy }).toEqual({ full: true, dropPolicy: 'drop-newest' });
      byMessage.set(message, tracked);
      accepted.push(tracked);
      return;
    }
    expect(failure).toBeInstanceOf(BroadcastError);
    const code = (failure as BroadcastError).code;
    if (length + OVERHEAD > BUDGET) expect(code).toBe('ERR_BROADCAST_TOO_LARGE');
    else
      expect({ code, dropPolicy, full }).toEqual({
        code: 'ERR_QUEUE_FULL',
        dropPolicy: 'reject',
        full: true,
      });
    expect(tracked.done).toEqual([]);
    rejectedSeen++;
  };

  const take = (overhead = random.int(5), limit = random.int(400)): void => {
    if (queue.size > 0) maxLimit = Math.max(maxLimit, queue.currentRetransmitLimit(), 1);
    const out = queue.getBroadcasts(overhead, limit);
    let bytes = 0;
    const stale: number[] = [];
    for (const message of out) {
      bytes += message.length + overhead;
      const tracked = byMessage.get(message);
      // Handed out only while queued: unknown, or finished for a reason other than this call's
      // 'sent', would be a broadcast coming back from the dead.
      if (tracked === undefined || tracked.done.some((reason) => reason !== 'sent'))
        stale.push(tracked?.serial ?? -1);
      else tracked.transmissions++;
    }
    expect({ distinct: new Set(out).size, fits: bytes <= limit, stale }).toEqual({
      distinct: out.length,
      fits: true,
      stale: [],
    });
  };

  const check = (): void => {
    const stats = queue.stats;
    const outcomes = stats.sent + stats.invalidated + stats.dropped + stats.pruned + stats.reset;
    // Done calls are counted as they happen; together with the per-broadcast check at the end
    // (exactly one each) this means no broadcast is finished twice or missed.
    expect({
      bounded: queue.size <= maxQueueDepth,
      enqueued: stats.enqueued,
      rejected: stats.rejected,
      outcomes,
      doneCalls,
    }).toEqual({
      bounded: true,
      enqueued: accepted.length,
      rejected: rejectedSeen,
      outcomes: accepted.length - queue.size,
      doneCalls: accepted.length - queue.size,
    });
  };

  for (let step = 0; step < 2500; step++) {
    const choice = random.int(100);
    if (choice < 52) enqueue();
    else if (choice < 94) {
      if (random.next() < 0.1) numNodes = random.int(2000);
      take();
    } else if (choice < 99) queue.prune(random.int(maxQueueDepth + 2));
    else queue.reset();
    check();
  }

  // Finish: drain through getBroadcasts or reset, chosen by the seed.
  if (random.next() < 0.5) {
    numNodes = 10;
    maxLimit = Math.max(maxLimit, retransmitMult * 2);
    for (let round = 0; queue.size > 0 && round < 10_000; round++) take(OVERHEAD, BUDGET);
  } else {
    queue.reset();
  }
  check();
  expect(queue.size).toBe(0);
  for (const tracked of accepted) {
    expect(tracked.done, `serial ${tracked.serial}`).toHaveLength(1);
    if (tracked.done[0] === 'sent') {
      expect(tracked.transmissions).toBeGreaterThanOrEqual(1);
      expect(tracked.transmissions).toBeLessThanOrEqual(maxLimit);
    }
  }
  expect(accepted.length).toBeGreaterThan(100);
}

describe('TransmitLimitedQueue properties', () => {
  it.each(Array.from({ length: 12 }, (_, i) => 7000 + i))(
    'holds its invariants under random operations (seed %i)',
    (seed) => {
      run(seed);
    },
  );
});
