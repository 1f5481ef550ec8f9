import { describe, expect, it } from 'vitest';
import type { MemberRecord } from '../core/membership/member-table.js';
import { pushNodeStates } from './member-messages.js';

function rec(name: string, vsn: number[], state: MemberRecord['state'] = 'alive'): MemberRecord {
  return {
    name,
    address: '10.0.0.1:7946',
    meta: new Uint8Array(0),
    vsn: Uint8Array.from(vsn),
    state,
    incarnation: 1,
    stateChangeAt: 0,
    snapshot: undefined,
  };
}

describe('pushNodeStates', () => {
  it('lists every record with its wire state number and address bytes', () => {
    const out = pushNodeStates([
      rec('a', [1, 5, 2, 0, 0, 0]),
      rec('b', [1, 5, 2, 0, 0, 0], 'left'),
    ]);
    expect(out.map((n) => [n.name, n.state, [...n.addr], n.port])).toEqual([
      ['a', 0, [10, 0, 0, 1], 7946],
      ['b', 3, [10, 0, 0, 1], 7946],
    ]);
  });
});
