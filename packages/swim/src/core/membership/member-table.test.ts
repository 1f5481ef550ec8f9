import { describe, expect, it } from 'vitest';
import { MemberTable } from './member-table.js';
import type { AliveClaim } from './member-table.js';

const VSN = Uint8Array.of(1, 5, 2, 0, 0, 0);
const META = new Uint8Array(0);
const P = { k: 2, minMs: 4000, maxMs: 24000 };

function alive(
  name: string,
  incarnation: number,
  address = `10.0.0.${name.length}:7946`,
  meta = META,
): AliveClaim {
  return { name, address, meta, incarnation, vsn: VSN };
}
function table(): MemberTable {
  return new MemberTable(alive('me', 1, '10.0.0.1:7946'), 0);
}

describe('MemberTable alive rules', () => {
  it.each([1, 2 ** 29, 2 ** 31 + 5, 2 ** 32 - 2])(
    'keeps state and incarnation apart at incarnation %i (they share one packed number)',
    (inc) => {
      const t = table();
      t.applyAlive(alive('b', inc), 10, 0);
      expect(t.get('b')).toMatchObject({ state: 'alive', incarnation: inc });
      t.applySuspect({ name: 'b', incarnation: inc + 1, from: 'me' }, 11, P);
      expect(t.get('b')).toMatchObject({ state: 'suspect', incarnation: inc + 1 });
      t.applyDead({ name: 'b', incarnation: inc + 1, from: 'b' }, 12);
      expect(t.get('b')).toMatchObject({ state: 'left', incarnation: inc + 1, stateChangeAt: 12 });
    },
  );

  it('creates a new member from its first alive (join event), never from incarnation 0', () => {
    const t = table();
    expect(t.applyAlive(alive('b', 0), 10, 0).kind).toBe('ignored');
    const out = t.applyAlive(alive('b', 1), 10, 0);
    expect(out).toMatchObject({ kind: 'applied', event: 'join', isNew: true });
    expect(t.get('b')?.state).toBe('alive');
    expect(t.size).toBe(2);
    expect(t.liveCount).toBe(2);
  });

  it.each([
    // [second incarnation, meta changed, expected kind, expected event]
    [1, false, 'ignored', undefined],
    [2, false, 'applied', undefined],
    [2, true, 'applied', 'update'],
    [0, true, 'ignored', undefined],
  ] as const)(
    'a later alive at incarnation %i (meta changed %s) is %s with event %s',
    (inc, metaChanged, kind, event) => {
      const t = table();
      t.applyAlive(alive('b', 1), 0, 0);
      const out = t.applyAlive(
        alive('b', inc, undefined, metaChanged ? Uint8Array.of(1) : META),
        1,
        0,
      );
      expect(out.kind).toBe(kind);
      if (out.kind === 'applied') expect(out.event).toBe(event);
    },
  );

  it('ignores an alive with an invalid Vsn', () => {
    const t = table();
    expect(
      t.applyAlive({ ...alive('b', 1), vsn: Uint8Array.of(0, 0, 0, 0, 0, 0) }, 0, 0).kind,
    ).toBe('ignored');
    expect(
      t.applyAlive({ ...alive('b', 1), vsn: Uint8Array.of(3, 2, 2, 0, 0, 0) }, 0, 0).kind,
    ).toBe('ignored');
  });

  it('treats a known name at a new address as a conflict until reclaimable', () => {
    const t = table();
    t.applyAlive(alive('b', 1, '10.0.0.2:7946'), 0, 0);
    // Alive at the old address: a plain conflict, nothing to wait for.
    expect(t.applyAlive(alive('b', 2, '10.0.0.9:7946'), 1, 5000)).toEqual({ kind: 'conflict' });
    t.applyDead({ name: 'b', incarnation: 1, from: 'me' }, 1000);
    // Dead 2 s ago, reclaim after 5 s: reclaimable from 6000.
    expect(t.applyAlive(alive('b', 2, '10.0.0.9:7946'), 3000, 5000)).toEqual({
      kind: 'conflict',
      reclaimableAt: 6000,
    });
    // 0 = never
    expect(t.applyAlive(alive('b', 2, '10.0.0.9:7946'), 3000, 0)).toEqual({ kind: 'conflict' });
    const out = t.applyAlive(alive('b', 1, '10.0.0.9:7946'), 6000, 5000);
    expect(out).toMatchObject({ kind: 'applied', event: 'join' });
    expect(t.get('b')?.address).toBe('10.0.0.9:7946');
  });

  it('lets a left member come back at a new address at once', () => {
    const t = table();
    t.applyAlive(alive('b', 1, '10.0.0.2:7946'), 0, 0);
    t.applyDead({ name: 'b', incarnation: 1, from: 'b' }, 10);
    expect(t.get('b')?.state).toBe('left');
    expect(t.applyAlive(alive('b', 1, '10.0.0.3:7946'), 11, 0)).toMatchObject({
      kind: 'applied',
      event: 'join',
    });
  });

  it('refutes an alive about itself with a higher incarnation or different meta', () => {
    const t = table();
    expect(t.applyAlive(alive('me', 1, '10.0.0.1:7946'), 0, 0).kind).toBe('ignored');
    expect(t.applyAlive(alive('me', 4, '10.0.0.1:7946'), 0, 0)).toMatchObject({
      kind: 'refute',
      incarnation: 5,
    });
    expect(t.applyAlive(alive('me', 5, '10.0.0.1:7946', Uint8Array.of(9)), 0, 0)).toMatchObject({
      kind: 'refute',
      incarnation: 6,
    });
  });
});

describe('MemberTable suspect and dead rules', () => {
  it('suspects an alive member at incarnation ≥ known, confirms from new sources, then expires', () => {
    const t = table();
    t.applyAlive(alive('b', 3), 0, 0);
    expect(t.applySuspect({ name: 'b', incarnation: 2, from: 'c' }, 1, P).kind).toBe('ignored');
    const out = t.applySuspect({ name: 'b', incarnation: 3, from: 'c' }, 1, P);
    expect(out.kind).toBe('applied');
    expect(t.get('b')?.state).toBe('suspect');
    expect(t.liveCount).toBe(2);
    expect(t.applySuspect({ name: 'b', incarnation: 3, from: 'c' }, 2, P).kind).toBe('ignored');
    expect(t.applySuspect({ name: 'b', incarnation: 3, from: 'd' }, 2, P).kind).toBe('confirmed');
    const s = t.suspicion('b')!;
    expect(t.suspicionExpired('b', s)).toEqual({ name: 'b', incarnation: 3, from: 'me' });
  });

  it('a higher alive clears the suspicion (alive event) and a stale timer does nothing', () => {
    const t = table();
    t.applyAlive(alive('b', 1), 0, 0);
    t.applySuspect({ name: 'b', incarnation: 1, from: 'c' }, 1, P);
    const s = t.suspicion('b')!;
    expect(t.applyAlive(alive('b', 2), 2, 0)).toMatchObject({ kind: 'applied', event: 'alive' });
    expect(t.suspicionExpired('b', s)).toBeUndefined();
  });

  it('refutes suspect and dead about itself, unless leaving', () => {
    const t = table();
    expect(t.applySuspect({ name: 'me', incarnation: 1, from: 'c' }, 0, P)).toMatchObject({
      kind: 'refute',
      incarnation: 2,
    });
    expect(t.applyDead({ name: 'me', incarnation: 7, from: 'c' }, 0)).toMatchObject({
      kind: 'refute',
      incarnation: 8,
    });
    t.markLeaving();
    expect(t.applyDead({ name: 'me', incarnation: 8, from: 'me' }, 0).kind).toBe('applied');
    expect(t.local.state).toBe('left');
    expect(t.applyAlive(alive('me', 20, '10.0.0.1:7946'), 0, 0).kind).toBe('ignored');
  });

  it('dead at incarnation ≥ known marks dead (left when from itself); stale or repeated is ignored', () => {
    const t = table();
    t.applyAlive(alive('b', 2), 0, 0);
    expect(t.applyDead({ name: 'b', incarnation: 1, from: 'c' }, 1).kind).toBe('ignored');
    expect(t.applyDead({ name: 'b', incarnation: 2, from: 'c' }, 1).kind).toBe('applied');
    expect(t.get('b')).toMatchObject({ state: 'dead', stateChangeAt: 1 });
    expect(t.applyDead({ name: 'b', incarnation: 2, from: 'b' }, 2).kind).toBe('ignored');
    expect(t.liveCount).toBe(1);
    expect(t.applySuspect({ name: 'b', incarnation: 2, from: 'c' }, 3, P).kind).toBe('ignored');
    expect(t.remove('b')).toBe(true);
    expect(t.remove('me')).toBe(false);
    expect(t.size).toBe(1);
  });

  it('snapshots are frozen, cached, and refreshed after a change', () => {
    const t = table();
    t.applyAlive(alive('b', 1), 0, 0);
    const s1 = t.snapshot(t.get('b')!);
    expect(Object.isFrozen(s1)).toBe(true);
    expect(t.snapshot(t.get('b')!)).toBe(s1);
    t.applySuspect({ name: 'b', incarnation: 1, from: 'c' }, 1, P);
    const s2 = t.snapshot(t.get('b')!);
    expect(s2.state).toBe('suspect');
    expect(s1.state).toBe('alive');
    expect(s2.protocol).toEqual({ min: 1, max: 5, cur: 2 });
  });
});

describe('MemberTable incarnation limits (issue 19)', () => {
  const MAX = 0xffff_ffff;

  it('refutation saturates at 2^32-1 and says so; it never leaves the uint32 range', () => {
    const t = new MemberTable(alive('me', MAX - 5, '10.0.0.1:7946'), 0);
    expect(t.applySuspect({ name: 'me', incarnation: MAX - 1, from: 'c' }, 0, P)).toEqual({
      kind: 'refute',
      incarnation: MAX,
      saturated: false,
      implausible: false,
    });
    expect(t.applySuspect({ name: 'me', incarnation: MAX, from: 'c' }, 0, P)).toEqual({
      kind: 'refute',
      incarnation: MAX,
      saturated: true,
      implausible: false,
    });
    expect(t.local.incarnation).toBe(MAX);
    expect(t.updateLocalMeta(Uint8Array.of(1))).toBe(MAX);
  });

  it('an implausible claim about itself is refuted with its own incarnation + 1, not chased', () => {
    const t = new MemberTable(alive('me', 3, '10.0.0.1:7946'), 0, 1000);
    expect(t.applySuspect({ name: 'me', incarnation: MAX, from: 'evil' }, 0, P)).toEqual({
      kind: 'refute',
      incarnation: 4,
      saturated: false,
      implausible: true,
    });
    expect(t.applyDead({ name: 'me', incarnation: 1004, from: 'c' }, 0)).toMatchObject({
      incarnation: 1005,
      implausible: false,
    });
  });

  it('at 2^32-1 an alive overrides suspect and dead at the same incarnation (a saturated member can refute)', () => {
    const t = table();
    t.applyAlive(alive('b', MAX), 0, 0);
    t.applySuspect({ name: 'b', incarnation: MAX, from: 'c' }, 1, P);
    expect(t.get('b')?.state).toBe('suspect');
    expect(t.applyAlive(alive('b', MAX), 2, 0)).toMatchObject({ kind: 'applied', event: 'alive' });
    t.applyDead({ name: 'b', incarnation: MAX, from: 'c' }, 3);
    expect(t.get('b')?.state).toBe('dead');
    expect(t.applyAlive(alive('b', MAX), 4, 0)).toMatchObject({ kind: 'applied', event: 'join' });
    // Below the maximum the usual rule holds: an alive at the same incarnation changes nothing.
    t.applyAlive(alive('c', 7), 0, 0);
    t.applySuspect({ name: 'c', incarnation: 7, from: 'd' }, 1, P);
    expect(t.applyAlive(alive('c', 7), 2, 0).kind).toBe('ignored');
  });
});
