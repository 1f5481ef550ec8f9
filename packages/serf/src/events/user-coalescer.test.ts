import { describe, expect, it } from 'vitest';
import { VirtualClock } from '@ring/base';
import type { SerfUserEvent } from './events.js';
import { UserEventCoalescer } from './user-coalescer.js';

const ev = (name: string, ltime: number, coalesce = true, p = ''): SerfUserEvent => ({
  name,
  ltime,
  coalesce,
  payload: new TextEncoder().encode(p),
});

describe('UserEventCoalescer', () => {
  it('keeps only the latest Lamport time per name and flushes after the quiescent period', () => {
    const clock = new VirtualClock(0);
    const out: string[] = [];
    const c = new UserEventCoalescer(clock, 1_000, 100, (e) => out.push(`${e.name}@${e.ltime}`));
    c.add(ev('deploy', 1));
    c.add(ev('deploy', 3));
    c.add(ev('deploy', 2)); // older than the held one: dropped
    c.add(ev('restart', 5, true, 'a'));
    c.add(ev('restart', 5, true, 'b')); // same time: both kept
    c.add(ev('now', 9, false)); // not coalescable: passes at once
    expect(out).toEqual(['now@9']);
    expect(c.pending).toBe(3);
    clock.advance(99);
    expect(out).toEqual(['now@9']);
    clock.advance(1);
    expect(out).toEqual(['now@9', 'deploy@3', 'restart@5', 'restart@5']);
    expect(c.pending).toBe(0);
  });

  it('flushes after the coalesce period even while events keep arriving', () => {
    const clock = new VirtualClock(0);
    const out: number[] = [];
    const c = new UserEventCoalescer(clock, 500, 100, (e) => out.push(e.ltime));
    for (let t = 1; t <= 8; t++) {
      c.add(ev('tick', t));
      clock.advance(80); // never quiet for 100 ms
    }
    expect(out).toEqual([7]); // the 500 ms quantum ended the first batch (ltimes 1–7) at t = 500
    clock.advance(100);
    expect(out).toEqual([7, 8]);
  });
});
