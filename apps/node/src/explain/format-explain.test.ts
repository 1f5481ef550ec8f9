import { describe, expect, it } from 'vitest';
import type { KeyExplainView, MemberExplainView } from '../http/explain-api.js';
import { formatKeyExplanation, formatMemberExplanation } from './format-explain.js';

const T = Date.UTC(2026, 0, 2, 3, 4, 5);

const member: MemberExplainView = {
  name: 'web-2',
  local: false,
  now: T + 2000,
  member: { address: '10.0.0.2:7946', state: 'suspect', incarnation: 3, stateSince: T },
  suspicion: {
    from: 'web-1',
    startedAt: T,
    confirmations: 1,
    k: 3,
    minMs: 5000,
    maxMs: 30000,
    timeoutMs: 22_262,
    deadline: T + 22_262,
    remainingMs: 20_262,
  },
  lastAck: { at: T - 1000, rttMs: 0.4, via: 'indirect' },
  probes: { acks: 9, failures: 1 },
  awareness: { score: 2, max: 7 },
  historySize: 32,
  dropped: 5,
  history: [
    {
      at: T,
      kind: 'suspect',
      state: 'suspect',
      incarnation: 3,
      awareness: 2,
      from: 'web-1',
      via: 'gossip',
      suspicion: { confirmations: 0, k: 3, minMs: 5000, maxMs: 30000, timeoutMs: 30000 },
      probe: null,
      claimIncarnation: null,
    },
  ],
  tags: { role: 'web' },
};

describe('formatMemberExplanation', () => {
  it('prints the state, tags, last ack, the suspicion in force, awareness and the history', () => {
    expect(formatMemberExplanation(member)).toBe(
      [
        'member web-2 at 10.0.0.2:7946: suspect since 2026-01-02T03:04:05.000Z, incarnation 3',
        'tags: role=web',
        'last ack: 2026-01-02T03:04:04.000Z, RTT 0 ms (indirect); probes: 9 acked, 1 failed',
        'suspicion: started 2026-01-02T03:04:05.000Z by web-1; 1/3 confirmations; timeout 22.3 s (min 5.0 s, max 30.0 s); dead at 2026-01-02T03:04:27.262Z (in 20.3 s)',
        'our awareness now: 2/7',
        'history (1 of 32 kept, 5 dropped), oldest first:',
        '  2026-01-02T03:04:05.000Z  suspect       suspect  inc 3  from web-1  via gossip  0/3 confirmations, timeout 30.0 s  awareness 2',
        '',
      ].join('\n'),
    );
  });

  it('a forgotten member and a refutation of our own', () => {
    const text = formatMemberExplanation({
      ...member,
      local: true,
      member: null,
      suspicion: null,
      lastAck: null,
      tags: {},
      history: [
        {
          ...member.history[0]!,
          kind: 'refute',
          state: 'alive',
          incarnation: 4,
          suspicion: null,
          claimIncarnation: 3,
        },
      ],
    });
    expect(text).toContain(
      'member web-2: forgotten (reaped from the member table); its history remains\n',
    );
    expect(text).toContain('last ack: none; probes: 9 acked, 1 failed\n');
    expect(text).toContain('suspicion: none\n');
    expect(text).toContain(
      'refute        alive    inc 4  from web-1  via gossip  refuted a claim at inc 3',
    );
  });
});

describe('formatKeyExplanation', () => {
  it('an empty ring: no owner, no point, every slot unowned', () => {
    const x: KeyExplainView = {
      key: 'k',
      owner: null,
      ring: {
        algorithm: 'vnode',
        hash: 255,
        hashHex: '000000ff',
        point: null,
        arc: null,
        owners: [],
        vnodesPerWeight: 160,
        rule: 'r',
      },
      partition: {
        partition: 1,
        partitions: 4,
        redundancy: 1,
        hash: null,
        partitioner: 'custom partitioner',
        loadCap: 0,
        rule: 'p',
        owners: [{ replica: 0, name: null, score: null, rank: null, passedOver: [] }],
      },
      excluded: [{ name: 'a', state: 'dead', reasons: ['not-alive'], detail: 'state dead' }],
    };
    expect(formatKeyExplanation(x)).toBe(
      [
        'key "k" → owner (none: no eligible member)',
        'ring (vnode, 160 vnodes per weight): xxh32(key) = 0x000000ff (255)',
        '  rule: r',
        '  preference order: (empty ring)',
        'partition 1 of 4 (custom partitioner); load cap 0 slots per member',
        '  replica 0: unowned',
        '  rule: p',
        'excluded:',
        '  a (dead): not-alive — state dead',
        '',
      ].join('\n'),
    );
  });
});
