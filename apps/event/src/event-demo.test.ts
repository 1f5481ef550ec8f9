import { describe, expect, it } from 'vitest';
import { VnodeRing } from '@ring/hashring';
import { DEMO_KEYS, runEventDemo } from './event-demo.js';

/** The text in each printed timeline row, by node column (`node1`, `node2`, `node3`). */
function cells(lines: readonly string[]): { node: string; text: string }[] {
  const out: { node: string; text: string }[] = [];
  for (const line of lines) {
    const parts = line.split(' | ');
    if (parts.length < 2 || !/^\s*\d+\.\d{3}s$/.test(parts[0]!)) continue;
    parts.slice(1).forEach((cell, i) => {
      if (cell.trim() !== '') out.push({ node: `node${i + 1}`, text: cell.trim() });
    });
  }
  return out;
}

describe('event demo (seed 000)', () => {
  it.each([1, 4])(
    'seed %i: sizes grow 1→2→3, searches match the ring of the members each node knows, moves match the ring',
    async (seed) => {
      const lines: string[] = [];
      const result = await runEventDemo({ seed, write: (l) => lines.push(l) });
      const said = cells(lines);
      const sizes = (node: string) =>
        said
          .filter((c) => c.node === node && c.text.startsWith('current node size:'))
          .map((c) => Number(c.text.split(': ')[1]));
      expect(sizes('node1')).toEqual([1, 2, 3]);
      expect(sizes('node2')).toEqual([2, 3]);
      expect(sizes('node3')).toEqual([3]);

      const { node1: a1, node2: a2, node3: a3 } = result.addresses as Record<string, string>;
      // node2 saw node1 join, node3 saw both, node1 saw both newcomers.
      expect(
        said
          .filter((c) => c.text.startsWith('join '))
          .map((c) => `${c.node} ${c.text}`)
          .sort(),
      ).toEqual(
        [
          `node1 join ${a2}`,
          `node1 join ${a3}`,
          `node2 join ${a1}`,
          `node2 join ${a3}`,
          `node3 join ${a1}`,
          `node3 join ${a2}`,
        ].sort(),
      );

      // Every search answer is what a ring over the members that node knew at that moment says.
      const rings = [
        VnodeRing.from([a1!]),
        VnodeRing.from([a1!, a2!]),
        VnodeRing.from([a1!, a2!, a3!]),
      ];
      let size = 0;
      const sizeOf: Record<string, number> = {};
      for (const c of said) {
        if (c.text.startsWith('current node size:'))
          sizeOf[c.node] = size = Number(c.text.split(': ')[1]);
        const m = /^(node\d) search (\w+) => (.+)$/.exec(c.text);
        if (m === null) continue;
        expect(m[1]).toBe(c.node);
        expect(m[3]).toBe(rings[sizeOf[c.node]! - 1]!.getNode(m[2]!));
      }
      expect(size).toBeGreaterThan(0);

      // Final placements and move counts are the ring's: a key only ever moves to a newcomer.
      for (const key of DEMO_KEYS) {
        const expected = rings
          .map((r) => r.getNode(key)!)
          .filter((o, i, all) => i === 0 || all[i - 1] !== o);
        const history = result.keys.find((k) => k.key === key)!;
        expect(history.owners).toEqual(expected);
        expect(history.moves).toBe(expected.length - 1);
        const summary = lines.find((l) => l.startsWith(`${key.padEnd(5)} => `));
        expect(summary).toBe(
          `${key.padEnd(5)} => ${expected.at(-1)!} (moved ${expected.length - 1} time${expected.length === 2 ? '' : 's'}: ${expected.join(' -> ')})`,
        );
      }
    },
  );
});
