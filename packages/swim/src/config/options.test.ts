import { describe, expect, it } from 'vitest';
import { resolveOptions } from './options.js';
import type { SwimOptions } from './options.js';
import type { SwimPreset } from './constants.js';

// memberlist §14.7 defaults, ms: [preset, tcpTimeout, indirectChecks, retransmitMult, suspicionMult,
//  suspicionMaxTimeoutMult, pushPullInterval, probeInterval, probeTimeout, gossipNodes, gossipInterval, gossipToTheDead]
const MEMBERLIST: [
  SwimPreset,
  number,
  number,
  number,
  number,
  number,
  number,
  number,
  number,
  number,
  number,
  number,
][] = [
  ['lan', 10_000, 3, 4, 4, 6, 30_000, 1_000, 500, 3, 200, 30_000],
  ['wan', 30_000, 3, 4, 6, 6, 60_000, 5_000, 3_000, 4, 500, 60_000],
  ['local', 1_000, 1, 2, 3, 6, 15_000, 1_000, 200, 3, 100, 15_000],
];

describe('resolveOptions', () => {
  it.each(MEMBERLIST)(
    'preset %s has memberlist defaults',
    (preset, tcp, ind, rm, sm, smax, pp, pi, pt, gn, gi, gd) => {
      const o = resolveOptions(preset);
      expect([
        o.tcpTimeoutMs,
        o.indirectChecks,
        o.retransmitMult,
        o.suspicionMult,
        o.suspicionMaxTimeoutMult,
      ]).toEqual([tcp, ind, rm, sm, smax]);
      expect([
        o.pushPullIntervalMs,
        o.probeIntervalMs,
        o.probeTimeoutMs,
        o.gossipNodes,
        o.gossipIntervalMs,
        o.gossipToTheDeadTimeMs,
      ]).toEqual([pp, pi, pt, gn, gi, gd]);
      expect([
        o.awarenessMaxMultiplier,
        o.packetBudgetBytes,
        o.disableTcpPings,
        o.lifeguard,
      ]).toEqual([8, 1400, false, true]);
      expect(o.deadNodeReclaimTimeMs).toBeGreaterThan(0);
      expect(Object.isFrozen(o)).toBe(true);
    },
  );

  it('applies overrides with ?? (0 and false are kept)', () => {
    const o = resolveOptions('lan', {
      probeIntervalMs: 500,
      probeTimeoutMs: 100,
      indirectChecks: 0,
      lifeguard: false,
      deadNodeReclaimTimeMs: 0,
    });
    expect([
      o.probeIntervalMs,
      o.probeTimeoutMs,
      o.indirectChecks,
      o.lifeguard,
      o.deadNodeReclaimTimeMs,
    ]).toEqual([500, 100, 0, false, 0]);
    expect(o.gossipIntervalMs).toBe(200);
  });

  it.each([
    [{ probeIntervalMs: 0 }],
    [{ probeIntervalMs: -1 }],
    [{ gossipIntervalMs: Number.NaN }],
    [{ probeTimeoutMs: 2_000 }],
    [{ indirectChecks: 1.5 }],
    [{ retransmitMult: 0 }],
    [{ packetBudgetBytes: 10 }],
    [{ deadNodeReclaimTimeMs: -5 }],
    [{ delegateProtocolMin: 2, delegateProtocolMax: 1, delegateProtocolVersion: 1 }],
    [{ delegateProtocolMax: 5, delegateProtocolVersion: 6 }],
    [{ delegateProtocolMax: 256 }],
  ] as [SwimOptions][])('rejects %j with ERR_INVALID_OPTION', (bad) => {
    expect(() => resolveOptions('lan', bad)).toThrow(
      expect.objectContaining({ code: 'ERR_INVALID_OPTION' }) as Error,
    );
  });

  it('rejects an unknown preset', () => {
    expect(() => resolveOptions('moon' as SwimPreset)).toThrow(
      expect.objectContaining({ code: 'ERR_INVALID_OPTION' }) as Error,
    );
  });
});
