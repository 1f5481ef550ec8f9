import { describe, expect, it } from 'vitest';
import { expectBroadcastError } from '../testing/expect-error.js';
import {
  DEFAULT_DROP_POLICY,
  DEFAULT_MAX_QUEUE_DEPTH,
  DEFAULT_OVERHEAD_BYTES,
  DEFAULT_PACKET_BUDGET_BYTES,
  DEFAULT_RETRANSMIT_MULT,
} from '../constants.js';
import { resolveOptions, type TransmitQueueOptions } from './options.js';

describe('resolveOptions', () => {
  it('applies the documented defaults and freezes the result', () => {
    const options = resolveOptions();
    expect(options).toEqual({
      retransmitMult: 4,
      packetBudgetBytes: 1400,
      overheadBytes: 2,
      maxQueueDepth: 4096,
      dropPolicy: 'drop-oldest',
    });
    expect(options).toEqual({
      retransmitMult: DEFAULT_RETRANSMIT_MULT,
      packetBudgetBytes: DEFAULT_PACKET_BUDGET_BYTES,
      overheadBytes: DEFAULT_OVERHEAD_BYTES,
      maxQueueDepth: DEFAULT_MAX_QUEUE_DEPTH,
      dropPolicy: DEFAULT_DROP_POLICY,
    });
    expect(Object.isFrozen(options)).toBe(true);
  });

  it('keeps given values, including zero overhead and an unbounded depth', () => {
    expect(
      resolveOptions({
        retransmitMult: 2,
        packetBudgetBytes: 512,
        overheadBytes: 0,
        maxQueueDepth: Number.POSITIVE_INFINITY,
        dropPolicy: 'reject',
      }),
    ).toEqual({
      retransmitMult: 2,
      packetBudgetBytes: 512,
      overheadBytes: 0,
      maxQueueDepth: Number.POSITIVE_INFINITY,
      dropPolicy: 'reject',
    });
  });

  it.each<[string, TransmitQueueOptions]>([
    ['retransmitMult 0', { retransmitMult: 0 }],
    ['retransmitMult 1.5', { retransmitMult: 1.5 }],
    ['retransmitMult NaN', { retransmitMult: Number.NaN }],
    ['packetBudgetBytes 0', { packetBudgetBytes: 0 }],
    ['packetBudgetBytes Infinity', { packetBudgetBytes: Number.POSITIVE_INFINITY }],
    ['overheadBytes -1', { overheadBytes: -1 }],
    ['overheadBytes ≥ budget', { overheadBytes: 100, packetBudgetBytes: 100 }],
    ['maxQueueDepth 0', { maxQueueDepth: 0 }],
    ['maxQueueDepth 2.5', { maxQueueDepth: 2.5 }],
    ['maxQueueDepth -Infinity', { maxQueueDepth: Number.NEGATIVE_INFINITY }],
    ['dropPolicy unknown', { dropPolicy: 'drop-random' as never }],
    ['retransmitMult as string', { retransmitMult: '4' as never }],
  ])('rejects %s with ERR_INVALID_OPTION', (_label, options) => {
    expectBroadcastError(() => resolveOptions(options), 'ERR_INVALID_OPTION');
  });
});
