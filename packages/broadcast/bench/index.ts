// pnpm --filter @ring/broadcast bench
//
// TransmitLimitedQueue (sorted chunks, O(log n) per message taken) against a naive sorted-array
// queue with the same semantics, measured side by side in one process on the same seeded
// workloads. Results are ops/s and the ratio; nothing here is asserted.
import { TransmitLimitedQueue, type Broadcast } from '../src/index.js';
import { createSeededRandom, type Random } from '@ring/base';
import { NaiveSortedArrayQueue } from './naive-queue.js';

interface Queue {
  readonly size: number;
  enqueue(broadcast: Broadcast): unknown;
  getBroadcasts(overhead: number, limit: number): Uint8Array[];
  prune(maxRetain: number): unknown;
}

const DEPTH = 10_000;
const NUM_NODES = 1000; // retransmit limit 16 with mult 4
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);

function makeQueue(kind: 'ring' | 'naive'): Queue {
  return kind === 'ring'
    ? new TransmitLimitedQueue(
        { numNodes: () => NUM_NODES },
        { maxQueueDepth: Number.POSITIVE_INFINITY, packetBudgetBytes: 65_536 },
      )
    : new NaiveSortedArrayQueue(() => NUM_NODES);
}

interface Measured {
  readonly opsPerSecond: number;
  /** Messages handed out per call (getBroadcasts scenarios). */
  readonly messagesPerCall: number;
}

/**
 * Run `warm` calls (JIT warm-up, and the queue settles), then time exactly `calls` more. Both
 * implementations run the same seeded operations, so they do identical work: same messages out,
 * same queue states. `op` returns the number of messages it handed out.
 */
function measure(op: () => number, warm: number, calls: number): Measured {
  for (let i = 0; i < warm; i++) op();
  let messages = 0;
  const start = performance.now();
  for (let i = 0; i < calls; i++) messages += op();
  const elapsed = performance.now() - start;
  return { opsPerSecond: (calls * 1000) / elapsed, messagesPerCall: messages / calls };
}

interface Scenario {
  readonly name: string;
  /** Warm-up calls, then timed calls. */
  readonly warm: number;
  readonly calls: number;
  /** Fill a fresh queue and return the operation to time (returning messages handed out). */
  setup(queue: Queue, random: Random): () => number;
}

/**
 * Fill the queue with DEPTH unique broadcasts of minLength..minLength+spread−1 bytes. Each one that
 * finishes is replaced by a new one of the same length when the returned refill runs, so depth and
 * length mix stay stationary and the figures do not drift with the measuring time.
 */
function refilling(queue: Queue, random: Random, minLength: number, spread: number): () => void {
  const owed: number[] = [];
  const make = (length: number): Broadcast => ({
    unique: true,
    message: new Uint8Array(length),
    onDone: () => owed.push(length),
  });
  for (let i = 0; i < DEPTH; i++) queue.enqueue(make(minLength + random.int(spread)));
  return () => {
    for (let length = owed.pop(); length !== undefined; length = owed.pop())
      queue.enqueue(make(length));
  };
}

/**
 * A `getBroadcasts(2, limit)` scenario over a queue kept full by {@link refilling} with messages of
 * `min + random.int(span)` bytes.
 */
function packetScenario(name: string, limit: number, min: number, span: number): Scenario {
  return {
    name,
    warm: 1000,
    calls: 2000,
    setup: (queue, random) => {
      const refill = refilling(queue, random, min, span);
      return () => {
        const count = queue.getBroadcasts(2, limit).length;
        refill();
        return count;
      };
    },
  };
}

const scenarios: Scenario[] = [
  packetScenario('getBroadcasts(2, 1400), 10k queued, 20–120 B messages', 1400, 20, 101),
  packetScenario(
    'getBroadcasts(2, 64) top-up of a nearly full packet, 10k queued, 20–120 B',
    64,
    20,
    101,
  ),
  // Only a quarter of the queue fits: the naive scan walks past the rest, the ordered search
  // jumps straight to the longest message that fits in each tier.
  packetScenario('getBroadcasts(2, 300), 10k queued, 200–600 B (a quarter fit)', 300, 200, 401),
  {
    name: 'enqueue named, replacing one of 10k names',
    warm: 20_000,
    calls: 50_000,
    setup: (queue, random) => {
      for (let i = 0; i < DEPTH; i++)
        queue.enqueue({ name: `node-${i}`, message: new Uint8Array(20 + random.int(100)) });
      let i = 0;
      return () => {
        queue.enqueue({ name: `node-${i}`, message: new Uint8Array(20 + random.int(100)) });
        i = (i + 7919) % DEPTH;
        return 0;
      };
    },
  },
  {
    name: 'enqueue unique + prune(10k) at 10k queued',
    warm: 20_000,
    calls: 50_000,
    setup: (queue, random) => {
      for (let i = 0; i < DEPTH; i++)
        queue.enqueue({ unique: true, message: new Uint8Array(20 + random.int(100)) });
      return () => {
        queue.enqueue({ unique: true, message: new Uint8Array(20 + random.int(100)) });
        queue.prune(DEPTH);
        return 0;
      };
    },
  },
];

/** Both queues must hand out the same messages (by length sequence) on the same workload. */
function checkSameOutput(): void {
  const lengths = (kind: 'ring' | 'naive'): string => {
    const random = createSeededRandom(99);
    const queue = makeQueue(kind);
    const refill = refilling(queue, random, 20, 300);
    const out: number[] = [];
    for (let i = 0; i < 300; i++) {
      for (const message of queue.getBroadcasts(2, 100 + ((i * 37) % 1300)))
        out.push(message.length);
      refill();
    }
    return out.join(',');
  };
  if (lengths('ring') !== lengths('naive'))
    throw new Error('naive baseline and TransmitLimitedQueue disagree');
}

function format(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

checkSameOutput();
console.log(
  `@ring/broadcast — Node ${process.version}, median of ${ROUNDS} alternating rounds, depth ${DEPTH}, numNodes ${NUM_NODES} (retransmit limit 16)`,
);
console.log('');
console.log(
  '| operation | TransmitLimitedQueue ops/s | naive sorted array ops/s | ratio | messages per call |',
);
console.log('|---|---:|---:|---:|---:|');
const median = (values: number[]): number => [...values].sort((a, b) => a - b)[values.length >> 1]!;
for (const scenario of scenarios) {
  // Alternate the two implementations so machine load affects both alike; report medians.
  const ring: Measured[] = [];
  const naive: Measured[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    ring.push(
      measure(
        scenario.setup(makeQueue('ring'), createSeededRandom(round + 1)),
        scenario.warm,
        scenario.calls,
      ),
    );
    naive.push(
      measure(
        scenario.setup(makeQueue('naive'), createSeededRandom(round + 1)),
        scenario.warm,
        scenario.calls,
      ),
    );
  }
  const r = median(ring.map((m) => m.opsPerSecond));
  const n = median(naive.map((m) => m.opsPerSecond));
  const perCall = median(ring.map((m) => m.messagesPerCall));
  console.log(
    `| ${scenario.name} | ${format(r)} | ${format(n)} | ${(r / n).toFixed(1)}× | ${perCall === 0 ? '–' : perCall.toFixed(2)} |`,
  );
}
