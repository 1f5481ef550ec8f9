import { describe, expect, it } from 'vitest';
import { createRing } from '../ring/create-ring.js';
import { explainKey } from './explain-key.js';
import { VnodeRing, vnodeToken } from '../token-rings/vnode-ring.js';

describe('explainKey', () => {
  const names = ['node-1', 'node-2', 'node-3'];
  const ring = VnodeRing.from(names, { vnodesPerWeight: 16 });
  // Every token on the ring, computed independently from the vnode labels.
  const all = names.flatMap((name) =>
    Array.from({ length: 16 }, (_, i) => ({ name, token: vnodeToken(name, i, 0) })),
  );

  it('names the first token at or after the key position, its vnode, and the arc around it', () => {
    for (let k = 0; k < 200; k++) {
      const key = `user:${k}`;
      const x = explainKey(ring, key, 2);
      expect(x.position).toBe(ring.positionOf(key));
      expect(x.owner).toBe(ring.getNode(key));
      expect(x.owners).toEqual(ring.getNodes(key, 2));
      expect(x.weights).toEqual([1, 1]);
      const p = x.point!;
      expect(vnodeToken(x.owner!, p.vnode, 0)).toBe(p.token);
      const later = all.filter((t) => t.token >= x.position);
      if (later.length === 0) {
        expect(p.wrapped).toBe(true);
        expect(p.token).toBe(Math.min(...all.map((t) => t.token)));
      } else {
        expect(p.wrapped).toBe(false);
        expect(p.token).toBe(Math.min(...later.map((t) => t.token)));
        expect(p.token).toBeLessThanOrEqual(x.arc!.end);
      }
      expect(x.arc!.start).toBeLessThanOrEqual(x.position);
      expect(x.arc!.end).toBeGreaterThanOrEqual(x.position);
      expect(ring.getNodeAt(x.arc!.start)).toBe(x.owner);
      expect(ring.getNodeAt(x.arc!.end)).toBe(x.owner);
    }
  });

  it('caps replicas at the ring size, and explains an empty ring without inventing an owner', () => {
    expect(explainKey(ring, 'k', 10).owners).toHaveLength(3);
    const empty = explainKey(VnodeRing.from([]), 'k');
    expect(empty).toMatchObject({ owner: undefined, arc: null, point: null, owners: [] });
  });

  it('works for algorithms without arcs (rendezvous): owner and rule, no arc or point', () => {
    const r = createRing(names, { algorithm: 'rendezvous' });
    const x = explainKey(r, 'user:1', 3);
    expect(x.owner).toBe(r.getNode('user:1'));
    expect(x.arc).toBeNull();
    expect(x.point).toBeNull();
    expect(x.rule).toMatch(/rendezvous/);
  });
});
