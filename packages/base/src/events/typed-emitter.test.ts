import { describe, expect, it } from 'vitest';
import { TypedEmitter } from './typed-emitter.js';

interface Events {
  tick: (n: number) => void;
  done: () => void;
}

describe('TypedEmitter', () => {
  it('calls listeners in order, once-listeners once, and honours off', () => {
    const e = new TypedEmitter<Events>(() => undefined);
    const seen: string[] = [];
    const a = (n: number): void => {
      seen.push(`a${n}`);
    };
    e.on('tick', a);
    e.once('tick', (n) => seen.push(`once${n}`));
    e.emit('tick', 1);
    e.emit('tick', 2);
    e.off('tick', a);
    e.emit('tick', 3);
    expect(seen).toEqual(['a1', 'once1', 'a2']);
    expect(e.listenerCount('tick')).toBe(0);
  });

  it('a once-registration removes itself, not a later on() of the same function', () => {
    const e = new TypedEmitter<Events>(() => undefined);
    const seen: number[] = [];
    const fn = (n: number): void => {
      seen.push(n);
    };
    e.once('tick', fn);
    e.on('tick', fn);
    e.emit('tick', 1);
    e.emit('tick', 2);
    expect(seen).toEqual([1, 1, 2]);
    expect(e.listenerCount('tick')).toBe(1);
  });

  it('routes a throwing listener to onListenerError and keeps calling the others', () => {
    const errors: unknown[] = [];
    const e = new TypedEmitter<Events>((err) => errors.push(err));
    let reached = false;
    e.on('done', () => {
      throw new Error('bad listener');
    });
    e.on('done', () => {
      reached = true;
    });
    e.emit('done');
    expect(reached).toBe(true);
    expect(errors).toEqual([new Error('bad listener')]);
    e.removeAllListeners();
    expect(e.listenerCount('done')).toBe(0);
  });
});
