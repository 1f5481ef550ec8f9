import { describe, expect, it } from 'vitest';
import { staticMembership } from './membership.js';

interface Node {
  name: string;
  tags?: Record<string, string>;
}

describe('staticMembership', () => {
  it('reports join, update and leave, and lists current members', () => {
    const source = staticMembership<Node>([{ name: 'a' }]);
    const seen: string[] = [];
    const on = (event: string) => (m: Node) => seen.push(`${event} ${m.name}`);
    const join = on('join');
    source.on('join', join);
    source.on('leave', on('leave'));
    source.on('update', on('update'));
    source.join({ name: 'b' });
    source.join({ name: 'b', tags: { x: '1' } }); // known name: an update
    source.update({ name: 'a', tags: { y: '2' } });
    source.leave('a');
    source.leave('nobody');
    source.off('join', join);
    source.join({ name: 'c' });
    expect(seen).toEqual(['join b', 'update b', 'update a', 'leave a']);
    expect([...source.members()]).toEqual([{ name: 'b', tags: { x: '1' } }, { name: 'c' }]);
  });

  it('rejects nameless members and updates of unknown ones with ERR_INVALID_MEMBER', () => {
    expect(() => staticMembership([{ name: '' }])).toThrow(
      expect.objectContaining({ code: 'ERR_INVALID_MEMBER' }),
    );
    const source = staticMembership<Node>();
    expect(() => source.join({} as Node)).toThrow(
      expect.objectContaining({ code: 'ERR_INVALID_MEMBER' }),
    );
    expect(() => source.update({ name: 'ghost' })).toThrow(
      expect.objectContaining({ code: 'ERR_INVALID_MEMBER' }),
    );
  });

  it('runs every listener, then rethrows the first listener error to the caller', () => {
    const source = staticMembership<Node>();
    const seen: string[] = [];
    source.on('join', () => {
      throw new Error('boom');
    });
    source.on('join', (m) => seen.push(m.name));
    expect(() => source.join({ name: 'a' })).toThrow('boom');
    expect(seen).toEqual(['a']);
    expect([...source.members()].map((m) => m.name)).toEqual(['a']);
  });

  it('still rethrows a listener error when a later listener changed the source meanwhile', () => {
    const source = staticMembership<Node>();
    source.on('join', (m) => {
      if (m.name === 'a') throw new Error('boom');
    });
    source.on('join', (m) => {
      if (m.name === 'a') source.join({ name: 'b' });
    });
    expect(() => source.join({ name: 'a' })).toThrow('boom');
    expect([...source.members()].map((m) => m.name)).toEqual(['a', 'b']);
  });
});
