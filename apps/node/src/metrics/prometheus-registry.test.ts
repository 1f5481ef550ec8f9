import { describe, expect, it } from 'vitest';
import { PrometheusRegistry } from './prometheus-registry.js';

describe('PrometheusRegistry', () => {
  it('renders counters, gauges and histograms in the text exposition format', () => {
    const r = new PrometheusRegistry([10, 100]);
    r.increment('ring_swim_probes_total', 1, undefined, 'Probes sent.');
    r.increment('ring_swim_probes_total', 2);
    r.increment('ring_node_http_requests_total', 1, { route: '/v1/members', code: '200' });
    r.gauge('ring_swim_health_score', 3);
    r.collect('ring_node_members', 'Alive or suspect members.', () => 4);
    r.observe('ring_swim_probe_rtt_ms', 5);
    r.observe('ring_swim_probe_rtt_ms', 50);
    r.observe('ring_swim_probe_rtt_ms', 500);
    expect(r.render()).toBe(
      [
        '# TYPE ring_node_http_requests_total counter',
        'ring_node_http_requests_total{code="200",route="/v1/members"} 1',
        '# HELP ring_node_members Alive or suspect members.',
        '# TYPE ring_node_members gauge',
        'ring_node_members 4',
        '# TYPE ring_swim_health_score gauge',
        'ring_swim_health_score 3',
        '# TYPE ring_swim_probe_rtt_ms histogram',
        'ring_swim_probe_rtt_ms_bucket{le="10"} 1',
        'ring_swim_probe_rtt_ms_bucket{le="100"} 2',
        'ring_swim_probe_rtt_ms_bucket{le="+Inf"} 3',
        'ring_swim_probe_rtt_ms_sum 555',
        'ring_swim_probe_rtt_ms_count 3',
        '# HELP ring_swim_probes_total Probes sent.',
        '# TYPE ring_swim_probes_total counter',
        'ring_swim_probes_total 3',
        '',
      ].join('\n'),
    );
    expect(r.value('ring_swim_probes_total')).toBe(3);
    expect(r.value('ring_node_members')).toBe(4);
  });

  it('counts a reused frozen label object under one series, and reads a mutable one afresh each time', () => {
    const r = new PrometheusRegistry();
    const frozen = Object.freeze({ direction: 'in', channel: 'packet' });
    for (let i = 0; i < 3; i++) r.increment('ring_node_transport_packets_total', 2, frozen);
    expect(
      r.value('ring_node_transport_packets_total', { channel: 'packet', direction: 'in' }),
    ).toBe(6);
    const mutable: Record<string, string> = { direction: 'in' };
    r.increment('ring_node_transport_streams_total', 1, mutable);
    mutable.direction = 'out';
    r.increment('ring_node_transport_streams_total', 1, mutable);
    expect(r.value('ring_node_transport_streams_total', { direction: 'in' })).toBe(1);
    expect(r.value('ring_node_transport_streams_total', { direction: 'out' })).toBe(1);
  });

  it('escapes label values and rejects bad names, kinds and negative increments', () => {
    const r = new PrometheusRegistry();
    r.increment('x_total', 1, { path: 'a"b\\c\nd' });
    expect(r.render()).toContain('x_total{path="a\\"b\\\\c\\nd"} 1');
    expect(() => r.set('x_total', 1)).toThrow(/is a counter/);
    expect(() => r.increment('bad-name')).toThrow(/invalid metric name/);
    expect(() => r.increment('x_total', -1)).toThrow(/cannot decrease/);
  });
});
