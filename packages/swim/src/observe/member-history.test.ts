import { describe, expect, it } from 'vitest';
import { FORGOTTEN_HISTORIES, MemberHistory } from './member-history.js';
import type { HistoryEntry } from './member-history.js';

const entry = (at: number, kind: HistoryEntry['kind'] = 'suspect'): HistoryEntry => ({
  at,
  kind,
  state: 'suspect',
  incarnation: 1,
  awareness: 0,
  from: 'x',
  via: 'gossip',
  suspicion: null,
  probe: null,
  claimIncarnation: null,
});

describe('MemberHistory', () => {
  it('keeps the newest `capacity` entries per member, oldest first, and counts the dropped', () => {
    const h = new MemberHistory(3);
    for (let i = 1; i <= 5; i++) h.record('a', entry(i));
    h.record('b', entry(100));
    const a = h.get('a')!;
    expect(a.entries.map((e) => e.at)).toEqual([3, 4, 5]);
    expect(a.dropped).toBe(2);
    expect(h.get('b')!.entries.map((e) => e.at)).toEqual([100]);
    expect(h.get('c')).toBeUndefined();
  });

  it('counts failed probes and remembers the last ack without spending entries on acks', () => {
    const h = new MemberHistory(2);
    h.recordAck('a', { at: 10, rttMs: 3, via: 'direct' });
    h.recordAck('a', { at: 20, rttMs: 7, via: 'indirect' });
    h.record('a', entry(30, 'probe-failed'));
    const a = h.get('a')!;
    expect(a.acks).toBe(2);
    expect(a.failures).toBe(1);
    expect(a.lastAck).toEqual({ at: 20, rttMs: 7, via: 'indirect' });
    expect(a.entries).toHaveLength(1);
  });

  it('capacity 0 keeps no entries (nor a slot for them) but still the probe counters', () => {
    const h = new MemberHistory(0);
    h.record('a', entry(1));
    expect(h.wants('suspect')).toBe(false);
    expect(h.get('a')).toBeUndefined();
    h.recordAck('a', { at: 2, rttMs: 1, via: 'direct' });
    h.record('a', entry(3, 'probe-failed'));
    expect(h.wants('probe-failed')).toBe(true);
    expect(h.get('a')).toMatchObject({ entries: [], dropped: 1, acks: 1, failures: 1 });
  });

  it('keeps the histories of at most FORGOTTEN_HISTORIES forgotten members, and revives one that returns', () => {
    const h = new MemberHistory(4);
    for (let i = 0; i <= FORGOTTEN_HISTORIES; i++) {
      h.record(`m${i}`, entry(i));
      h.forget(`m${i}`);
    }
    expect(h.get('m0')).toBeUndefined();
    expect(h.get('m1')!.entries[0]!.at).toBe(1);
    h.record('m1', entry(500));
    expect(h.get('m1')!.entries.map((e) => e.at)).toEqual([1, 500]);
  });
});
