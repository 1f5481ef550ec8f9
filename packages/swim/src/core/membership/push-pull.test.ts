import { describe, expect, it } from 'vitest';
import type { MemberRecord } from './member-table.js';
import { verifyProtocol } from './push-pull.js';
import type { PushNodeState } from '../../wire/index.js';

function rec(name: string, vsn: number[], state: MemberRecord['state'] = 'alive'): MemberRecord {
  return {
    name,
    address: '10.0.0.1:7946',
    meta: new Uint8Array(0),
    vsn: Uint8Array.from(vsn),
    state,
    incarnation: 1,
    stateChangeAt: 0,
  };
}
function remote(name: string, vsn: number[], state = 0): PushNodeState {
  return {
    name,
    addr: Uint8Array.of(10, 0, 0, 2),
    port: 7946,
    meta: null,
    incarnation: 1,
    state,
    vsn: Uint8Array.from(vsn),
  };
}

describe('verifyProtocol (memberlist rules)', () => {
  it.each([
    // [local vsn, remote vsn, remote state, ok?]
    [[1, 5, 2, 0, 0, 0], [1, 5, 2, 0, 0, 0], 0, true],
    [[1, 5, 2, 2, 5, 4], [1, 5, 2, 2, 5, 4], 0, true],
    [[1, 5, 2, 0, 0, 0], [2, 5, 2, 2, 5, 4], 0, false], // our delegate 0 is below their min 2 (Serf)
    [[1, 5, 2, 0, 0, 0], [3, 5, 3, 0, 0, 0], 0, false], // our protocol 2 is below their min 3
    [[1, 5, 2, 0, 0, 0], [3, 5, 3, 0, 0, 0], 2, true], // a dead remote does not count
    [[1, 5, 2, 0, 0, 0], [1, 5], 0, true], // short Vsn is skipped
  ])('local %j, remote %j (state %i) → ok %s', (l, r, state, ok) => {
    const check = (): void => verifyProtocol([rec('me', l)], [remote('them', r, state)]);
    if (ok) expect(check).not.toThrow();
    else expect(check).toThrow(expect.objectContaining({ code: 'ERR_PROTOCOL_VERSION' }) as Error);
  });

  it('checks the local records also when they come as a one-shot iterator (the table passes one)', () => {
    const local = new Map([['me', rec('me', [3, 5, 3, 0, 0, 0])]]).values();
    expect(() => verifyProtocol(local, [remote('them', [1, 5, 2, 0, 0, 0])])).toThrow(
      expect.objectContaining({ code: 'ERR_PROTOCOL_VERSION' }) as Error,
    );
  });
});
