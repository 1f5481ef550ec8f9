import { describe, expect, it } from 'vitest';
import { isRingError } from '@ring/transport';
import { parseImpairSpec, udpPayloadForMtu } from './impair-spec.js';

describe('parseImpairSpec', () => {
  it('reads every key, defaults the rest', () => {
    expect(parseImpairSpec('delay=50,jitter=10,loss=0.05', 'cli')).toEqual({
      delayMs: 50,
      jitterMs: 10,
      loss: 0.05,
      seed: undefined,
      mtu: undefined,
    });
    expect(parseImpairSpec(' seed=7 , mtu=1280 ', 'cli')).toEqual({
      delayMs: 0,
      jitterMs: 0,
      loss: 0,
      seed: 7,
      mtu: 1280,
    });
  });

  it.each([
    ['', 'no fault given'],
    ['delay', "'delay' needs a number"],
    ['delay=abc', "'delay' needs a number"],
    ['lag=5', "unknown key 'lag'"],
    ['delay=5,delay=6', "'delay' given twice"],
    ['delay=-1', 'outside'],
    ['loss=1.5', 'outside 0..1'],
    ['seed=1.5', 'not a non-negative integer'],
    ['mtu=100', 'outside 576..65535'],
  ])('%j is ERR_USAGE (%s)', (text, why) => {
    let error: unknown;
    try {
      parseImpairSpec(text, 'from the command line');
    } catch (e) {
      error = e;
    }
    expect(isRingError(error, 'ERR_USAGE')).toBe(true);
    expect((error as Error).message).toContain(why);
    expect((error as Error).message).toContain('--impair');
    expect((error as Error).message).toContain('from the command line');
  });

  it('udpPayloadForMtu subtracts the IP and UDP headers', () => {
    expect(udpPayloadForMtu(1280, false)).toBe(1252);
    expect(udpPayloadForMtu(1280, true)).toBe(1232);
    expect(udpPayloadForMtu(1500, false)).toBe(1472);
  });
});
