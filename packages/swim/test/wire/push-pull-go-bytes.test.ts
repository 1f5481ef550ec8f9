/**
 * Issue 11 in `pnpm test` (no Go needed): push/pull replies captured live from a Go memberlist
 * 0.2.2 peer in the shape of bench:cluster's clusters (10 members, one Serf-style `ring.http` tag
 * each, LAN config, compression on). Ring's send path — member records → `pushNodeStates` →
 * `encodeStream` — must rebuild Go's bytes exactly from the same state: compress wrapper (str16
 * `Buf`), LZW codes growing to 10 bits with Go's leading clear and trailing end code, the
 * push/pull header and every pushNodeState (4-byte Addr, fixstr/str16 family, Go's key order).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeTags } from '../../src/index.js';
import { MessageType, NodeStateType, encodeStream } from '../../src/wire/index.js';
import { pushNodeStates } from '../../src/shell/member-messages.js';
import type { MemberRecord } from '../../src/core/membership/member-table.js';
import type { MemberState } from '../../src/core/membership/member.js';
import { unwrapPushPull } from '../helpers/push-pull-reply.js';

interface Capture {
  label: string;
  responder: string;
  hex: string;
}
const fixture = JSON.parse(
  readFileSync(new URL('../fixtures/go-live/pushpull-serf-tags-n10.json', import.meta.url), 'utf8'),
) as { captures: Capture[] };

const STATES: Record<number, MemberState> = {
  [NodeStateType.Alive]: 'alive',
  [NodeStateType.Suspect]: 'suspect',
  [NodeStateType.Dead]: 'dead',
  [NodeStateType.Left]: 'left',
};
const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

describe('push/pull replies of a Go memberlist peer with Serf-tag metadata (issue 11)', () => {
  it('the fixture holds both bench:cluster shapes', () => {
    expect(fixture.captures.map((c) => c.label)).toEqual([
      expect.stringContaining('stand-in tag ports'),
      expect.stringContaining('kernel-assigned tag ports'),
    ]);
  });

  it.each(fixture.captures.map((c) => [c.label, c] as const))(
    '%s: Ring rebuilds Go’s reply byte for byte from member records',
    (_, c) => {
      const raw = Buffer.from(c.hex, 'hex');
      const reply = unwrapPushPull(new Uint8Array(raw));
      const { nodes } = reply.pushPull;
      expect(nodes).toHaveLength(10);
      expect(nodes.map((n) => n.name)).toContain(c.responder);
      for (const n of nodes) {
        expect(n.state).toBe(NodeStateType.Alive);
        expect(n.addr).toEqual(new Uint8Array([127, 0, 0, 1]));
        expect(Object.keys(decodeTags(n.meta!))).toEqual(['ring.http']);
      }
      // Go's 15-byte compress wrapper: fixmap 2, Algo 0, Buf as str16.
      expect(hex(reply.raw.subarray(0, 15))).toMatch(/^0982a4416c676f00a3427566da[0-9a-f]{4}$/);

      const records: MemberRecord[] = nodes.map((n) => ({
        name: n.name,
        address: `127.0.0.1:${n.port}`,
        meta: n.meta!,
        vsn: n.vsn,
        state: STATES[n.state]!,
        incarnation: n.incarnation,
        stateChangeAt: 0,
        snapshot: undefined,
      }));
      const ours = encodeStream(
        {
          type: MessageType.PushPull,
          body: {
            join: reply.pushPull.join,
            nodes: pushNodeStates(records),
            userState: reply.pushPull.userState,
          },
        },
        { compress: true },
      );
      expect(ours.length).toBe(raw.length);
      expect(hex(ours)).toBe(c.hex);
    },
  );
});
