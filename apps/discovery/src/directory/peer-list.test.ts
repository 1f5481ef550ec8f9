import { describe, expect, it } from 'vitest';
import { PeerList } from './peer-list.js';

const m = (name: string, state = 'alive', service = 'cache') => ({
  name,
  state,
  tags: { service, url: `http://${name}` },
});

describe('PeerList', () => {
  it('tracks the sorted URLs of live members of one service and reports only changes', () => {
    const list = new PeerList('cache');
    list.reset([
      m('c2'),
      m('c1'),
      m('db1', 'alive', 'db'),
      { name: 'x', state: 'alive', tags: { service: 'cache' } },
    ]);
    expect(list.changed()).toEqual(['http://c1', 'http://c2']);
    expect(list.changed()).toBeUndefined();
    list.apply('join', m('c3'));
    expect(list.changed()).toEqual(['http://c1', 'http://c2', 'http://c3']);
    list.apply('suspect', m('c3', 'suspect'));
    expect(list.changed()).toBeUndefined();
    list.apply('leave', m('c2', 'left'));
    expect(list.changed()).toEqual(['http://c1', 'http://c3']);
    list.apply('update', m('c1', 'alive', 'db'));
    expect(list.changed()).toEqual(['http://c3']);
    list.reset([m('c3')]);
    expect(list.changed()).toBeUndefined();
  });
});
