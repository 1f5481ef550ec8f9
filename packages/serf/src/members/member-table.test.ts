import { describe, expect, it } from 'vitest';
import { LamportClock } from './lamport-clock.js';
import { SerfMemberTable } from './member-table.js';
import type { NodeInfo } from './member-table.js';

const info = (name: string, tags: Record<string, string> = {}): NodeInfo => ({
  name,
  address: `127.0.0.1:${7000 + name.length}`,
  tags,
  protocol: [1, 5, 2],
  delegate: [2, 5, 5],
});
const TIMEOUTS = {
  reconnectTimeoutMs: 1_000,
  tombstoneTimeoutMs: 2_000,
  recentIntentTimeoutMs: 500,
};

function table() {
  const clock = new LamportClock(1);
  return { clock, t: new SerfMemberTable('me', clock) };
}

describe('SerfMemberTable (Serf membership rules)', () => {
  it('join intents: witness the clock, rebroadcast only when newer, revive leaving members', () => {
    const { t, clock } = table();
    t.nodeJoined(info('a'));
    expect(t.joinIntent('a', 5, 0)).toEqual({ rebroadcast: true, refute: false });
    expect(clock.time()).toBe(6);
    expect(t.statusLTime('a')).toBe(5);
    expect(t.joinIntent('a', 5, 0).rebroadcast).toBe(false);
    expect(t.leaveIntent('a', 6, false, 0, true).rebroadcast).toBe(true);
    expect(t.get('a')?.status).toBe('leaving');
    expect(t.joinIntent('a', 7, 0).rebroadcast).toBe(true);
    expect(t.get('a')?.status).toBe('alive');
    expect(t.takeEvents().map((e) => e.kind)).toEqual(['member-join']);
  });

  it('leave intents: alive → leaving → left on memberlist leave; failed → left at once', () => {
    const { t } = table();
    t.nodeJoined(info('a'));
    t.nodeJoined(info('b'));
    t.takeEvents();
    t.leaveIntent('a', 3, false, 0, true);
    t.nodeLeft('a', 100);
    t.nodeLeft('b', 100); // no intent: failed
    expect(t.get('a')?.status).toBe('left');
    expect(t.get('b')?.status).toBe('failed');
    expect(t.takeEvents().map((e) => `${e.kind}:${e.member.name}`)).toEqual([
      'member-leave:a',
      'member-failed:b',
    ]);
    expect(t.leaveIntent('b', 4, false, 100, true).rebroadcast).toBe(true);
    expect(t.get('b')?.status).toBe('left');
    expect(t.failedMembers()).toEqual([]);
    expect([...t.leftMembers()].sort()).toEqual(['a', 'b']);
    expect(t.takeEvents().map((e) => `${e.kind}:${e.member.name}`)).toEqual(['member-leave:b']);
  });

  it('refutes a leave intent for ourselves while alive (no rebroadcast), accepts it when leaving', () => {
    const { t } = table();
    t.nodeJoined(info('me'));
    expect(t.leaveIntent('me', 9, false, 0, true)).toEqual({ rebroadcast: false, refute: true });
    expect(t.get('me')?.status).toBe('alive');
    expect(t.leaveIntent('me', 9, false, 0, false)).toEqual({ rebroadcast: true, refute: false });
    expect(t.get('me')?.status).toBe('leaving');
  });

  it('keeps intents for unknown members and applies them when the member appears', () => {
    const { t } = table();
    expect(t.leaveIntent('x', 4, false, 0, true).rebroadcast).toBe(true);
    expect(t.leaveIntent('x', 3, false, 0, true).rebroadcast).toBe(false); // older
    t.nodeJoined(info('x'));
    expect(t.get('x')?.status).toBe('leaving');
    expect(t.statusLTime('x')).toBe(4);
    expect(t.joinIntent('y', 2, 0).rebroadcast).toBe(true);
    expect(t.intentCount).toBe(2);
    t.reap(501, TIMEOUTS);
    expect(t.intentCount).toBe(0);
  });

  it('prune erases the member at once (member-reap)', () => {
    const { t } = table();
    t.nodeJoined(info('a'));
    t.takeEvents();
    t.leaveIntent('a', 2, true, 0, true);
    expect(t.get('a')).toBeUndefined();
    expect(t.takeEvents().map((e) => e.kind)).toEqual(['member-reap']);
  });

  it('reaps failed members after reconnectTimeout and left members after tombstoneTimeout', () => {
    const { t } = table();
    for (const n of ['me', 'f', 'l']) t.nodeJoined(info(n));
    t.leaveIntent('l', 2, false, 0, true);
    t.nodeLeft('f', 1_000);
    t.nodeLeft('l', 1_000);
    t.takeEvents();
    t.reap(2_000, TIMEOUTS); // exactly reconnectTimeout: kept
    expect(t.get('f')?.status).toBe('failed');
    t.reap(2_001, TIMEOUTS);
    expect(t.get('f')).toBeUndefined();
    expect(t.get('l')?.status).toBe('left');
    t.reap(3_001, TIMEOUTS);
    expect(t.get('l')).toBeUndefined();
    expect(t.takeEvents().map((e) => `${e.kind}:${e.member.name}`)).toEqual([
      'member-reap:f',
      'member-reap:l',
    ]);
    expect(t.members().map((m) => m.name)).toEqual(['me']);
  });

  it('a failed member that comes back is alive again and leaves the failed list', () => {
    const { t } = table();
    t.nodeJoined(info('a'));
    t.nodeLeft('a', 10);
    t.nodeJoined(info('a', { v: '2' }));
    expect(t.get('a')).toMatchObject({ status: 'alive', tags: { v: '2' } });
    expect(t.failedMembers()).toEqual([]);
    t.nodeUpdated(info('a', { v: '3' }));
    expect(t.get('a')?.tags).toEqual({ v: '3' });
    expect(t.hasAliveMembers()).toBe(true);
  });
});
