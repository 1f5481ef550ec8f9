import { describe, expect, it } from 'vitest';
import { HttpPool } from './http-pool.js';

describe('HttpPool', () => {
  it('routes keys to peers by consistent hashing and serves its own keys locally', () => {
    const pool = new HttpPool('http://a');
    expect(pool.pickPeer('k')).toBeUndefined();
    pool.set('http://b', 'http://a', 'http://c');
    expect(pool.peers()).toEqual(['http://a', 'http://b', 'http://c']);
    const owners = new Map<string, string | undefined>();
    for (let i = 0; i < 300; i++) owners.set(`key${i}`, pool.pickPeer(`key${i}`));
    const values = [...owners.values()];
    expect(values.filter((v) => v === undefined).length).toBeGreaterThan(30);
    expect(values.filter((v) => v === 'http://b').length).toBeGreaterThan(30);
    expect(values.filter((v) => v === 'http://c').length).toBeGreaterThan(30);
    // Removing c moves only c's keys.
    pool.set('http://a', 'http://b');
    for (const [key, before] of owners) {
      if (before !== 'http://c') expect(pool.pickPeer(key)).toBe(before);
      else expect(pool.pickPeer(key) === undefined || pool.pickPeer(key) === 'http://b').toBe(true);
    }
    expect(pool.sets).toBe(2);
  });
});
