import { describe, expect, it } from 'vitest';
import { formatEventLine, formatEventText, leaveState } from './event-lines.js';

describe('event lines', () => {
  it('formats every kind as one JSON line and the membership kinds as text', () => {
    expect(formatEventLine({ event: 'leave', name: 'b', state: 'dead', count: 1, t: 5 })).toBe(
      '{"event":"leave","name":"b","state":"dead","count":1,"t":5}\n',
    );
    expect(formatEventLine({ event: 'acquire', partition: 3, replica: 1, from: null, t: 2 })).toBe(
      '{"event":"acquire","partition":3,"replica":1,"from":null,"t":2}\n',
    );
    expect(formatEventText({ event: 'ready', name: 'a', count: 1, t: 0 })).toBe(
      'a: ready, 1 member\n',
    );
    expect(
      formatEventText({ event: 'join', name: 'b', addr: '1.2.3.4:7946', count: 2, t: 0 }),
    ).toBe('join b 1.2.3.4:7946 (2 members)\n');
    expect(formatEventText({ event: 'update', name: 'b', state: 'suspect', t: 0 })).toBe(
      'update b is suspect\n',
    );
    expect(formatEventText({ event: 'left', t: 0 })).toBe('left the cluster\n');
    expect(formatEventText({ event: 'members', count: 3, t: 0 })).toBeUndefined();
    expect(
      formatEventText({ event: 'release', partition: 0, replica: 0, to: 'b', t: 0 }),
    ).toBeUndefined();
  });

  it('maps removal states to dead or left', () => {
    expect(leaveState('left')).toBe('left');
    expect(leaveState('dead')).toBe('dead');
    expect(leaveState('suspect')).toBe('dead');
  });
});
