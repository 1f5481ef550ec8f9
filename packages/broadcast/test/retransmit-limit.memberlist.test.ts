/**
 * The retransmit limit against hashicorp/memberlist's recorded figures: the `retransmitLimit` rows
 * of its `formulas.json`, and transmission counts recorded from Go memberlist (test/oracle).
 */
import { describe, expect, it } from 'vitest';
import { readFixture } from './helpers/fixtures.js';
import { retransmitLimit } from '../src/queue/retransmit-limit.js';
import { TransmitLimitedQueue } from '../src/queue/transmit-queue.js';

interface FormulaRow {
  readonly retransmitMult: number;
  readonly n: number;
  readonly limit: number;
}
interface TransmissionRow {
  readonly retransmitMult: number;
  readonly n: number;
  readonly transmissions: number;
}

const formulas = readFixture<{ retransmitLimit: FormulaRow[] }>(
  'formulas-retransmit-limit.json',
).retransmitLimit;
const oracle = readFixture<{ transmissions: TransmissionRow[] }>(
  'memberlist-queue-oracle.json',
).transmissions;

describe('retransmitLimit', () => {
  it('has the rows it is tested against', () => {
    expect(formulas.length).toBeGreaterThanOrEqual(12);
    expect(oracle.length).toBeGreaterThanOrEqual(45);
  });

  it.each(formulas)(
    'matches memberlist formulas.json: mult $retransmitMult, n $n → $limit',
    ({ retransmitMult, n, limit }) => {
      expect(retransmitLimit(retransmitMult, n)).toBe(limit);
    },
  );

  // Rows recorded from Go memberlist at n = 10^k − 1 and 10^k, where a floating-point log10 could
  // round either way; memberlist hands every broadcast out at least once, hence max(1, limit).
  it.each(oracle)(
    'matches Go memberlist around powers of ten: mult $retransmitMult, n $n → $transmissions sends',
    (row) => {
      expect(Math.max(1, retransmitLimit(row.retransmitMult, row.n))).toBe(row.transmissions);
    },
  );
});

describe('TransmitLimitedQueue transmission count', () => {
  // The same table through the queue: how many getBroadcasts calls hand one broadcast out.
  it.each(oracle)(
    'sends a broadcast $transmissions times for mult $retransmitMult, n $n',
    ({ retransmitMult, n, transmissions }) => {
      const queue = new TransmitLimitedQueue({ numNodes: () => n }, { retransmitMult });
      const reasons: string[] = [];
      queue.enqueue({
        unique: true,
        message: new Uint8Array(10),
        onDone: (reason) => reasons.push(reason),
      });
      let sends = 0;
      while (queue.size > 0 && sends < 100) sends += queue.getBroadcasts(2, 1400).length;
      expect(sends).toBe(transmissions);
      expect(reasons).toEqual(['sent']);
    },
  );
});
