import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { systemClock } from './system-clock.js';

describe('systemClock (on vitest fake timers)', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('fires once after the delay, and not after cancel', () => {
    const fired: string[] = [];
    systemClock.setTimeout(() => fired.push('a'), 100);
    systemClock.setTimeout(() => fired.push('b'), 100).cancel();
    vi.advanceTimersByTime(99);
    expect(fired).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(fired).toEqual(['a']);
  });

  it('holds delays beyond the 2^31 − 1 ms a Node timer can, instead of firing after 1 ms', () => {
    const fired: number[] = [];
    const start = Date.now();
    const delay = 40 * 24 * 3600 * 1000; // 40 days
    systemClock.setTimeout(() => fired.push(Date.now() - start), delay);
    vi.advanceTimersByTime(2 ** 31);
    expect(fired).toEqual([]);
    vi.advanceTimersByTime(delay - 2 ** 31);
    expect(fired).toEqual([delay]);
  });

  it('cancels a long timer in the middle of its chain', () => {
    const fired: string[] = [];
    const handle = systemClock.setTimeout(() => fired.push('late'), 2 ** 32);
    vi.advanceTimersByTime(2 ** 31);
    handle.cancel();
    vi.advanceTimersByTime(2 ** 32);
    expect(fired).toEqual([]);
  });

  it('never fires a timer of Infinity ms; NaN and negative delays mean 0', () => {
    const fired: string[] = [];
    systemClock.setTimeout(() => fired.push('never'), Number.POSITIVE_INFINITY);
    systemClock.setTimeout(() => fired.push('nan'), Number.NaN);
    systemClock.setTimeout(() => fired.push('negative'), -1);
    vi.advanceTimersByTime(2 ** 40);
    expect(fired).toEqual(['nan', 'negative']);
  });
});
