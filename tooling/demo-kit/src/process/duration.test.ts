import { describe, expect, it } from 'vitest';
import { formatDuration, parseDuration } from './duration.js';

describe('parseDuration', () => {
  it.each([
    ['1s', 1000],
    ['250ms', 250],
    ['1.5s', 1500],
    ['2m', 120_000],
    [' 3s ', 3000],
  ])('%s is %i ms', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
    expect(parseDuration(formatDuration(ms))).toBe(ms);
  });

  it.each(['', '1', 'fast', '-1s', '0s', '0.1ms', '1h', '25m0s', '2000m'])(
    'refuses %j with ERR_USAGE',
    (text) => {
      expect(() => parseDuration(text)).toThrow(expect.objectContaining({ code: 'ERR_USAGE' }));
    },
  );
});
