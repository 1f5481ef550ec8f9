import { describe, expect, it } from 'vitest';
import { Timeline } from './timeline.js';

describe('Timeline', () => {
  it('puts each line in its node column with the time', () => {
    const lines: string[] = [];
    const t = new Timeline(['node1', 'node2'], (l) => lines.push(l), 10);
    t.header();
    t.say('node2', 'hi', 1500);
    t.say('node1', 'yo', 0);
    expect(lines).toEqual([
      'time     | node1 says | node2 says',
      '---------+------------+-----------',
      '  1.500s |            | hi',
      '  0.000s | yo',
    ]);
    expect(() => t.say('node9', 'x', 0)).toThrow(/unknown timeline column/);
  });
});
