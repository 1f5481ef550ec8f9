import { describe, expect, it } from 'vitest';
import { VnodeRing } from '@ring/hashring';
import { KeyPlacer } from './key-placer.js';

describe('KeyPlacer', () => {
  it('answers like a vnode ring over the members it was told about, idempotently', () => {
    const p = new KeyPlacer('10.0.0.1:7946');
    expect(p.size).toBe(1);
    expect(p.search('hello')).toBe('10.0.0.1:7946');
    p.join('10.0.0.2:7946');
    p.join('10.0.0.2:7946');
    p.join('10.0.0.3:7946');
    expect(p.size).toBe(3);
    const ring = VnodeRing.from(['10.0.0.1:7946', '10.0.0.2:7946', '10.0.0.3:7946']);
    for (const key of ['hello', 'world', 'foo', 'bar'])
      expect(p.search(key)).toBe(ring.getNode(key));
    p.leave('10.0.0.3:7946');
    p.leave('10.0.0.3:7946');
    expect(p.size).toBe(2);
    p.leave('10.0.0.1:7946');
    p.leave('10.0.0.2:7946');
    expect(p.search('hello')).toBe('(none)');
  });
});
