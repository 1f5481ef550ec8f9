import { describe, expect, it } from 'vitest';
import type { MemberRecord } from '../core/membership/member-table.js';
import { pushNodeStates } from './member-messages.js';

/** What every record below shares: address 10.0.0.1:7946, incarnation 1, no metadata. */
const BASE = {
  address: '10.0.0.1:7946',
  meta: new Uint8Array(0),
  incarnation: 1,
  stateChangeAt: 0,
};
const record = (name: string, state: MemberRecord['state']): MemberRecord => ({
  ...BASE,
  vsn: Uint8Array.of(1, 5, 2, 0, 0, 0),
  name,
  state,
});

describe('pushNodeStates', () => {
  it('lists every record with its wire state number and address bytes', () => {
    const out = pushNodeStates([record('a', 'alive'), record('b', 'left')]);
    expect(out.map((n) => [n.name, n.state, [...n.addr], n.port])).toEqual([
      ['a', 0, [10, 0, 0, 1], 7946],
      ['b', 3, [10, 0, 0, 1], 7946],
    ]);
  });
});
