import { describe, expect, it } from 'vitest';
import { MemoryMetrics } from './observability.js';
import { refuse } from './refusal-count.js';
import type { RefusalSink } from './refusal-count.js';

describe('refuse', () => {
  it('counts by transport and reason; decode-type reasons also in the old lump', () => {
    const metrics = new MemoryMetrics();
    const logged: unknown[] = [];
    const sink: RefusalSink = {
      metrics,
      logger: { debug: (o: unknown) => logged.push(o) },
    };
    refuse(sink, 'udp', 'crc');
    refuse(sink, 'tcp', 'decode');
    refuse(sink, 'udp', 'new_member_rate', { node: 'x' });
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
