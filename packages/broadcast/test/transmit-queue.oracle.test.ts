// Differential test: replay operation sequences recorded from Go memberlist's real
// TransmitLimitedQueue (test/oracle/main.go) and require identical outputs, done order and depth.
import { describe, expect, it } from 'vitest';
import { readFixture } from './helpers/fixtures.js';
import type { Broadcast, DoneReason } from '../src/message/broadcast.js';
import { TransmitLimitedQueue } from '../src/queue/transmit-queue.js';

interface OracleOp {
  readonly op: 'enqueue' | 'get' | 'prune' | 'reset';
  readonly serial?: number;
  readonly kind?: 'named' | 'unique' | 'plain';
  readonly name?: string;
  readonly group?: number;
  readonly length?: number;
  readonly overhead?: number;
  readonly limit?: number;
  readonly numNodes?: number;
  readonly maxRetain?: number;
  readonly out?: readonly number[];
  readonly finished: readonly number[];
  readonly queued: number;
}
interface OracleTrace {
  readonly seed: number;
  readonly retransmitMult: number;
  readonly ops: readonly OracleOp[];
}

const { traces } = readFixture<{ traces: OracleTrace[] }>('memberlist-queue-oracle.json');

/** The oracle's message layout: 7 ASCII digits of the serial, then `serial % 251` up to length. */
function message(serial: number, length: number): Uint8Array {
  const bytes = new Uint8Array(length).fill(serial % 251);
  bytes.set(new TextEncoder().encode(String(serial).padStart(7, '0')));
  return bytes;
}

function serialOf(bytes: Uint8Array): number {
  return Number(new TextDecoder().decode(bytes.subarray(0, 7)));
}

const reasonOf: Record<OracleOp['op'], DoneReason> = {
  enqueue: 'invalidated',
  get: 'sent',
  prune: 'pruned',
  reset: 'reset',
};

describe('TransmitLimitedQueue against Go memberlist', () => {
  it('has traces that exercise every operation', () => {
    expect(traces.length).toBe(4);
    const ops = traces.flatMap((trace) => trace.ops);
    expect(ops.filter((op) => op.op === 'get' && (op.out?.length ?? 0) > 1).length).toBeGreaterThan(
      100,
    );
    expect(
      ops.filter((op) => op.op === 'enqueue' && op.finished.length > 1).length,
    ).toBeGreaterThan(0);
    expect(ops.filter((op) => op.op === 'prune' && op.finished.length > 0).length).toBeGreaterThan(
      10,
    );
  });

  it.each(
    traces.map((trace) => [trace.seed, trace.retransmitMult, trace.ops.length, trace] as const),
  )(
    'replays trace seed %i (mult %i, %i ops) with identical results',
    (_seed, retransmitMult, _count, trace) => {
      let numNodes = 3;
      const queue = new TransmitLimitedQueue(
        { numNodes: () => numNodes },
        { retransmitMult, packetBudgetBytes: 2000, maxQueueDepth: Number.POSITIVE_INFINITY },
      );
      const groups = new Map<Broadcast, number>();
      const done: { serial: number; reason: DoneReason }[] = [];
      const onDoneFor = (serial: number) => (reason: DoneReason) => done.push({ serial, reason });

      trace.ops.forEach((op, step) => {
        done.length = 0;
        let out: number[] | undefined;
        switch (op.op) {
          case 'enqueue': {
            const serial = op.serial!;
            const bytes = message(serial, op.length!);
            if (op.kind === 'named') {
              queue.enqueue({ name: op.name!, message: bytes, onDone: onDoneFor(serial) });
            } else if (op.kind === 'unique') {
              queue.enqueue({ unique: true, message: bytes, onDone: onDoneFor(serial) });
            } else {
              const group = op.group!;
              const broadcast: Broadcast = {
                message: bytes,
                invalidates: (other) => {
                  const g = groups.get(other);
                  return g === group || g === group + 1;
                },
                onDone: onDoneFor(serial),
              };
              groups.set(broadcast, group);
              queue.enqueue(broadcast);
            }
            break;
          }
          case 'get':
            numNodes = op.numNodes!;
            out = queue
              .getBroadcasts(op.overhead ?? Number.NaN, op.limit ?? Number.NaN)
              .map(serialOf);
            break;
          case 'prune':
            queue.prune(op.maxRetain!);
            break;
          case 'reset':
            queue.reset();
            break;
        }
        expect({ step, out, done, queued: queue.size }).toEqual({
          step,
          out: op.op === 'get' ? (op.out ?? []) : undefined,
          done: op.finished.map((serial) => ({ serial, reason: reasonOf[op.op] })),
          queued: op.queued,
        });
      });
      const stats = queue.stats;
      expect(stats.enqueued).toBe(
        stats.sent + stats.invalidated + stats.pruned + stats.reset + queue.size,
      );
    },
  );
});
