import { describe, expect, it } from 'vitest';
import { VirtualClock } from './virtual-clock.js';

describe('VirtualClock', () => {
  it('never fires a timer of Infinity ms, nor counts it as pending; NaN and negative delays mean 0', () => {
    const clock = new VirtualClock(0);
    const fired: string[] = [];
    clock.setTimeout(() => fired.push('never'), Number.POSITIVE_INFINITY).cancel();
    clock.setTimeout(() => fired.push('never'), Number.POSITIVE_INFINITY);
    clock.setTimeout(() => fired.push('nan'), Number.NaN);
    clock.setTimeout(() => fired.push('negative'), -5);
    expect(clock.pending).toBe(2);
    expect(clock.runAll()).toBe(2);
    expect(fired).toEqual(['nan', 'negative']);
    expect(clock.now()).toBe(0);
  });

  it('starts at the given epoch and only moves when advanced', () => {
    const clock = new VirtualClock(1_700_000_000_000);
    expect(clock.now()).toBe(1_700_000_000_000);
    clock.advance(250);
    expect(clock.now()).toBe(1_700_000_000_250);
  });

  it('runs due timers in time order, equal times in scheduling order, at their due time', () => {
    const clock = new VirtualClock(0);
    const log: string[] = [];
    clock.setTimeout(() => log.push(`c@${clock.now()}`), 30);
    clock.setTimeout(() => log.push(`a@${clock.now()}`), 10);
    clock.setTimeout(() => log.push(`b1@${clock.now()}`), 20);
    clock.setTimeout(() => log.push(`b2@${clock.now()}`), 20);
    clock.setTimeout(() => log.push(`late@${clock.now()}`), 31);
    clock.advance(30);
    expect(log).toEqual(['a@10', 'b1@20', 'b2@20', 'c@30']);
    expect(clock.now()).toBe(30);
    expect(clock.pending).toBe(1);
  });

  it('runs timers scheduled by callbacks during advance when they fall due', () => {
    const clock = new VirtualClock(0);
    const log: number[] = [];
    clock.setTimeout(() => {
      log.push(clock.now());
      clock.setTimeout(() => log.push(clock.now()), 0);
      clock.setTimeout(() => log.push(clock.now()), 5);
      clock.setTimeout(() => log.push(clock.now()), 50);
    }, 10);
    clock.advance(20);
    expect(log).toEqual([10, 10, 15]);
    clock.advance(40);
    expect(log).toEqual([10, 10, 15, 60]);
  });

  it('cancel prevents the callback; cancelling twice or after firing is a no-op', () => {
    const clock = new VirtualClock();
    let fired = 0;
    const t = clock.setTimeout(() => fired++, 5);
    const u = clock.setTimeout(() => fired++, 5);
    t.cancel();
    t.cancel();
    expect(clock.pending).toBe(1);
    clock.advance(5);
    u.cancel();
    expect(fired).toBe(1);
    expect(clock.pending).toBe(0);
  });

  it('clamps negative and NaN delays to 0', () => {
    const clock = new VirtualClock(100);
    const at: number[] = [];
    clock.setTimeout(() => at.push(clock.now()), -5);
    clock.setTimeout(() => at.push(clock.now()), Number.NaN);
    clock.advance(0);
    expect(at).toEqual([100, 100]);
  });

  it('next() runs one timer and jumps to it; runAll drains; runAll guards runaways', () => {
    const clock = new VirtualClock();
    let n = 0;
    clock.setTimeout(() => n++, 100);
    clock.setTimeout(() => n++, 200);
    expect(clock.nextAt()).toBe(100);
    expect(clock.next()).toBe(true);
    expect(clock.now()).toBe(100);
    expect(clock.runAll()).toBe(1);
    expect(n).toBe(2);
    expect(clock.next()).toBe(false);
    const loop = (): void => void clock.setTimeout(loop, 1);
    loop();
    expect(() => clock.runAll({ maxTimers: 50 })).toThrow(
      expect.objectContaining({ code: 'ERR_TIMEOUT' }),
    );
  });

  it('runUntil stops as soon as the predicate holds, or at the deadline', () => {
    const clock = new VirtualClock();
    let count = 0;
    for (let i = 1; i <= 10; i++) clock.setTimeout(() => count++, i * 10);
    expect(clock.runUntil(() => count >= 3, { maxMs: 1000 })).toBe(true);
    expect(clock.now()).toBe(30);
    expect(clock.runUntil(() => count >= 100, { maxMs: 25 })).toBe(false);
    expect(clock.now()).toBe(55);
    expect(count).toBe(5);
  });

  it('advanceAsync and runUntilAsync let promise chains settle between timers', async () => {
    const clock = new VirtualClock();
    const log: number[] = [];
    const sleep = (ms: number): Promise<void> => new Promise((r) => clock.setTimeout(r, ms));
    const task = async (): Promise<void> => {
      await sleep(10);
      log.push(clock.now());
      await sleep(10);
      log.push(clock.now());
    };
    void task();
    await clock.advanceAsync(25);
    expect(log).toEqual([10, 20]);
    void task();
    expect(await clock.runUntilAsync(() => log.length === 4, { maxMs: 100 })).toBe(true);
    expect(log).toEqual([10, 20, 35, 45]);
  });

  it('rejects bad arguments with typed errors', () => {
    expect(() => new VirtualClock(Number.NaN)).toThrow(
      expect.objectContaining({ code: 'ERR_INVALID_OPTION' }),
    );
    const clock = new VirtualClock();
    expect(() => clock.advance(-1)).toThrow(
      expect.objectContaining({ code: 'ERR_INVALID_OPTION' }),
    );
    expect(() => clock.advance(Number.POSITIVE_INFINITY)).toThrow(
      expect.objectContaining({ code: 'ERR_INVALID_OPTION' }),
    );
  });
});

describe('VirtualClock.runUntilSettled', () => {
  it('runs timers until the promise settles and returns its value at that virtual time', async () => {
    const clock = new VirtualClock(0);
    const value = new Promise<string>((resolve) =>
      clock.setTimeout(() => {
        resolve('done');
      }, 250),
    );
    await expect(clock.runUntilSettled(value, { maxMs: 1_000 })).resolves.toBe('done');
    expect(clock.now()).toBe(250);
  });

  it('passes a rejection on', async () => {
    const clock = new VirtualClock(0);
    const failing = new Promise<never>((_, reject) =>
      clock.setTimeout(() => {
        reject(new Error('boom'));
      }, 10),
    );
    await expect(clock.runUntilSettled(failing, { maxMs: 100 })).rejects.toThrow('boom');
  });

  it('gives up with ERR_TIMEOUT after maxMs of virtual time', async () => {
    const clock = new VirtualClock(0);
    const never = new Promise<void>(() => undefined);
    await expect(clock.runUntilSettled(never, { maxMs: 500 })).rejects.toMatchObject({
      code: 'ERR_TIMEOUT',
    });
    expect(clock.now()).toBe(500);
  });
});
