import { VnodeRing } from '@ring/hashring';
import { describe, expect, it } from 'vitest';
import { excludedMembers, ringView } from './explain-key.js';

const m = (name: string, state: 'alive' | 'suspect' | 'dead' | 'left', tags = {}) => ({
  name,
  address: '127.0.0.1:1',
  state,
  incarnation: 1,
  tags,
});

describe('excludedMembers', () => {
  it('names dead/left members and watch-tag mismatches (missing tag or wrong value), sorted', () => {
    const out = excludedMembers(
      [
        m('d', 'dead', { role: 'db' }),
        m('a', 'alive', { role: 'db' }),
        m('c', 'suspect', {}),
        m('b', 'alive', { role: 'web' }),
        m('e', 'left', { role: 'web' }),
      ],
      { role: /^db$/ },
    );
    expect(out).toEqual([
      {
        name: 'b',
        state: 'alive',
        reasons: ['watch-tag-mismatch'],
        detail: 'tag role="web" does not match /^db$/',
      },
      {
        name: 'c',
        state: 'suspect',
        reasons: ['watch-tag-mismatch'],
        detail: 'no tag role (watch role=/^db$/)',
      },
      { name: 'd', state: 'dead', reasons: ['not-alive'], detail: 'state dead' },
      {
        name: 'e',
        state: 'left',
        reasons: ['not-alive', 'watch-tag-mismatch'],
        detail: 'state left; tag role="web" does not match /^db$/',
      },
    ]);
    expect(excludedMembers([m('a', 'suspect')], {})).toEqual([]);
  });
});

describe('ringView', () => {
  it('arcs cover the whole circle without gaps, each owned by the node that owns its positions', () => {
    const ring = VnodeRing.from(['n1', 'n2', 'n3']);
    const view = ringView(ring);
    expect(view.nodes.map((n) => n.name)).toEqual(['n1', 'n2', 'n3']);
    expect(view.arcs[0]!.start).toBe(0);
    expect(view.arcs[view.arcs.length - 1]!.end).toBe(2 ** 32 - 1);
    for (let i = 1; i < view.arcs.length; i++)
      expect(view.arcs[i]!.start).toBe(view.arcs[i - 1]!.end + 1);
    for (const a of view.arcs) {
      expect(ring.getNodeAt(a.start)).toBe(a.owner);
      expect(ring.getNodeAt(a.end)).toBe(a.owner);
    }
    expect(ringView(VnodeRing.from([])).arcs).toEqual([]);
  });
});
