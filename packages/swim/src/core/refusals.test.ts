import { describe, expect, it } from 'vitest';
import { WireError } from '../wire/index.js';
import { MemoryMetrics } from '../observe/observability.js';
import type { NodeContext } from '../shell/node-context.js';
import { reasonOf, refuse } from './refusals.js';

describe('refusals', () => {
  it.each([
    [new WireError('ERR_LABEL_MISMATCH', 'x'), 'label_mismatch'],
    [new WireError('ERR_DECRYPT', 'x'), 'decrypt'],
    [new WireError('ERR_TOO_LARGE', 'x'), 'too_large'],
    [new Error('no code'), 'decode'],
    [undefined, 'decode'],
  ] as const)('%s → %s', (error, reason) => {
    expect(reasonOf(error)).toBe(reason);
  });

  it('counts by transport and reason; decode-type reasons also in the old lump', () => {
    const metrics = new MemoryMetrics();
    const logged: unknown[] = [];
    const ctx = {
      metrics,
      logger: { debug: (o: unknown) => logged.push(o) },
    } as unknown as NodeContext;
    refuse(ctx, 'udp', 'crc');
    refuse(ctx, 'tcp', 'decode');
    refuse(ctx, 'udp', 'new_member_rate', { node: 'x' });
    expect(metrics.counter('ring_swim_refusals_total', { transport: 'udp', reason: 'crc' })).toBe(
      1,
    );
    expect(
      metrics.counter('ring_swim_refusals_total', { transport: 'tcp', reason: 'decode' }),
    ).toBe(1);
    expect(
      metrics.counter('ring_swim_refusals_total', { transport: 'udp', reason: 'new_member_rate' }),
    ).toBe(1);
    expect(metrics.counter('ring_swim_decode_errors_total')).toBe(2);
    expect(logged).toHaveLength(3);
  });
});
