import { describe, expect, it } from 'vitest';
import type { MemberEventType, MemberState } from '@ring/swim';
import type { MemberLike } from './membership.js';
import { MembershipTracker } from './membership-tracker.js';
import { formatEventLine } from './event-lines.js';

const member = (name: string, state: MemberState = 'alive'): MemberLike => ({
  name,
  address: `10.0.0.${name.slice(-1)}:7946`,
  meta: new Uint8Array(),
  state,
  incarnation: 1,
});
const ev = (type: MemberEventType, name: string, state: MemberState = 'alive') => ({
  type,
  member: member(name, state),
});

describe('MembershipTracker', () => {
  it('counts alive and suspect members including itself, right after each change', () => {
    const tr = new MembershipTracker('n1');
    expect(tr.count).toBe(1);
    expect(tr.apply(ev('join', 'n1'), 1)).toBeUndefined();
    expect(tr.apply(ev('join', 'n2'), 2)).toEqual({
      event: 'join',
      name: 'n2',
      addr: '10.0.0.2:7946',
      count: 2,
      t: 2,
    });
    expect(tr.apply(ev('join', 'n3'), 3)).toEqual({
      event: 'join',
      name: 'n3',
      addr: '10.0.0.3:7946',
      count: 3,
      t: 3,
    });
    expect(tr.apply(ev('suspect', 'n3', 'suspect'), 4)).toEqual({
      event: 'update',
      name: 'n3',
      state: 'suspect',
      t: 4,
    });
    expect(tr.count).toBe(3);
    expect(tr.apply(ev('alive', 'n3'), 5)).toEqual({
      event: 'update',
      name: 'n3',
      state: 'alive',
      t: 5,
    });
    expect(tr.apply(ev('leave', 'n2', 'left'), 6)).toEqual({
      event: 'leave',
      name: 'n2',
      state: 'left',
      count: 2,
      t: 6,
    });
    expect(tr.apply(ev('suspect', 'n3', 'suspect'), 7)?.event).toBe('update');
    expect(tr.apply(ev('leave', 'n3', 'dead'), 8)).toEqual({
      event: 'leave',
      name: 'n3',
      state: 'dead',
      count: 1,
      t: 8,
    });
    expect(tr.names()).toEqual(['n1']);
  });

  it('ignores duplicates, unknown members and no-op transitions', () => {
    const tr = new MembershipTracker('self');
    expect(tr.apply(ev('leave', 'x', 'dead'), 1)).toBeUndefined();
    expect(tr.apply(ev('alive', 'x'), 1)).toBeUndefined();
    expect(tr.apply(ev('update', 'x'), 1)).toBeUndefined();
    tr.apply(ev('join', 'x'), 1);
    expect(tr.apply(ev('join', 'x'), 2)).toBeUndefined();
    expect(tr.apply(ev('alive', 'x'), 2)).toBeUndefined();
    expect(tr.apply(ev('update', 'x'), 3)).toEqual({
      event: 'update',
      name: 'x',
      state: 'alive',
      t: 3,
    });
    expect(tr.apply(ev('leave', 'self', 'left'), 4)).toBeUndefined();
    expect(tr.count).toBe(2);
  });

  it('formats a line as one JSON object with the documented key order', () => {
    const tr = new MembershipTracker('a');
    const line = tr.apply(ev('join', 'n2'), 1700000000000)!;
    expect(formatEventLine(line)).toBe(
      '{"event":"join","name":"n2","addr":"10.0.0.2:7946","count":2,"t":1700000000000}\n',
    );
  });
});
