import { describe, expect, it } from 'vitest';
import { runBroadcastDemo } from './broadcast-demo.js';

describe('broadcast demo (seed 001)', () => {
  it.each([1, 2])(
    'seed %i: every broadcast reaches every other node, and the timeline says so',
    async (seed) => {
      const lines: string[] = [];
      const result = await runBroadcastDemo({ seed, write: (l) => lines.push(l) });
      expect(result.sent.map((m) => `${m.key}=${m.value}`)).toEqual([
        'I am node2=0',
        'I am node3=1',
        'I am node2=2',
        'I am node3=3',
        'I am node2=4',
        'I am node3=5',
      ]);
      for (const node of ['node1', 'node2', 'node3']) {
        const expected = result.sent
          .filter((m) => m.from !== node)
          .map((m) => `${m.key}=${m.value}`)
          .sort();
        expect(result.received[node]!.map((m) => `${m.key}=${m.value}`).sort()).toEqual(expected);
      }
      const text = lines.join('\n');
      expect(text).toContain('info: broadcast nodes = 3');
      for (const m of result.sent) {
        expect(
          lines.filter((l) => l.includes(`send broadcast msg: key=${m.key} value=${m.value}`)),
        ).toHaveLength(1);
        // Printed once by each of the two nodes that did not send it.
        expect(
          lines.filter((l) => l.includes(`received broadcast msg: key=${m.key} value=${m.value}`)),
        ).toHaveLength(2);
      }
      expect(lines.at(-1)).toMatch(
        /^sent 6 broadcasts; node1 received 6, node2 received 3, node3 received 3; duplicate receipts suppressed: \d+$/,
      );
    },
  );
});
