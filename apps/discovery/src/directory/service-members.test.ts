import { describe, expect, it } from 'vitest';
import { ServiceMembers } from './service-members.js';

const m = (name: string, state = 'alive', service = 'cache') => ({
  name,
  state,
  tags: { service, url: `http://${name}` },
});

describe('ServiceMembers', () => {
  it('follows providers of one service and says who joined, left and failed', () => {
    const s = new ServiceMembers('cache');
    expect(s.take()).toBeUndefined();
    s.apply('join', m('b'));
    s.apply('join', m('a'));
    s.apply('join', m('db', 'alive', 'db'));
    s.apply('join', { name: 'x', state: 'alive', tags: { service: 'cache' } });
    expect(s.take()).toEqual({
      providers: [
        { name: 'a', url: 'http://a' },
        { name: 'b', url: 'http://b' },
      ],
      joined: ['a', 'b'],
      gone: [],
    });
    expect(s.take()).toBeUndefined();
    s.apply('suspect', m('b', 'suspect'));
    expect(s.take()).toBeUndefined();
    s.apply('join', m('c'));
    s.apply('leave', m('a', 'left'));
    s.apply('leave', m('b', 'dead'));
    expect(s.take()).toEqual({
      providers: [{ name: 'c', url: 'http://c' }],
      joined: ['c'],
      gone: [
        { name: 'a', how: 'left' },
        { name: 'b', how: 'failed' },
      ],
    });
    s.apply('update', m('c', 'alive', 'db'));
    expect(s.take()).toEqual({ providers: [], joined: [], gone: [{ name: 'c', how: 'left' }] });
  });
});
