import { describe, expect, it } from 'vitest';
import { expectBroadcastError } from '../test/expect-error.js';
import { readFixture } from '../test/fixtures.js';
import { retransmitLimit } from './retransmit-limit.js';
import { TransmitLimitedQueue } from './transmit-queue.js';

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

  it('is 0 for an empty cluster and mult × digits(n) otherwise', () => {
    expect(retransmitLimit(4, 0)).toBe(0);
    expect(retransmitLimit(3, 1)).toBe(3);
    expect(retransmitLimit(3, 1_000_000)).toBe(21);
    expect(retransmitLimit(0, 500)).toBe(0);
  });

  it.each([
    [-1, 5],
    [1.5, 5],
    [Number.NaN, 5],
    [4, -1],
    [4, 2.5],
    [4, Number.POSITIVE_INFINITY],
    [4, Number.NaN],
  ])('rejects mult %s, n %s with ERR_INVALID_ARGUMENT', (mult, n) => {
    expectBroadcastError(() => retransmitLimit(mult, n), 'ERR_INVALID_ARGUMENT');
  });
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
